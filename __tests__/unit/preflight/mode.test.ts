import { describe, expect, it } from '@jest/globals'
import { checkIncremental, summarize } from '../../../src/preflight/index.js'
import type { Finding } from '../../../src/preflight/index.js'

describe('checkIncremental', () => {
  it('refuses INCREMENTAL into a dataset that never had an ACTIVE import', () => {
    expect(checkIncremental({ importMode: 'INCREMENTAL', hadActiveImport: false })).toEqual([
      {
        severity: 'error',
        check: 'mode',
        message:
          'import-mode is INCREMENTAL, but this dataset has never had an ACTIVE import job. "If you haven\'t imported bulk records into the dataset previously, you can only specify FULL." Fix: run the first import of this dataset with import-mode FULL.',
        fix: 'run the first import of this dataset with import-mode FULL.'
      }
    ])
  })

  it.each([
    ['INCREMENTAL', true],
    ['FULL', false],
    ['FULL', true]
  ] as const)('lets %s go ahead when an ACTIVE import was %s', (importMode, hadActiveImport) => {
    expect(checkIncremental({ importMode, hadActiveImport })).toEqual([])
  })
})

const error = (check: Finding['check']): Finding => ({ severity: 'error', check, message: 'e' })
const warning = (check: Finding['check']): Finding => ({ severity: 'warning', check, message: 'w' })

describe('summarize', () => {
  it('passes when every check ran without errors, warnings included', () => {
    expect(summarize([warning('header')], ['location', 'header', 'rows', 'mode'], [])).toEqual({
      verdict: 'passed',
      checks: [
        { check: 'location', result: 'passed', errors: 0, warnings: 0 },
        { check: 'header', result: 'warning', errors: 0, warnings: 1 },
        { check: 'rows', result: 'passed', errors: 0, warnings: 0 },
        { check: 'mode', result: 'passed', errors: 0, warnings: 0 }
      ],
      errors: 0,
      warnings: 1
    })
  })

  it('is incomplete when nothing failed and a check could not run', () => {
    const skipped = [
      { check: 'schema' as const, reason: 'No personalize:DescribeSchema.' },
      { check: 'header' as const, reason: 'No schema.' },
      { check: 'rows' as const, reason: 'No schema.' }
    ]
    expect(summarize([], ['location', 'mode'], skipped)).toEqual({
      verdict: 'incomplete',
      checks: [
        { check: 'location', result: 'passed', errors: 0, warnings: 0 },
        {
          check: 'schema',
          result: 'skipped',
          errors: 0,
          warnings: 0,
          reason: 'No personalize:DescribeSchema.'
        },
        { check: 'header', result: 'skipped', errors: 0, warnings: 0, reason: 'No schema.' },
        { check: 'rows', result: 'skipped', errors: 0, warnings: 0, reason: 'No schema.' },
        { check: 'mode', result: 'passed', errors: 0, warnings: 0 }
      ],
      errors: 0,
      warnings: 0
    })
  })

  it('fails on any error, also when other checks were skipped', () => {
    const summary = summarize(
      [error('rows'), error('rows'), warning('rows')],
      ['location', 'header', 'rows'],
      [
        { check: 'rows', reason: 'a.csv: no whole row.' },
        { check: 'mode', reason: 'No list.' }
      ]
    )
    expect(summary.verdict).toBe('failed')
    expect(summary.checks).toEqual([
      { check: 'location', result: 'passed', errors: 0, warnings: 0 },
      { check: 'header', result: 'passed', errors: 0, warnings: 0 },
      { check: 'rows', result: 'failed', errors: 2, warnings: 1, reason: 'a.csv: no whole row.' },
      { check: 'mode', result: 'skipped', errors: 0, warnings: 0, reason: 'No list.' }
    ])
    expect([summary.errors, summary.warnings]).toEqual([2, 1])
  })

  it('passes with nothing to say when no check ran and none was skipped', () => {
    expect(summarize([], [], [])).toEqual({ verdict: 'passed', checks: [], errors: 0, warnings: 0 })
  })
})
