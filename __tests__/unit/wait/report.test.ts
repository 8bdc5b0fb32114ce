// What the wait action shows: the overall status and one summary row per job. Pure.
import { describe, expect, it } from '@jest/globals'
import type { JobEnd } from '../../../src/report/job-end.js'
import { overallStatus, summaryRow } from '../../../src/wait/report.js'

const ARN = (name: string) =>
  `arn:aws:personalize:us-east-1:123456789012:dataset-import-job/${name}`

const job = (name: string, status: string, more: Partial<JobEnd> = {}): JobEnd => ({
  name,
  arn: ARN(name),
  end: status === 'ACTIVE' || status === 'CREATE FAILED' ? status : 'timeout',
  status,
  failureReason: '',
  durationSeconds: 95,
  waitTimeoutSeconds: 600,
  ...more
})

describe('overallStatus', () => {
  it.each([
    [['ACTIVE', 'ACTIVE'], 'ACTIVE'],
    [['ACTIVE', 'CREATE FAILED', 'CREATE IN_PROGRESS'], 'CREATE FAILED'],
    [['ACTIVE', 'CREATE IN_PROGRESS', 'CREATE PENDING'], 'CREATE IN_PROGRESS'],
    [['ACTIVE', ''], '']
  ])('%j gives %j', (statuses, expected) => {
    expect(overallStatus(statuses.map((s, i) => job(`j${i}`, s)))).toBe(expected)
  })
})

describe('summaryRow', () => {
  it('shows a failed job with its reason, what to do, and a console link', () => {
    const reason = 'Input CSV is missing the following columns: [USER_ID].'
    expect(
      summaryRow(
        job('users-1', 'CREATE FAILED', {
          failureReason: reason,
          datasetArn: 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/USERS'
        })
      )
    ).toEqual([
      'users-1',
      '❌ CREATE FAILED',
      '1m 35s',
      expect.stringMatching(
        /^Input CSV is missing the following columns: \[USER_ID\]\. What to do: The CSV header must name/
      ),
      {
        href: 'https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:123456789012:dataset-group$retail/setup',
        text: 'console'
      }
    ])
  })

  it('shows a job never seen with the error, and no link', () => {
    const row = summaryRow(
      job('ghost', '', {
        end: 'error',
        failure: {
          operation: 'DescribeDatasetImportJob',
          code: 'ResourceNotFoundException',
          kind: 'fatal',
          happened: 'DescribeDatasetImportJob failed: ResourceNotFoundException: not found',
          advice: 'more'
        }
      })
    )
    expect(row).toEqual([
      'ghost',
      '⏳ not seen',
      '1m 35s',
      'DescribeDatasetImportJob failed: ResourceNotFoundException: not found What to do: more',
      ''
    ])
  })
})
