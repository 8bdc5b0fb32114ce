// The README's picture (docs/job-summary.png) is rendered from docs/job-summary.html by
// scripts/summary-picture.mjs; this keeps that HTML equal to what the bundle writes today, so the
// picture cannot silently drift from the action.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { jobSummaryRun, stableSummary } from '../../scripts/job-summary.js'
import { ROOT } from './runner.js'

describe('the README picture of a job summary', () => {
  it('shows the summary the bundle writes for the same run (else: npm run summary-picture)', async () => {
    const run = await jobSummaryRun()
    expect(run.exitCode).toBe(0)
    const committed = readFileSync(join(ROOT, 'docs/job-summary.html'), 'utf8')
    expect(stableSummary(run.summary)).toBe(stableSummary(committed))
    // The picture shows the import table and the pre-flight table, not only one of them.
    expect(committed).toContain('<h3>Personalize dataset import</h3>')
    expect(committed).toContain('<h3>Pre-flight data check: passed</h3>')
    expect(committed).toContain('<td>Status</td><td>✅ ACTIVE</td>')
  }, 60_000)

  it('masks only the figures that change from run to run', () => {
    expect(stableSummary('<td>Duration</td><td>3s</td> took 41 ms, 4.7 KiB')).toBe(
      '<td>Duration</td><td>Ns</td> took Nms, 4.7 KiB'
    )
  })

  it('is referenced from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('docs/job-summary.png')
  })
})
