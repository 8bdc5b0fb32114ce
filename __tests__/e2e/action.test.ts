// The committed dist/index.js, run as the runner runs it, against the local Personalize emulator
// with the real SDK on the wire (awsJson1_1, SigV4). No mocks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import {
  CREDENTIALS,
  importRunner,
  NODES,
  unexpectedStderr,
  visible,
  type ActionRun
} from './runner.js'
import { ACCOUNT, DATASET, ROLE, consoleUrl, jobArn, startWorld } from './fixture.js'

const SLOW_DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/slow/INTERACTIONS`
const SECRET_TAG = 'tag-value-that-must-never-leak'
const MISSING_COLUMNS_FIX =
  "What to do: The CSV header must name the dataset schema's fields as the schema writes them. Compare the header row with the schema, check the delimiter, and save the file without a UTF-8 byte-order mark: a BOM makes the first column name unreadable."

let emu: Emulator
const runs: ActionRun[] = []

beforeAll(async () => {
  emu = await startWorld({
    // The slow import gets a dataset of its own: a running import makes later runs wait (on-busy).
    datasets: [{ datasetArn: DATASET }, { datasetArn: SLOW_DATASET }],
    // INCREMENTAL imports need an earlier FULL one.
    existingJobs: [
      {
        jobName: 'initial-full',
        datasetArn: DATASET,
        dataLocation: 's3://retail-data/initial/',
        status: 'ACTIVE',
        importMode: 'FULL'
      }
    ],
    jobs: { pendingSeconds: 0.5, inProgressSeconds: 1 },
    outcomes: [
      {
        match: { dataLocationPrefix: 's3://retail-data/missing-columns/' },
        failure: 'missing-columns'
      },
      {
        match: { dataLocationPrefix: 's3://retail-data/slow/' },
        pendingSeconds: 1,
        inProgressSeconds: 60
      }
    ]
  })
})

afterAll(async () => {
  await emu.close()
})

beforeEach(() => emu.clearRequests())

const importRun = importRunner(
  () => ({
    'dataset-arn': DATASET,
    'data-source': 'dataLocation=s3://retail-data/interactions/',
    'role-arn': ROLE,
    'endpoint-url': emu.url,
    region: 'us-east-1',
    'poll-interval': '1'
  }),
  runs
)

const operations = () => emu.requests.map((r) => r.operation)

describe.each(NODES)('on %s', (_name, node) => {
  it('imports until ACTIVE and reports it', async () => {
    const run = await importRun(
      {
        'job-name': `active-${_name.replace(/ /g, '-')}`,
        tags: `tagKey=team,tagValue=${SECRET_TAG} tagKey=env,tagValue=prod`,
        'import-mode': 'incremental'
      },
      { node }
    )
    const name = `active-${_name.replace(/ /g, '-')}`
    expect(run.annotations).toEqual([])
    expect(unexpectedStderr(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toEqual({
      preflight: 'off',
      'dataset-import-job-arn': jobArn(name),
      'job-name': name,
      status: 'ACTIVE',
      'failure-reason': '',
      'duration-seconds': '2',
      'console-url': consoleUrl('retail')
    })
    expect(run.annotations).toEqual([])
    const create = emu.requests.find((r) => r.operation === 'CreateDatasetImportJob')!
    expect(create.body).toEqual({
      jobName: name,
      datasetArn: DATASET,
      dataSource: { dataLocation: 's3://retail-data/interactions/' },
      roleArn: ROLE,
      tags: [
        { tagKey: 'team', tagValue: SECRET_TAG },
        { tagKey: 'env', tagValue: 'prod' }
      ],
      importMode: 'INCREMENTAL'
    })
    expect(create.headers['user-agent']).toContain(
      'personalize-dataset-import-for-github-actions/1.0.0'
    )
    expect(operations().slice(0, 2)).toEqual(['ListDatasetImportJobs', 'CreateDatasetImportJob'])
    expect(
      operations()
        .slice(2)
        .every((op) => op === 'DescribeDatasetImportJob')
    ).toBe(true)
    expect(run.stdout).toContain(`Created import job ${name}\nARN: ${jobArn(name)}\n`)
    expect(run.stdout).toMatch(/\nACTIVE after \d+s of waiting\n/)
    for (const cell of [
      name,
      jobArn(name),
      DATASET,
      's3://retail-data/interactions/',
      'INCREMENTAL',
      '✅ ACTIVE',
      '2s'
    ]) {
      expect(run.summary).toContain(`<td>${cell}</td>`)
    }
  })

  it('fails on CREATE FAILED with the service reason in the output and an annotation', async () => {
    const run = await importRun(
      {
        'job-name': `failed-${_name.replace(/ /g, '-')}`,
        'data-source': 's3://retail-data/missing-columns/',
        'import-mode': 'INCREMENTAL'
      },
      { node }
    )
    const reason =
      'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [USER_ID, ITEM_ID].'
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('CREATE FAILED')
    expect(run.outputs['failure-reason']).toBe(reason)
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Personalize import CREATE FAILED',
        message: `Import job failed-${_name.replace(/ /g, '-')} ended CREATE FAILED after 2s: ${reason}\n${MISSING_COLUMNS_FIX}\nARN: ${run.outputs['dataset-import-job-arn']}`
      }
    ])
    expect(run.summary).toContain(`<td>Failure reason</td><td>${reason}</td>`)
  })
})

describe('on node 24', () => {
  it('returns once created with wait: false', async () => {
    const run = await importRun({
      'job-name': 'no-wait',
      wait: 'false',
      'import-mode': 'INCREMENTAL'
    })
    expect(run.exitCode).toBe(0)
    expect(operations()).toEqual(['ListDatasetImportJobs', 'CreateDatasetImportJob'])
    expect(run.outputs).toEqual({
      preflight: 'off',
      'dataset-import-job-arn': jobArn('no-wait'),
      'job-name': 'no-wait',
      status: 'CREATE PENDING',
      'failure-reason': '',
      'duration-seconds': '0',
      'console-url': consoleUrl('retail')
    })
  })

  it('times out saying the import goes on, with the ARN and last status', async () => {
    const run = await importRun({
      'job-name': 'slow-one',
      'dataset-arn': SLOW_DATASET,
      'data-source': 's3://retail-data/slow/',
      'wait-timeout': '3s'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('slow-one'))
    expect(run.outputs.status).toBe('CREATE IN_PROGRESS')
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Personalize import still running at wait-timeout',
        message: `Import job slow-one is still CREATE IN_PROGRESS after waiting 3s (wait-timeout). Personalize import jobs cannot be stopped: this one goes on.\nARN: ${jobArn('slow-one')}\nConsole: https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:${ACCOUNT}:dataset-group$slow/setup\nRaise wait-timeout, or wait for it in a later step.`
      }
    ])
    expect(run.ms).toBeLessThan(8000)
  })

  it('refuses bad input without sending anything', async () => {
    const run = await importRun({ 'job-name': 'bad name', 'import-mode': 'append' })
    expect(run.exitCode).toBe(1)
    expect(emu.requests).toEqual([])
    expect(run.outputs).toEqual({})
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Invalid input',
        message:
          '2 inputs are not valid; nothing was sent to AWS.\nInput `import-mode`: "append" is not one of FULL, INCREMENTAL.\n' +
          'Input `job-name`: "bad name" is not a job name. Expected 1-63 letters, digits, hyphens and underscores, starting with a letter or digit (^[a-zA-Z0-9][a-zA-Z0-9\\-_]*).'
      }
    ])
  })

  it('sends cli-input-json merged under explicit inputs, tags intact', async () => {
    const request = {
      jobName: 'from-file',
      datasetArn: DATASET,
      dataSource: { dataLocation: 's3://retail-data/ignored/' },
      roleArn: ROLE,
      tags: [{ tagKey: 'owner', tagValue: SECRET_TAG }],
      publishAttributionMetricsToS3: true
    }
    const run = await importRun(
      {
        'cli-input-json': 'file://import.json',
        'dataset-arn': '',
        'role-arn': '',
        'data-source': 's3://retail-data/interactions/',
        wait: 'false'
      },
      { files: { 'import.json': JSON.stringify(request) } }
    )
    expect(run.exitCode).toBe(0)
    expect(emu.requests.map((r) => r.body)).toEqual([
      { datasetArn: DATASET, maxResults: 100 },
      {
        ...request,
        dataSource: { dataLocation: 's3://retail-data/interactions/' },
        importMode: 'FULL'
      }
    ])
  })

  it('names the job after the repository, run and attempt by default', async () => {
    const run = await importRun(
      { wait: 'false' },
      { env: { GITHUB_RUN_ID: '9990001', GITHUB_RUN_ATTEMPT: '3' } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs['job-name']).toMatch(/^shop-web-9990001-3-[0-9a-f]{6}$/)
    const create = emu.requests.find((r) => r.operation === 'CreateDatasetImportJob')
    expect(create?.body).toMatchObject({ jobName: run.outputs['job-name'] })
  })

  it('fails when the job name is taken, saying names cannot be reused', async () => {
    const inputs = { 'job-name': 'taken-name', wait: 'false', 'import-mode': 'INCREMENTAL' }
    await importRun(inputs)
    const run = await importRun(inputs)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({ 'job-name': 'taken-name', preflight: 'off' })
    expect(run.annotations[0].title).toBe('CreateDatasetImportJob failed')
    expect(run.annotations[0].message).toContain(
      'An import job named taken-name already exists in this account and region, and job names can never be reused.'
    )
  })

  describe('signatures in another region', () => {
    let west: Emulator
    const westDataset = `arn:aws:personalize:eu-west-1:${ACCOUNT}:dataset/shop/ITEMS`

    beforeAll(async () => {
      west = await startEmulator({
        port: 0,
        region: 'eu-west-1',
        accountId: ACCOUNT,
        credentials: CREDENTIALS,
        datasets: [{ datasetArn: westDataset }],
        jobs: { pendingSeconds: 0.2, inProgressSeconds: 0.5 }
      })
    })
    afterAll(async () => west.close())

    it('signs for the region it is given', async () => {
      const run = await importRun(
        { 'job-name': 'west-1', 'dataset-arn': westDataset, 'endpoint-url': west.url, region: '' },
        { env: { AWS_REGION: 'eu-west-1' } }
      )
      expect(run.exitCode).toBe(0)
      expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('west-1', 'eu-west-1'))
      expect(west.requests.map((r) => r.credential?.region)).toEqual(
        Array(west.requests.length).fill('eu-west-1')
      )
    })

    it('reports a signature for the wrong region as such', async () => {
      // A client for us-east-1 (the dataset's region) sent to an endpoint that serves eu-west-1.
      west.clearRequests()
      const run = await importRun({
        'job-name': 'west-2',
        'endpoint-url': west.url,
        region: 'us-east-1'
      })
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toHaveLength(1)
      expect(run.annotations[0].title).toBe('ListDatasetImportJobs failed')
      expect(run.annotations[0].message).toContain(
        'ListDatasetImportJobs failed: InvalidSignatureException: Credential should be scoped to a valid region.'
      )
      expect(west.requests.map((r) => r.operation)).toEqual(['ListDatasetImportJobs'])
      expect(run.annotations[0].message).toContain('No import job was created.')
    })
  })
})

// The December 2025 model made roleArn optional: no role-arn means no roleArn on the wire.
it('creates without a role when role-arn is empty, sending no roleArn', async () => {
  const run = await importRun({
    'job-name': 'no-role',
    'role-arn': '',
    'import-mode': 'INCREMENTAL'
  })
  expect(unexpectedStderr(run)).toBe('')
  expect(run.annotations).toEqual([])
  expect(run.exitCode).toBe(0)
  expect(run.outputs.status).toBe('ACTIVE')
  const create = emu.requests.find((r) => r.operation === 'CreateDatasetImportJob')!
  expect(create.body).toEqual({
    jobName: 'no-role',
    datasetArn: DATASET,
    dataSource: { dataLocation: 's3://retail-data/interactions/' },
    importMode: 'INCREMENTAL'
  })
})

// Last in the file, so it sees every run above.
it('never shows a credential secret or a tag value, across every run', () => {
  expect(runs.length).toBeGreaterThan(5)
  for (const run of runs) {
    const seen = visible(run)
    expect(seen).not.toContain(CREDENTIALS.secretAccessKey)
    expect(seen).not.toContain(CREDENTIALS.sessionToken)
    expect(seen).not.toContain(SECRET_TAG)
  }
})
