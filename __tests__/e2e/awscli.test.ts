// A second witness for the emulator's wire protocol: the real AWS CLI (botocore, its own SigV4
// signer, its own paginator) against it. Needs `aws` on PATH (v1 or v2): the README says how.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/index.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/INTERACTIONS`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const CREDENTIALS = {
  accessKeyId: 'AKIAAWSCLIWITNESS001',
  secretAccessKey: 'aws-cli/Witness+Secret/Key/000000000000000'
}
const jobArn = (name: string) =>
  `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset-import-job/${name}`

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0)
let clock = T0

const AWS = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'aws'))
  .find((path) => existsSync(path))

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function aws(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  // Nothing from this machine's AWS setup: no profile, no config file, no stray endpoint.
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))
  )
  return new Promise((done) =>
    execFile(
      AWS ?? 'aws',
      [...args, '--endpoint-url', emu.url, '--output', 'json'],
      {
        env: {
          ...clean,
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: REGION,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
          ...env
        }
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0
        done({ code, stdout, stderr })
      }
    )
  )
}

/** CLI v1 prints timestamps as they came (epoch seconds), v2 as ISO 8601. */
function ms(value: number | string) {
  return typeof value === 'number' ? Math.round(value * 1000) : Date.parse(value)
}

let emu: Emulator
/** The exit code for a service error: 254 in CLI v2, 255 in v1 (which has no 254). */
let serviceErrorCode = 254

