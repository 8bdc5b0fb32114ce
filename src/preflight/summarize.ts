import type { CheckName, Finding, Skipped, Summary } from './types.js'

/** The verdict: failed on any error; else incomplete when a check was skipped; else passed. */
export function summarize(
  findings: readonly Finding[],
  ranChecks: readonly CheckName[],
  skipped: readonly Skipped[]
): Summary {
  throw new Error('not yet: ' + findings.length + ranChecks.length + skipped.length)
}
