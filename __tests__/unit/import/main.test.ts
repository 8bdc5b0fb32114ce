// The whole run with a mocked Personalize client: real @actions/core writing to temporary
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a fake clock, and the exact calls, outputs,
// annotations and exit code asserted.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  CreateDatasetImportJobCommand,
  DescribeDatasetImportJobCommand,
  ListDatasetImportJobsCommand,
  PersonalizeClient
} from '@aws-sdk/client-personalize'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RawInputs } from '../../../src/import/names.js'
import { run } from '../../../src/import/main.js'
import { DATASET_ARN, FakeClock, ROLE_ARN, rawInputs } from '../fixtures.js'

const JOB_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/nightly-1'
const CONSOLE =
  'https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:123456789012:dataset-group$retail/setup'
const personalize = mockClient(PersonalizeClient)
// One folder for the whole file: core.summary remembers the first GITHUB_STEP_SUMMARY path it saw.
const dir = mkdtempSync(join(tmpdir(), 'main-test-'))
let stdout: string
let clock: FakeClock

beforeEach(() => {
  personalize.reset()
  personalize.on(ListDatasetImportJobsCommand).resolves({ datasetImportJobs: [] })
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '')
  process.env.GITHUB_OUTPUT = join(dir, 'output')
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary')
  stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
  clock = new FakeClock(Date.UTC(2026, 10, 29, 6, 0, 0))
  process.exitCode = undefined
})

afterEach(() => {
  jest.restoreAllMocks()
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  process.exitCode = undefined
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function runWith(overrides: Partial<RawInputs> = {}, env: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(rawInputs(overrides)))
    process.env[`INPUT_${name.toUpperCase()}`] = value
  await run({
    env: { GITHUB_WORKSPACE: dir, ...env },
    clock,
    random: () => 0,
    createClient: async (settings) =>
      new PersonalizeClient({
        region: settings.region,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' }
      }),
    cancel: new AbortController().signal
  })
  return {
    outputs: readOutputs(),
    summary: readFileSync(join(dir, 'summary'), 'utf8'),
    stdout,
    exitCode: process.exitCode
  }
}

/** GITHUB_OUTPUT holds name<<delimiter blocks; a later value for a name wins, as on the runner. */
function readOutputs(): Record<string, string> {
  const text = readFileSync(join(dir, 'output'), 'utf8')
  const outputs: Record<string, string> = {}
  for (const m of text.matchAll(/^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n?\2$/gm))
    outputs[m[1]] = m[3]
  return outputs
}

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 6, 0, 0) + seconds * 1000)

function describeSequence(...jobs: object[]) {
  let stub = personalize.on(DescribeDatasetImportJobCommand)
  for (const job of jobs) stub = stub.resolvesOnce({ datasetImportJob: job })
}

