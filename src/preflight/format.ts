// Small text helpers shared by the checks' messages.
import { quote } from './quote.js'
import { RULES, type RuleId } from './rules.js'
import type { CheckName, Finding } from './types.js'

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB']

/** A byte count for people: "512 bytes", "1.5 MiB", "100 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const shown = value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)
  return `${shown} ${UNITS[unit]}`
}

/** At most `max` values listed, the rest counted: `"a", "b" and 3 more`. */
export function listQuoted(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => quote(v))
  const more = values.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}

/** "n thing" or "n things". */
export function plural(n: number, thing: string): string {
  return `${n} ${noun(n, thing)}`
}

/** "thing" or "things", as n asks. */
export function noun(n: number, thing: string): string {
  return n === 1 ? thing : `${thing}s`
}

/**
 * A finding before its message is put together: the rule broken (its severity and check come from
 * the rule table; a rule that spans the header and the rows may name the check), the problem,
 * then the fix.
 */
export type Draft = Omit<Finding, 'message' | 'fix' | 'severity' | 'check'> & {
  rule: RuleId
  check?: CheckName
  problem: string
  fix: string
}

/** A finding whose message is the problem followed by the fix. */
export function finding(base: Draft): Finding {
  const { rule, problem, fix, check, ...rest } = base
  const { severity, check: ruleCheck } = RULES[rule]
  return { severity, check: check ?? ruleCheck, ...rest, message: `${problem} Fix: ${fix}`, fix }
}
