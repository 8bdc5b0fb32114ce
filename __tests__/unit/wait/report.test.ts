// What the wait action shows: the overall status and one summary row per job. Pure.
import { describe, expect, it, jest } from '@jest/globals'
import { KINDS } from '../../../src/aws/kinds.js'
import type { JobEnd } from '../../../src/report/job-end.js'
import {
  announceResource,
  countOf,
  overallStatus,
  resourceRow,
  summaryRow
} from '../../../src/wait/report.js'
import type { Waited } from '../../../src/wait/resource.js'

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
    const ends = statuses.map((s, i) => {
      const j = job(`j${i}`, s)
      return { target: { arn: j.arn, spec: KINDS.datasetImportJob }, job: j, details: {} }
    })
    expect(overallStatus(ends)).toBe(expected)
  })

  const SV = 'arn:aws:personalize:us-east-1:123456789012:solution/shop/3ba6a5be'
  const waited = (end: Waited['end'], status: string, more: Partial<Waited> = {}): Waited => ({
    arn: SV,
    target: { arn: SV, spec: KINDS.solutionVersion },
    name: 'shop/3ba6a5be',
    end,
    status,
    update: false,
    failureReason: '',
    durationSeconds: 3600,
    waitTimeoutSeconds: 600,
    details: {},
    ...more
  })

  it('gives the first failure of a mixed list, a stopped training included', () => {
    expect(overallStatus([waited('success', 'ACTIVE'), waited('stopped', 'CREATE STOPPED')])).toBe(
      'CREATE STOPPED'
    )
    expect(
      overallStatus([waited('timeout', 'CREATE IN_PROGRESS'), waited('success', 'COMPLETED')])
    ).toBe('CREATE IN_PROGRESS')
    expect(overallStatus([waited('deleted', 'DELETED'), waited('success', 'ACTIVE')])).toBe(
      'DELETED'
    )
  })

  it('says how long it waited at a timeout, not how long the training has run', () => {
    let stdout = ''
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk)
      return true
    })
    announceResource(waited('timeout', 'CREATE IN_PROGRESS'))
    jest.restoreAllMocks()
    expect(stdout).toContain(
      '::error title=Personalize solution version still running at wait-timeout::Solution version shop/3ba6a5be is still CREATE IN_PROGRESS after waiting 10m (wait-timeout).'
    )
  })

  it('shows a training with its hours and mode, and a stop-on-cancel', () => {
    expect(
      resourceRow(
        waited('success', 'ACTIVE', { details: { trainingHours: 1.5, trainingMode: 'FULL' } })
      )
    ).toEqual([
      'shop/3ba6a5be',
      'solution version',
      '✅ ACTIVE',
      '1h',
      '1.5 training hours, training mode FULL'
    ])
    expect(resourceRow(waited('aborted', 'CREATE IN_PROGRESS', { stop: 'Stopped.' }))).toEqual([
      'shop/3ba6a5be',
      'solution version',
      '⏳ CREATE IN_PROGRESS',
      '1h',
      'Stopped.'
    ])
  })
})

describe('countOf', () => {
  const target = (k: keyof typeof KINDS) => ({ arn: '', spec: KINDS[k] })
  it.each([
    [[target('datasetImportJob')], 'one import job'],
    [[target('datasetImportJob'), target('datasetImportJob')], '2 import jobs'],
    [[target('campaign')], 'one campaign'],
    [
      [target('solutionVersion'), target('campaign'), target('solutionVersion')],
      '3 resources (2 solution versions, 1 campaign)'
    ]
  ])('%#: %s', (targets, expected) => {
    expect(countOf(targets)).toBe(expected)
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
