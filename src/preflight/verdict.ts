// What the pre-flight checks of one run came to, and whether the import may be created: decided
// here alone, for the data checks and the import mode check alike. Pure.
import { checkIncremental } from './mode.js'
import { summarize } from './summarize.js'
import type { CheckName, Finding, ImportMode, Skipped, Summary } from './types.js'

export const PREFLIGHT_MODES = ['auto', 'strict', 'off'] as const
export type PreflightMode = (typeof PREFLIGHT_MODES)[number]

/** What the checks found, before the verdict. */
export interface Checked {
  findings: Finding[]
  ran: CheckName[]
  skipped: Skipped[]
  /** What the location check found, e.g. "s3://b/f/: 3 objects, 12.4 MB in total." */
  found?: string
}

export interface Preflight extends Checked {
  mode: Exclude<PreflightMode, 'off'>
  location: string
  /** How long the reads and checks took. */
  seconds: number
  summary: Summary
  /** The import must not be created: a check failed, or (strict) one could not run. */
  refused: boolean
}

export function conclude(
  checked: Checked,
  o: { mode: Preflight['mode']; location: string; seconds: number }
): Preflight {
  const summary = summarize(checked.findings, checked.ran, checked.skipped)
  const refused =
    summary.verdict === 'failed' || (o.mode === 'strict' && checked.skipped.length > 0)
  return { ...checked, ...o, summary, refused }
}

/**
 * The import mode check, on the import list the busy check read: INCREMENTAL needs an earlier
 * ACTIVE import. hadActiveImport is undefined when the list could not be read.
 */
export function withImportMode(
  checked: Checked,
  importMode: ImportMode,
  hadActiveImport: boolean | undefined
): Checked {
  if (importMode !== 'INCREMENTAL') return checked
  if (hadActiveImport === undefined) {
    return {
      ...checked,
      skipped: [
        ...checked.skipped,
        {
          check: 'mode',
          reason:
            'The import mode could not be checked: INCREMENTAL needs an earlier ACTIVE import, and ListDatasetImportJobs was refused (grant personalize:ListDatasetImportJobs).'
        }
      ]
    }
  }
  return {
    ...checked,
    ran: [...checked.ran, 'mode'],
    findings: [...checked.findings, ...checkIncremental({ importMode, hadActiveImport })]
  }
}
