import { describe, expect, it } from '@jest/globals'
import {
  checkCreatedArn,
  checkDescribedJob,
  checkListedJobs,
  jobArnFor,
  parseArn
} from '../../../src/aws/arn.js'
import { describeAwsError } from '../../../src/aws/aws-errors.js'
import { consoleUrl } from '../../../src/report/explain.js'
const PREFIX = 'arn:aws:personalize:us-east-1:123456789012'
const DATASET = `${PREFIX}:dataset/retail/INTERACTIONS`
const JOB = `${PREFIX}:dataset-import-job/nightly-1`

describe('answers checked against the request', () => {
  it('parses regional ARNs only', () => {
    expect(parseArn(JOB)).toEqual({
      partition: 'aws',
      service: 'personalize',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'dataset-import-job/nightly-1'
    })
    expect(parseArn('arn:aws:iam::123456789012:role/r')).toBeUndefined()
    expect(parseArn('arn:aws:personalize:us-east-1:12345:x')).toBeUndefined()
  })

  it.each([
    `${PREFIX}:dataset-import-job/other`,
    'arn:aws:personalize:us-east-1:999999999999:dataset-import-job/nightly-1',
    'arn:aws:personalize:eu-west-3:123456789012:dataset-import-job/nightly-1',
    'arn:aws-cn:personalize:us-east-1:123456789012:dataset-import-job/nightly-1',
    undefined
  ])('refuses a create answered with %s', (answered) => {
    expect(() => checkCreatedArn(answered, jobArnFor(DATASET, 'nightly-1'))).toThrow(
      /^CreateDatasetImportJob answered with the ARN .*, not arn:aws:personalize:us-east-1:123456789012:dataset-import-job\/nightly-1, the ARN of the job it was asked to create\.$/
    )
    expect(checkCreatedArn(JOB, jobArnFor(DATASET, 'nightly-1'))).toBe(JOB)
  })

  it.each([
    [
      { datasetImportJobArn: `${PREFIX}:dataset-import-job/other`, status: 'ACTIVE' },
      'about the job'
    ],
    [{ jobName: 'other', status: 'ACTIVE' }, 'with the job name "other"'],
    [{ status: 'DONE\n::set-output name=x::y' }, 'with the status "DONE\\n::set-output name=x::y"'],
    [
      {
        status: 'ACTIVE',
        datasetArn: 'arn:aws:personalize:us-east-1:999999999999:dataset/g/ITEMS'
      },
      'with the dataset'
    ],
    [{ status: 'ACTIVE', datasetArn: `${PREFIX}:schema/s` }, 'with the dataset']
  ])('refuses a describe answered %j', (job, why) => {
    expect(() => checkDescribedJob(job, JOB)).toThrow(
      `DescribeDatasetImportJob for ${JOB} answered ${why}`
    )
  })

  it('accepts a describe of the job asked about', () => {
    const job = {
      datasetImportJobArn: JOB,
      jobName: 'nightly-1',
      status: 'ACTIVE',
      datasetArn: DATASET
    }
    expect(checkDescribedJob(job, JOB)).toBe(job)
  })

  it('refuses a listed job of another account, a bad name or an unknown status', () => {
    const ok = {
      jobName: 'a',
      datasetImportJobArn: `${PREFIX}:dataset-import-job/a`,
      status: 'ACTIVE'
    }
    expect(checkListedJobs([ok], DATASET)).toEqual([ok])
    for (const bad of [
      {
        ...ok,
        datasetImportJobArn: 'arn:aws:personalize:us-east-1:999999999999:dataset-import-job/a'
      },
      { ...ok, jobName: 'a\n::error::x' },
      { ...ok, status: 'GONE' }
    ])
      expect(() => checkListedJobs([bad], DATASET)).toThrow(/^ListDatasetImportJobs for /)
  })

  it('an unexpected answer is fatal, with advice', () => {
    let error: unknown
    try {
      checkDescribedJob({ status: 'X' }, JOB)
    } catch (e) {
      error = e
    }
    expect(
      describeAwsError('DescribeDatasetImportJob', error, { region: 'us-east-1' })
    ).toMatchObject({
      code: 'UnexpectedAnswer',
      kind: 'fatal'
    })
  })

  it('builds a console link only from well-formed, matching ARNs', () => {
    expect(consoleUrl(JOB, DATASET)).toBe(
      'https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:123456789012:dataset-group$retail/setup'
    )
    for (const [job, dataset] of [
      ['arn:aws:personalize:us-east-1:999999999999:dataset-import-job/j', DATASET],
      ['arn:aws:personalize:eu-west-3:123456789012:dataset-import-job/j', DATASET],
      [JOB, `${PREFIX}:dataset/"><script>/INTERACTIONS`],
      [`${PREFIX}:dataset-import-job/a b`, DATASET],
      ['not an arn', DATASET]
    ])
      expect(consoleUrl(job, dataset)).toBeUndefined()
  })
})
