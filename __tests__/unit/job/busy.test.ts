// What the busy check decides on the imports it listed. Pure.
import { describe, expect, it } from '@jest/globals'
import type { DatasetImportJobSummary } from '@aws-sdk/client-personalize'
import { datasetState } from '../../../src/job/busy.js'

const ARN = (name: string) =>
  `arn:aws:personalize:us-east-1:123456789012:dataset-import-job/${name}`

describe('datasetState', () => {
  const summary = (jobName: string, status: string, minute: number): DatasetImportJobSummary => ({
    jobName,
    status,
    datasetImportJobArn: ARN(jobName),
    creationDateTime: new Date(Date.UTC(2026, 10, 29, 6, minute))
  })

  it('finds the running imports, newest first, and the newest ACTIVE one, ignoring our own name', () => {
    const state = datasetState(
      [
        summary('old-full', 'ACTIVE', 1),
        summary('ours', 'ACTIVE', 9),
        summary('failed', 'CREATE FAILED', 8),
        summary('newer-full', 'ACTIVE', 5),
        summary('pending', 'CREATE PENDING', 7),
        summary('running', 'CREATE IN_PROGRESS', 6),
        summary('ours', 'CREATE IN_PROGRESS', 10)
      ],
      'ours'
    )
    expect(state.running.map((j) => j.jobName)).toEqual(['pending', 'running'])
    expect(state.lastActive?.jobName).toBe('newer-full')
  })

  it('is empty for a dataset with no imports', () => {
    expect(datasetState([], 'ours')).toEqual({ running: [], lastActive: undefined })
  })
})
