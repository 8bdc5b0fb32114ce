// The verdict of the pre-flight checks, the import mode check among them: one place decides
// whether the import may be created, for auto and strict alike.
import { describe, expect, it } from '@jest/globals'
import { conclude, withImportMode, type Checked } from '../../../src/preflight/verdict.js'

const passed: Checked = { findings: [], ran: ['location', 'schema'], skipped: [] }
const verdict = (checked: Checked, mode: 'auto' | 'strict') =>
  conclude(checked, { mode, location: 's3://b/k.csv', seconds: 0 })

describe('withImportMode', () => {
  it('lets INCREMENTAL go ahead after an ACTIVE import, and FULL always', () => {
    const incremental = withImportMode(passed, 'INCREMENTAL', true)
    expect(incremental).toEqual({ ...passed, ran: ['location', 'schema', 'mode'] })
    expect(verdict(incremental, 'strict').summary.checks.at(-1)).toEqual({
      check: 'mode',
      result: 'passed',
      errors: 0,
      warnings: 0
    })
    expect(withImportMode(passed, 'FULL', false)).toBe(passed)
    expect(withImportMode(passed, 'FULL', undefined)).toBe(passed)
  })

  it('refuses INCREMENTAL into a dataset that never had an ACTIVE import, in its own row', () => {
    const result = verdict(withImportMode(passed, 'INCREMENTAL', false), 'auto')
    expect(result.refused).toBe(true)
    expect(result.summary.verdict).toBe('failed')
    expect(result.summary.checks.at(-1)).toEqual({
      check: 'mode',
      result: 'failed',
      errors: 1,
      warnings: 0
    })
    expect(result.findings[0].message).toBe(
      'import-mode is INCREMENTAL, but this dataset has never had an ACTIVE import job. "If you haven\'t imported bulk records into the dataset previously, you can only specify FULL." Fix: run the first import of this dataset with import-mode FULL.'
    )
  })

  it('without the import list: a check that could not run, so auto goes ahead and strict refuses', () => {
    const unlisted = withImportMode(passed, 'INCREMENTAL', undefined)
    expect(unlisted.skipped).toEqual([
      {
        check: 'mode',
        reason:
          'The import mode could not be checked: INCREMENTAL needs an earlier ACTIVE import, and ListDatasetImportJobs was refused (grant personalize:ListDatasetImportJobs).'
      }
    ])
    expect(verdict(unlisted, 'auto')).toMatchObject({
      refused: false,
      summary: { verdict: 'incomplete' }
    })
    expect(verdict(unlisted, 'strict')).toMatchObject({
      refused: true,
      summary: { verdict: 'incomplete' }
    })
  })
})

describe('conclude', () => {
  it('refuses on an error in any mode, and on a check that could not run only in strict', () => {
    const skipped: Checked = { ...passed, skipped: [{ check: 'rows', reason: 'no access' }] }
    expect(verdict(passed, 'strict').refused).toBe(false)
    expect(verdict(skipped, 'auto').refused).toBe(false)
    expect(verdict(skipped, 'strict').refused).toBe(true)
  })
})