describe('the AWS CLI against the emulator', () => {
  // .ci/run installs Debian's awscli when the machine has none: a missing CLI is a failure here,
  // not a silent skip.
  it('finds the aws command on PATH', () => {
    if (!AWS)
      throw new Error(
        'No aws command on PATH: install the AWS CLI (Debian: apt-get install awscli).'
      )
    expect(AWS).toMatch(/\/aws$/)
  })

  beforeAll(async () => {
    emu = await startEmulator({
      region: REGION,
      accountId: ACCOUNT,
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      existingJobs: [
        {
          jobName: 'older-1',
          datasetArn: DATASET,
          creationDateTime: (T0 - 7_200_000) / 1000
        },
        {
          jobName: 'older-2',
          datasetArn: DATASET,
          creationDateTime: (T0 - 3_600_000) / 1000
        }
      ],
      now: () => clock
    })
    const version = await aws(['--version'])
    if (/aws-cli\/1\./.test(version.stdout + version.stderr)) serviceErrorCode = 255
  })
  afterAll(async () => emu.close())
  beforeEach(() => emu.clearRequests())

  it('creates with shorthand arguments, signed by botocore', async () => {
    const run = await aws([
      'personalize',
      'create-dataset-import-job',
      '--job-name',
      'from-cli',
      '--dataset-arn',
      DATASET,
      '--data-source',
      'dataLocation=s3://retail-data/cli/',
      '--role-arn',
      ROLE,
      '--tags',
      'tagKey=team,tagValue=reco',
      'tagKey=env,tagValue=ci',
      '--import-mode',
      'FULL'
    ])
    expect(run).toEqual({
      code: 0,
      stdout: expect.any(String),
      stderr: ''
    })
    expect(JSON.parse(run.stdout)).toEqual({ datasetImportJobArn: jobArn('from-cli') })
    expect(emu.requests).toMatchObject([
      {
        operation: 'CreateDatasetImportJob',
        body: {
          jobName: 'from-cli',
          datasetArn: DATASET,
          dataSource: { dataLocation: 's3://retail-data/cli/' },
          roleArn: ROLE,
          tags: [
            { tagKey: 'team', tagValue: 'reco' },
            { tagKey: 'env', tagValue: 'ci' }
          ],
          importMode: 'FULL'
        },
        headers: { 'user-agent': expect.stringMatching(/^aws-cli\/\d/) },
        credential: {
          accessKeyId: CREDENTIALS.accessKeyId,
          region: REGION,
          service: 'personalize'
        },
        status: 200
      }
    ])
  })

  it('describes the job as it moves on the clock', async () => {
    clock += 1500
    const run = await aws([
      'personalize',
      'describe-dataset-import-job',
      '--dataset-import-job-arn',
      jobArn('from-cli')
    ])
    expect(run.code).toBe(0)
    const { datasetImportJob: job } = JSON.parse(run.stdout)
    expect({
      ...job,
      creationDateTime: ms(job.creationDateTime),
      lastUpdatedDateTime: ms(job.lastUpdatedDateTime)
    }).toEqual({
      jobName: 'from-cli',
      datasetImportJobArn: jobArn('from-cli'),
      datasetArn: DATASET,
      dataSource: { dataLocation: 's3://retail-data/cli/' },
      roleArn: ROLE,
      status: 'CREATE IN_PROGRESS',
      creationDateTime: T0,
      lastUpdatedDateTime: T0 + 1000,
      importMode: 'FULL'
    })
  })

  it('lists every page with its own paginator, newest first', async () => {
    clock += 1500
    const run = await aws([
      'personalize',
      'list-dataset-import-jobs',
      '--dataset-arn',
      DATASET,
      '--page-size',
      '1'
    ])
    expect(run.code).toBe(0)
    const jobs = JSON.parse(run.stdout).datasetImportJobs
    expect(jobs.map((j: { jobName: string; status: string }) => [j.jobName, j.status])).toEqual([
      ['from-cli', 'ACTIVE'],
      ['older-2', 'ACTIVE'],
      ['older-1', 'ACTIVE']
    ])
    expect(emu.requests.map((r) => [r.operation, r.status])).toEqual(
      Array(3).fill(['ListDatasetImportJobs', 200])
    )
    const tags = await aws([
      'personalize',
      'list-tags-for-resource',
      '--resource-arn',
      jobArn('from-cli')
    ])
    expect(JSON.parse(tags.stdout)).toEqual({
      tags: [
        { tagKey: 'team', tagValue: 'reco' },
        { tagKey: 'env', tagValue: 'ci' }
      ]
    })
  })

  it('exits with the service-error code and the service message', async () => {
    const missing = await aws([
      'personalize',
      'describe-dataset-import-job',
      '--dataset-import-job-arn',
      jobArn('ghost')
    ])
    expect(missing).toEqual({
      code: serviceErrorCode,
      stdout: '',
      stderr: `\nAn error occurred (ResourceNotFoundException) when calling the DescribeDatasetImportJob operation: Resource Arn ${jobArn('ghost')} does not exist.\n`
    })
    // The CLI checks no pattern: the emulator does, as the service. --role-arn is given because
    // CLI models before December 2025 require it.
    const badName = await aws([
      'personalize',
      'create-dataset-import-job',
      '--job-name',
      'bad name',
      '--dataset-arn',
      DATASET,
      '--data-source',
      'dataLocation=s3://retail-data/cli/',
      '--role-arn',
      ROLE
    ])
    expect(badName.code).toBe(serviceErrorCode)
    expect(badName.stderr).toBe(
      "\nAn error occurred (InvalidInputException) when calling the CreateDatasetImportJob operation: 1 validation error detected: Value 'bad name' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*\n"
    )
  })

  // Models from December 2025 on (botocore c18b100b8: e.g. CLI v1 1.45.11, current v2) make
  // --role-arn optional and send no roleArn; older ones (Debian's v2 2.9.19) refuse the command
  // before any request. Either is right for its model; each path asserts exactly what it does.
  it('creates without --role-arn where its model allows it, else refuses before sending', async () => {
    const run = await aws([
      'personalize',
      'create-dataset-import-job',
      '--job-name',
      'no-role',
      '--dataset-arn',
      DATASET,
      '--data-source',
      'dataLocation=s3://retail-data/cli/',
      '--import-mode',
      'INCREMENTAL'
    ])
    const lines = run.stderr.trim().split('\n')
    const outcome = {
      code: run.code,
      stdout: run.code === 0 ? JSON.parse(run.stdout) : run.stdout,
      lastStderrLine: lines[lines.length - 1],
      requests: emu.requests.map((r) => [r.operation, r.status, r.body])
    }
    const sent = {
      code: 0,
      stdout: { datasetImportJobArn: jobArn('no-role') },
      lastStderrLine: '',
      requests: [
        [
          'CreateDatasetImportJob',
          200,
          {
            jobName: 'no-role',
            datasetArn: DATASET,
            dataSource: { dataLocation: 's3://retail-data/cli/' },
            importMode: 'INCREMENTAL'
          }
        ]
      ]
    }
    const refused = {
      code: 252,
      stdout: '',
      lastStderrLine: 'aws: error: the following arguments are required: --role-arn',
      requests: []
    }
    expect([sent, refused]).toContainEqual(outcome)
  })

  it('is refused with a wrong secret key', async () => {
    const run = await aws(['personalize', 'describe-dataset', '--dataset-arn', DATASET], {
      AWS_SECRET_ACCESS_KEY: 'wrong'
    })
    expect(run.code).toBe(serviceErrorCode)
    expect(run.stderr).toBe(
      '\nAn error occurred (InvalidSignatureException) when calling the DescribeDataset operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n'
    )
  })
})
