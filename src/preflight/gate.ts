// Where the run meets the pre-flight checks. Small on purpose: main.ts imports it on every run,
// and the checks themselves (with @aws-sdk/client-s3 and csv-parse) load only when they run.
import * as core from '../report/log.js'
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import type { Config } from '../inputs/config.js'
import type { Deadline } from '../aws/deadline.js'
import { summaryHtml } from '../report/summary.js'
import { reportNotCreated } from '../report/report.js'
import { checkIncremental } from './mode.js'

export interface PreflightOptions {
  config: Config
  client: PersonalizeClient
  /** Every read goes through it: the checks end at wait-timeout or on cancel. */
  deadline: Deadline
  /** What stopped the run, for messages. */
  why: () => string
}

/** Checks the data before anything is created; false when the import must not be created. */
export async function preflight(o: PreflightOptions): Promise<boolean> {
  if (o.config.preflight.mode === 'off') {
    core.setOutput('preflight', 'off')
    return true
  }
  const { runPreflight } = await import('./run.js')
  return runPreflight(o)
}

/**
 * The import mode check, on the import list the busy check reads: INCREMENTAL needs an earlier
 * ACTIVE import. hadActiveImport is undefined when the list could not be read. False when the
 * import must not be created.
 */
export async function checkImportMode(
  config: Config,
  hadActiveImport: boolean | undefined
): Promise<boolean> {
  const { mode } = config.preflight
  if (mode === 'off' || config.request.importMode !== 'INCREMENTAL') return true
  if (hadActiveImport === undefined) {
    core.setOutput('preflight', 'incomplete')
    if (mode === 'auto') return true
    const happened =
      'The import mode could not be checked: INCREMENTAL needs an earlier ACTIVE import, and ListDatasetImportJobs was refused. With preflight: strict a check that cannot run fails the step.'
    const advice = 'Grant personalize:ListDatasetImportJobs, or use preflight: auto.'
    core.error(`${happened} ${advice} No import job was created.`, {
      title: 'Pre-flight check could not run'
    })
    process.exitCode = 1
    reportNotCreated(`${happened} No import job was created.`, advice)
    return false
  }
  const findings = checkIncremental({ importMode: 'INCREMENTAL', hadActiveImport })
  const errors = findings.filter((f) => f.severity === 'error')
  if (!errors.length) return true
  for (const f of errors)
    core.error(`${f.message}\nNo import job was created.`, { title: 'Pre-flight check failed' })
  core.setOutput('preflight', 'failed')
  process.exitCode = 1
  core.appendSummary(
    summaryHtml({
      heading: 'Pre-flight import mode check: failed',
      header: ['Problem'],
      rows: errors.map((f) => [f.message])
    })
  )
  return false
}
