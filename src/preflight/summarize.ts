import { CHECKS } from './types.js'
import type { CheckName, CheckResult, Finding, Skipped, Summary } from './types.js'

/**
 * The verdict and a line per check: failed on any error; else incomplete when some check could
 * not run; else passed (warnings do not fail).
 */
export function summarize(
  findings: readonly Finding[],
  ranChecks: readonly CheckName[],
  skipped: readonly Skipped[]
): Summary {
  const checks: CheckResult[] = []
  for (const check of CHECKS) {
    const own = findings.filter((f) => f.check === check)
    const reasons = skipped.filter((s) => s.check === check).map((s) => s.reason)
    if (!ranChecks.includes(check) && reasons.length === 0 && own.length === 0) continue
    const errors = own.filter((f) => f.severity === 'error').length
    const warnings = own.length - errors
    const result = errors ? 'failed' : reasons.length ? 'skipped' : warnings ? 'warning' : 'passed'
    checks.push({
      check,
      result,
      errors,
      warnings,
      ...(reasons.length ? { reason: reasons.join(' ') } : {})
    })
  }
  const errors = checks.reduce((n, c) => n + c.errors, 0)
  const warnings = checks.reduce((n, c) => n + c.warnings, 0)
  const verdict = errors ? 'failed' : skipped.length ? 'incomplete' : 'passed'
  return { verdict, checks, errors, warnings }
}
