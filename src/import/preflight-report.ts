// What the user sees of the pre-flight checks: a log line per check, an annotation per problem
// (a few; the rest counted) and a job summary section. The preflight output is the reporter's.
import type { CheckName, CheckResult, Summary } from '../preflight/types.js'
import type { Preflight } from '../preflight/verdict.js'
import * as core from '../report/log.js'
import { summaryHtml } from '../report/summary.js'

/** Annotations of one level; the problems after these are counted in the last one. */
export const MAX_ANNOTATIONS = 5
/** Problems listed in the job summary; the rest are counted. */
export const MAX_LISTED = 50

const TITLE = {
  error: 'Pre-flight check failed',
  warning: 'Pre-flight check warning',
  skipped: 'Pre-flight check could not run'
}

const CHECK_LABEL: Record<CheckName, string> = {
  location: 'Data location',
  schema: 'Dataset schema',
  header: 'CSV header',
  rows: 'Sampled rows',
  mode: 'Import mode'
}

/** Shows the checks and their verdict. */
export function showPreflight(r: Preflight): void {
  const { summary, refused } = r
  const errors = r.findings.filter((f) => f.severity === 'error')
  const warnings = r.findings.filter((f) => f.severity === 'warning')

  if (r.found) core.info(r.found)
  const results = resultTexts(summary.checks)
  summary.checks.forEach((c, i) => core.info(`Pre-flight ${CHECK_LABEL[c.check]}: ${results[i]}`))
  annotate(
    'error',
    errors.map((f) => f.message),
    TITLE.error
  )
  annotate(
    'warning',
    warnings.map((f) => f.message),
    TITLE.warning
  )
  const reasons = [...new Set(r.skipped.map((s) => s.reason))].map((why) =>
    r.mode === 'strict'
      ? `${why}\nWith preflight: strict a check that cannot run fails the step. Grant the permission, or use preflight: auto to import without it.`
      : `${why}\nThe import goes ahead without this check (preflight: auto).`
  )
  annotate(r.mode === 'strict' ? 'error' : 'warning', reasons, TITLE.skipped)
  // A missing dataset or a first INCREMENTAL import fails with preflight: off too: not data to
  // import as it is.
  const notData = errors.some((f) => f.check === 'schema' || f.check === 'mode')
  const ending = !refused
    ? undefined
    : notData
      ? 'No import job was created: fix what the error names and run again.'
      : `No import job was created: fix the data${summary.verdict === 'failed' ? '' : ' or the permissions'} and run again, or set preflight: off to import it as it is.`
  core.info(
    `Pre-flight data check ${summary.verdict} in ${r.seconds.toFixed(1)} s.${ending ? ` ${ending}` : ''}`
  )
  writeSection(r, summary, ending)
}

/**
 * The pre-flight's header warnings when the import then failed on missing columns: the warning
 * named the cause, so the failure's advice points back to it.
 */
export function foretold(preflight: Preflight | undefined, reason: string): string | undefined {
  if (!preflight || !/missing the following columns/i.test(reason)) return undefined
  const warned = preflight.findings.filter((f) => f.severity === 'warning' && f.check === 'header')
  return warned.length ? warned.map((f) => f.message).join(' ') : undefined
}

/** At most MAX_ANNOTATIONS annotations; the last says how many more there are. */
function annotate(level: 'error' | 'warning', messages: string[], title: string): void {
  const shown = messages.slice(0, MAX_ANNOTATIONS)
  const more = messages.length - shown.length
  shown.forEach((message, i) => {
    const tail =
      more > 0 && i === shown.length - 1
        ? `\n(${more} more ${more === 1 ? 'problem' : 'problems'} of this kind: see the job summary.)`
        : ''
    core[level](message + tail, { title })
  })
}

/** Each check's result in words; a reason already given for another check is not repeated. */
function resultTexts(checks: CheckResult[]): string[] {
  const told = new Set<string>()
  return checks.map((c) => {
    if (c.result !== 'skipped') return resultText(c)
    const reason = c.reason ?? ''
    if (told.has(reason)) return 'could not run (the same reason)'
    told.add(reason)
    return resultText(c)
  })
}

function resultText(c: CheckResult): string {
  if (c.result === 'skipped') return `could not run: ${c.reason ?? ''}`
  const counts = [
    c.errors ? `${c.errors} ${c.errors === 1 ? 'error' : 'errors'}` : '',
    c.warnings ? `${c.warnings} ${c.warnings === 1 ? 'warning' : 'warnings'}` : ''
  ].filter(Boolean)
  return counts.length ? `${c.result} (${counts.join(', ')})` : c.result
}

const RESULT_ICON: Record<CheckResult['result'], string> = {
  passed: '✅',
  warning: '⚠️',
  failed: '❌',
  skipped: '⏭️'
}

function writeSection(r: Preflight, summary: Summary, ending: string | undefined): void {
  const results = resultTexts(summary.checks)
  // The reasons checks were skipped are in the table already.
  const problems = r.findings.map((f) => f.message)
  const listed = problems.slice(0, MAX_LISTED)
  if (problems.length > MAX_LISTED) listed.push(`and ${problems.length - MAX_LISTED} more`)
  core.appendSummary(
    summaryHtml({
      heading: `Pre-flight data check: ${summary.verdict}`,
      header: ['Check', 'Result'],
      rows: summary.checks.map((c, i) => [
        CHECK_LABEL[c.check],
        `${RESULT_ICON[c.result]} ${results[i]}`
      ]),
      notes: [...listed, r.found, ending].filter((n): n is string => Boolean(n))
    })
  )
}
