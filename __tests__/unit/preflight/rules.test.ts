// The rule table is the one source of every finding's verdict: the README's list is it, rendered;
// every refusal names its evidence; every rule is used by a check.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RULES, rulesMarkdown, severityOf } from '../../../src/preflight/rules.js'
import type { RuleId } from '../../../src/preflight/rules.js'

const ROOT = join(import.meta.dirname, '../../..')
const START = '<!-- preflight-rules:start -->'
const END = '<!-- preflight-rules:end -->'
const words = (text: string) => text.replace(/\s+/g, ' ').trim()

describe('the rule table', () => {
  it("is the README's rule list (regenerate it with rulesMarkdown() when a rule changes)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const start = readme.indexOf(START)
    const end = readme.indexOf(END)
    expect(start).toBeGreaterThan(readme.indexOf('## Pre-flight data check'))
    expect(end).toBeGreaterThan(start)
    expect(words(readme.slice(start + START.length, end))).toBe(words(rulesMarkdown()))
  })

  it('names for every refusal a guide page or a recorded import, never a silence', () => {
    const refusals = Object.entries(RULES).filter(([, r]) => r.severity === 'error')
    expect(refusals.length).toBeGreaterThan(10)
    for (const [id, rule] of refusals) {
      expect([id, /not documented|does not say|silent/.test(rule.evidence)]).toEqual([id, false])
      expect([id, /"[^"]+"|limits|requirement/.test(rule.evidence)]).toEqual([id, true])
    }
  })

  it('gives the verdicts the evidence supports for the cases the issue names', () => {
    const verdicts: [RuleId, 'error' | 'warning'][] = [
      ['value.boolean', 'error'],
      ['value.empty-metadata', 'warning'],
      ['value.type', 'warning'],
      ['value.empty-reserved', 'error'],
      ['value.epoch', 'error'],
      ['value.epoch-decimal', 'warning'],
      ['value.decimal', 'warning'],
      ['header.bom', 'warning'],
      ['header.extra', 'warning'],
      ['header.missing', 'error'],
      ['location.side-files', 'warning'],
      ['file.not-csv', 'error'],
      ['location.region', 'warning']
    ]
    expect(verdicts.map(([id]) => [id, severityOf(id)])).toEqual(verdicts)
  })

  it('has no rule that no check uses', () => {
    const dir = join(ROOT, 'src/preflight')
    const code = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'rules.ts')
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n')
    const unused = Object.keys(RULES).filter((id) => !code.includes(`'${id}'`))
    expect(unused).toEqual([])
  })
})