describe('run', () => {
  it('creates the job, waits until ACTIVE and reports it', async () => {
    personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
    describeSequence(
      { status: 'CREATE PENDING' },
      { status: 'CREATE IN_PROGRESS' },
      { status: 'ACTIVE', creationDateTime: at(0), lastUpdatedDateTime: at(125) }
    )
    const result = await runWith({
      tags: 'tagKey=team,tagValue=reco tagKey=env,tagValue=prod',
      'import-mode': 'incremental'
    })

    expect(
      personalize.commandCalls(CreateDatasetImportJobCommand).map((c) => c.args[0].input)
    ).toEqual([
      {
        jobName: 'nightly-1',
        datasetArn: DATASET_ARN,
        dataSource: { dataLocation: 's3://retail-data/interactions/' },
        roleArn: ROLE_ARN,
        tags: [
          { tagKey: 'team', tagValue: 'reco' },
          { tagKey: 'env', tagValue: 'prod' }
        ],
        importMode: 'INCREMENTAL'
      }
    ])
    expect(
      personalize.commandCalls(DescribeDatasetImportJobCommand).map((c) => c.args[0].input)
    ).toEqual(Array(3).fill({ datasetImportJobArn: JOB_ARN }))
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs).toEqual({
      preflight: 'off',
      'dataset-import-job-arn': JOB_ARN,
      'job-name': 'nightly-1',
      'console-url': CONSOLE,
      status: 'ACTIVE',
      'failure-reason': '',
      'duration-seconds': '125'
    })
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'Created import job nightly-1',
      `ARN: ${JOB_ARN}`,
      `Console: ${CONSOLE}`,
      'Waiting up to 3h for the import (checks at most 30s apart).',
      'CREATE PENDING after 15s of waiting',
      'CREATE IN_PROGRESS after 30s of waiting',
      'ACTIVE after 45s of waiting',
      'Import job nightly-1 is ACTIVE; the import took 2m 5s.'
    ])
    expect(result.summary).toContain('<h3>Personalize dataset import</h3>')
    for (const cell of [
      'nightly-1',
      JOB_ARN,
      DATASET_ARN,
      's3://retail-data/interactions/',
      'INCREMENTAL',
      '✅ ACTIVE',
      '2m 5s'
    ]) {
      expect(result.summary).toContain(`<td>${cell}</td>`)
    }
    expect(result.summary).not.toContain('Failure reason')
    expect(result.stdout + result.summary).not.toContain('reco')
  })

  it('fails the step on CREATE FAILED with the reason in an error annotation and the summary', async () => {
    const reason =
      'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [USER_ID].'
    personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
    describeSequence({
      status: 'CREATE FAILED',
      failureReason: reason,
      creationDateTime: at(0),
      lastUpdatedDateTime: at(4)
    })
    const result = await runWith()

    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('CREATE FAILED')
    expect(result.outputs['failure-reason']).toBe(reason)
    expect(result.outputs['duration-seconds']).toBe('4')
    expect(result.stdout).toContain(
      `::error title=Personalize import CREATE FAILED::Import job nightly-1 ended CREATE FAILED after 4s: ${reason}%0AWhat to do: The CSV header must name the dataset schema's fields as the schema writes them. Compare the header row with the schema, check the delimiter, and save the file without a UTF-8 byte-order mark: a BOM makes the first column name unreadable.%0AARN: ${JOB_ARN}\n`
    )
    expect(result.summary).toContain(`<td>Failure reason</td><td>${reason}</td>`)
    expect(result.summary).toContain('<td>❌ CREATE FAILED</td>')
    expect(result.summary).toContain('<td>What to do</td><td>The CSV header must name')
    expect(result.summary).toContain(
      `<a href="${CONSOLE}">Open the dataset group in the AWS console</a>`
    )
  })

  it('times out saying the import goes on, with its ARN and last status', async () => {
    personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
    personalize
      .on(DescribeDatasetImportJobCommand)
      .resolves({ datasetImportJob: { status: 'CREATE IN_PROGRESS' } })
    const result = await runWith({ 'wait-timeout': '2m' })

    expect(result.exitCode).toBe(1)
    expect(result.outputs).toEqual({
      preflight: 'off',
      'dataset-import-job-arn': JOB_ARN,
      'job-name': 'nightly-1',
      'console-url': CONSOLE,
      status: 'CREATE IN_PROGRESS',
      'failure-reason': '',
      'duration-seconds': '120'
    })
    expect(result.stdout).toContain(
      `::error title=Personalize import still running at wait-timeout::Import job nightly-1 is still CREATE IN_PROGRESS after waiting 2m (wait-timeout). Personalize import jobs cannot be stopped: this one goes on.%0AARN: ${JOB_ARN}%0AConsole: ${CONSOLE}%0ARaise wait-timeout, or wait for it in a later step.\n`
    )
    expect(result.summary).toContain('The wait timed out; the import goes on in Personalize')
  })

  it('returns at once with wait: false', async () => {
    personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
    const result = await runWith({ wait: 'false' })

    expect(personalize.commandCalls(DescribeDatasetImportJobCommand)).toHaveLength(0)
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs).toEqual({
      preflight: 'off',
      'dataset-import-job-arn': JOB_ARN,
      'job-name': 'nightly-1',
      'console-url': CONSOLE,
      status: 'CREATE PENDING',
      'failure-reason': '',
      'duration-seconds': '0'
    })
    expect(clock.sleeps).toEqual([])
  })

  it('keeps the ARN in the outputs when waiting ends in a fatal error', async () => {
    personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
    personalize
      .on(DescribeDatasetImportJobCommand)
      .resolvesOnce({ datasetImportJob: { status: 'CREATE IN_PROGRESS' } })
      .rejects(
        Object.assign(new Error('The security token included in the request is expired'), {
          name: 'ExpiredTokenException'
        })
      )
    const result = await runWith()

    expect(result.exitCode).toBe(1)
    expect(result.outputs['dataset-import-job-arn']).toBe(JOB_ARN)
    expect(result.outputs.status).toBe('CREATE IN_PROGRESS')
    expect(result.stdout).toContain(
      '::error title=DescribeDatasetImportJob failed::DescribeDatasetImportJob failed: ExpiredTokenException: The security token included in the request is expired%0AThe AWS credentials expired'
    )
    expect(result.stdout).toContain(
      `Import job nightly-1 was last seen CREATE IN_PROGRESS. Personalize import jobs cannot be stopped: this one goes on.%0AARN: ${JOB_ARN}%0AConsole: ${CONSOLE}`
    )
  })

  it('says which permission is missing when creation is denied, and that no job exists', async () => {
    personalize
      .on(CreateDatasetImportJobCommand)
      .rejects(
        Object.assign(
          new Error(
            `User: arn:aws:sts::123456789012:assumed-role/gha/x is not authorized to perform: iam:PassRole on resource: ${ROLE_ARN}`
          ),
          { name: 'AccessDeniedException' }
        )
      )
    const result = await runWith()

    expect(result.exitCode).toBe(1)
    expect(result.outputs).toEqual({ 'job-name': 'nightly-1', preflight: 'off' })
    expect(result.stdout).toContain(
      `::error title=CreateDatasetImportJob failed::CreateDatasetImportJob failed: AccessDeniedException:`
    )
    expect(result.stdout).toContain(
      `Grant iam:PassRole on ${ROLE_ARN} (with condition iam:PassedToService = personalize.amazonaws.com)`
    )
    expect(result.stdout).toContain('No import job was created.')
  })

  it('refuses bad input before any call, naming every bad input', async () => {
    const result = await runWith({
      'role-arn': 'PersonalizeS3Read',
      'import-mode': 'append',
      tags: 'tagKey=a,tagValue=TOPSECRET,x'
    })

    expect(personalize.calls()).toHaveLength(0)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toEqual({})
    expect(result.stdout).toBe(
      '::error title=Invalid input::3 inputs are not valid; nothing was sent to AWS.%0A' +
        'Input `tags`: tag 1: tagValue must be a single string (an unescaped comma in the value? quote it or use \\,)%0A' +
        'Input `import-mode`: "append" is not one of FULL, INCREMENTAL.%0A' +
        'Input `role-arn`: "PersonalizeS3Read" is not an IAM role ARN. Expected arn:aws:iam::<12-digit account>:role/<role name> (the service role Personalize assumes to read S3).\n'
    )
  })

  it('prints a skeleton and makes no call', async () => {
    const result = await runWith({ 'generate-cli-skeleton': 'output' })
    expect(personalize.calls()).toHaveLength(0)
    expect(JSON.parse(result.stdout)).toEqual({ datasetImportJobArn: JOB_ARN })
    expect(result.exitCode).toBeUndefined()
  })

  describe('a dataset that is busy or has data', () => {
    const OTHER = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/other'
    const running = {
      jobName: 'other',
      datasetImportJobArn: OTHER,
      status: 'CREATE IN_PROGRESS',
      creationDateTime: at(-60)
    }

    it('waits for a running import to end before creating (on-busy: wait)', async () => {
      personalize
        .on(ListDatasetImportJobsCommand)
        .resolvesOnce({ datasetImportJobs: [running] })
        .resolves({ datasetImportJobs: [] })
      personalize
        .on(DescribeDatasetImportJobCommand, { datasetImportJobArn: OTHER })
        .resolves({ datasetImportJob: { status: 'ACTIVE' } })
      personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
      personalize
        .on(DescribeDatasetImportJobCommand, { datasetImportJobArn: JOB_ARN })
        .resolves({ datasetImportJob: { status: 'ACTIVE' } })
      const result = await runWith()

      expect(result.exitCode).toBeUndefined()
      expect(personalize.calls().map((c) => c.args[0].constructor.name)).toEqual([
        'ListDatasetImportJobsCommand',
        'DescribeDatasetImportJobCommand',
        'ListDatasetImportJobsCommand',
        'CreateDatasetImportJobCommand',
        'DescribeDatasetImportJobCommand'
      ])
      expect(result.stdout).toContain(
        'Import job other is CREATE IN_PROGRESS on this dataset: waiting for it to end first (on-busy: wait).\n[other] ACTIVE after 15s of waiting\n'
      )
    })

    it('fails without creating when on-busy is fail', async () => {
      personalize.on(ListDatasetImportJobsCommand).resolves({ datasetImportJobs: [running] })
      const result = await runWith({ 'on-busy': 'fail' })

      expect(result.exitCode).toBe(1)
      expect(personalize.commandCalls(CreateDatasetImportJobCommand)).toHaveLength(0)
      expect(result.stdout).toContain(
        `::error title=Dataset busy with another import::Import job other is CREATE IN_PROGRESS on this dataset (on-busy is fail). No import job was created.%0AARN of the running job: ${OTHER}`
      )
    })

    it('warns that FULL replaces the bulk data of an earlier ACTIVE import', async () => {
      personalize.on(ListDatasetImportJobsCommand).resolves({
        datasetImportJobs: [{ jobName: 'first', status: 'ACTIVE', creationDateTime: at(-9000) }]
      })
      personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
      const result = await runWith({ wait: 'false' })

      expect(result.stdout).toContain(
        '::warning title=FULL import replaces earlier bulk data::import-mode is FULL: this import replaces all bulk data imported into the dataset before, including import first. Use import-mode: INCREMENTAL to add records instead.\n'
      )
      const before = result.stdout.length
      const incremental = await runWith({
        wait: 'false',
        'import-mode': 'INCREMENTAL',
        'job-name': 'nightly-2'
      })
      expect(incremental.stdout.slice(before)).not.toContain('::warning')
    })

    it('goes ahead with a warning when it may not list the imports', async () => {
      personalize.on(ListDatasetImportJobsCommand).rejects(
        Object.assign(new Error('not authorized to perform: personalize:ListDatasetImportJobs'), {
          name: 'AccessDeniedException'
        })
      )
      personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
      const result = await runWith({ wait: 'false' })

      expect(result.exitCode).toBeUndefined()
      expect(result.stdout).toContain(
        '::warning title=Dataset not checked::ListDatasetImportJobs failed: AccessDeniedException'
      )
      expect(result.stdout).toContain(
        'Grant personalize:ListDatasetImportJobs to enable the check.'
      )
    })

    it('stops before creating when listing fails for another reason (bad signature)', async () => {
      personalize.on(ListDatasetImportJobsCommand).rejects(
        Object.assign(new Error('Credential should be scoped to a valid region.'), {
          name: 'InvalidSignatureException'
        })
      )
      const result = await runWith({ wait: 'false' })

      expect(result.exitCode).toBe(1)
      expect(personalize.commandCalls(CreateDatasetImportJobCommand)).toHaveLength(0)
      expect(result.stdout).toContain(
        '::error title=ListDatasetImportJobs failed::ListDatasetImportJobs failed: InvalidSignatureException: Credential should be scoped to a valid region.%0AThe request signature was rejected'
      )
      expect(result.stdout).toContain('No import job was created.')
      expect(result.stdout).not.toContain('Dataset not checked')
    })

    it('rides out a throttled listing, then creates', async () => {
      personalize
        .on(ListDatasetImportJobsCommand)
        .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
        .resolves({ datasetImportJobs: [] })
      personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: JOB_ARN })
      const result = await runWith({ wait: 'false' })

      expect(result.exitCode).toBeUndefined()
      expect(personalize.commandCalls(ListDatasetImportJobsCommand)).toHaveLength(2)
      expect(personalize.commandCalls(CreateDatasetImportJobCommand)).toHaveLength(1)
      expect(result.stdout).toContain(
        'ListDatasetImportJobs failed (ThrottlingException); trying again in 5s.\n'
      )
      expect(clock.sleeps).toEqual([5000])
    })
  })
})
