// The import action's reporter: the endings before a job exists, built from what the stages
// returned, and the one place the run ends, with the exact annotation, summary and verdict.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AwsFailure } from '../../../src/aws/aws-errors.js'
import {
  createFailed,
  datasetBusy,
  importReporter,
  preflightStopped
} from '../../../src/import/report.js'
import { DATASET_ARN } from '../fixtures.js'

const JOB_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/nightly-1'
const request = {
  jobName: 'nightly-1',
  datasetArn: DATASET_ARN,
  dataSource: { dataLocation: 's3://retail-data/interactions/' },
  importMode: 'FULL' as const
}
const denied: AwsFailure = {
  operation: 'CreateDatasetImportJob',
  code: 'AccessDeniedException',
  kind: 'fatal',
  happened: 'CreateDatasetImportJob failed: AccessDeniedException: no\nway',
  advice: 'Grant it.',
  requestId: 'req-1'
}
const dir = mkdtempSync(join(tmpdir(), 'import-report-'))
let stdout: string

beforeEach(() => {
  writeFileSync(join(dir, 'summary'), '')
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary')
  stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('endings before a job exists', () => {
  it('a failed create keeps the service message whole, and where the job may be', () => {
    expect(createFailed(denied)).toEqual({
      title: 'CreateDatasetImportJob failed',
      message:
        'CreateDatasetImportJob failed: AccessDeniedException: no\nway\nGrant it.\nNo import job was created.',
      happened:
        'CreateDatasetImportJob failed: AccessDeniedException: no\nway No import job was created.',
      advice: 'Grant it.',
      rows: [],
      failure: denied
    })
    expect(createFailed(denied, JOB_ARN).rows).toEqual([['Job ARN', `${JOB_ARN} (may exist)`]])
  })

  it('a busy dataset names the running job', () => {
    const busy = datasetBusy(
      { jobName: 'other', status: 'CREATE PENDING', datasetImportJobArn: 'arn:other' },
      'on-busy is fail'
    )
    expect(busy.rows).toEqual([['Running job', 'arn:other']])
    expect(busy.message).toBe(
      'Import job other is CREATE PENDING on this dataset (on-busy is fail). No import job was created.\nARN of the running job: arn:other\nRun this step when it has ended, or with on-busy: wait and a longer wait-timeout.'
    )
  })
})

describe('importReporter().end', () => {
  it('fails the step before a job exists with one annotation and the not-created summary', () => {
    const report = importReporter(request, JOB_ARN)
    expect(report.end({ ending: preflightStopped('The step was cancelled') })).toBe(false)
    expect(stdout).toBe(
      '::error title=Pre-flight check stopped::The step was cancelled during the pre-flight checks. No import job was created.\n'
    )
    const summary = readFileSync(join(dir, 'summary'), 'utf8')
    expect(summary).toContain(
      '<tr><td>Job name</td><td>nightly-1</td></tr><tr><td>Status</td><td>⛔ not created</td></tr>'
    )
    expect(summary).toContain(
      '<tr><td>What happened</td><td>The step was cancelled during the pre-flight checks. No import job was created.</td></tr>'
    )
  })

  it('logs the request id of a failed call beside its annotation', () => {
    expect(importReporter(request, JOB_ARN).end({ ending: createFailed(denied) })).toBe(false)
    expect(stdout.split('\n').slice(1)).toEqual([
      'AWS request id of the failed CreateDatasetImportJob: req-1',
      ''
    ])
  })

  it('a refusal the pre-flight reported already adds nothing', () => {
    expect(importReporter(request, JOB_ARN).end({ refused: true })).toBe(false)
    expect(stdout).toBe('')
  })

  it('succeeds on ACTIVE and on a job not waited for; fails on any other end', () => {
    const outcome = {
      name: 'nightly-1',
      arn: JOB_ARN,
      datasetArn: DATASET_ARN,
      status: 'ACTIVE',
      failureReason: '',
      durationSeconds: 60,
      waitTimeoutSeconds: 180
    }
    const report = importReporter(request, JOB_ARN)
    expect(report.end({ outcome: { ...outcome, end: 'ACTIVE' } })).toBe(true)
    expect(report.end({ outcome: { ...outcome, end: 'not waited' } })).toBe(true)
    expect(report.end({ outcome: { ...outcome, end: 'timeout', status: 'CREATE PENDING' } })).toBe(
      false
    )
  })
})
