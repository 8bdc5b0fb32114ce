// The emulator's faults for long waits (issue 15), through the real SDK and the AWS CLI: a window
// of refused connections, a create race, a nextToken that repeats, a dataset with thousands of
// past imports, and the regional quota held by other imports.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateDatasetImportJobCommand,
  DescribeDatasetImportJobCommand,
  ListDatasetImportJobsCommand,
  PersonalizeClient,
  paginateListDatasetImportJobs
} from '@aws-sdk/client-personalize'
import {
  DEFAULT_CREDENTIALS,
  loadScenario,
  startEmulator,
  type Emulator,
  type EmulatorOptions
} from '../../emulator/index.js'
import { awsCli, sdkFailure } from './witness.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const dataset = (name: string) =>
  `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/${name}/INTERACTIONS`
const DATASET = dataset('retail')
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const jobArn = (name: string) =>
  `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset-import-job/${name}`

const emulators: Emulator[] = []
async function emulator(options: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator({ datasets: [{ datasetArn: DATASET }], ...options })
  emulators.push(emu)
  return emu
}
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()))
})

const client = (emu: Emulator, maxAttempts = 1) =>
  new PersonalizeClient({
    endpoint: emu.url,
    region: REGION,
    credentials: DEFAULT_CREDENTIALS,
    maxAttempts
  })
const create = (name: string, datasetArn = DATASET) =>
  new CreateDatasetImportJobCommand({
    jobName: name,
    datasetArn,
    dataSource: { dataLocation: `s3://data/${name}.csv` },
    roleArn: ROLE
  })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('refuse: the endpoint goes away and comes back on the same port', () => {
  it('drops the request that meets it, refuses connections for ms, then answers again', async () => {
    const emu = await emulator({
      existingJobs: [{ jobName: 'long', datasetArn: DATASET, status: 'CREATE IN_PROGRESS' }],
      faults: [{ operation: 'DescribeDatasetImportJob', kind: 'refuse', skip: 1, ms: 1500 }]
    })
    const sdk = client(emu)
    const describe = () =>
      sdk.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn('long') }))
    await expect(describe()).resolves.toMatchObject({
      datasetImportJob: { status: 'CREATE IN_PROGRESS' }
    })
    const began = Date.now()
    // The request in flight is cut (a reset), and new connections are refused.
    expect(await sdkFailure(describe())).toMatchObject({
      message: expect.stringMatching(/socket hang up|ECONNRESET/)
    })
    const refused = await sdkFailure(describe())
    expect(refused.message).toMatch(/ECONNREFUSED/)
    await sleep(Math.max(0, began + 1600 - Date.now()))
    await expect(describe()).resolves.toMatchObject({
      datasetImportJob: { status: 'CREATE IN_PROGRESS' }
    })
    // The refused attempt never reached the emulator: 3 recorded, the second without an answer.
    expect(emu.requests.map((r) => [r.fault, r.status])).toEqual([
      [null, 200],
      ['refuse', null],
      [null, 200]
    ])
  })

  it('refuseConnections(ms) does the same on demand', async () => {
    const emu = await emulator({})
    emu.refuseConnections(800)
    expect(
      (await sdkFailure(client(emu).send(new ListDatasetImportJobsCommand({})))).message
    ).toMatch(/ECONNREFUSED/)
    await sleep(900)
    await expect(client(emu).send(new ListDatasetImportJobsCommand({}))).resolves.toBeDefined()
  })
})

describe('create-race: another caller creates between the busy check and the create', () => {
  it('starts a racing import on the dataset and refuses this create with ResourceInUseException', async () => {
    let now = Date.UTC(2026, 5, 1, 12)
    const emu = await emulator({
      now: () => now,
      oneImportPerDataset: true,
      faults: [{ kind: 'create-race' }]
    })
    const sdk = client(emu)
    expect(await sdkFailure(sdk.send(create('ours')))).toEqual({
      name: 'ResourceInUseException',
      message: `Resource ${DATASET} is in use.`,
      status: 409
    })
    expect(emu.jobs().map((j) => [j.jobName, j.datasetArn, j.status, j.dataSource])).toEqual([
      ['racing-import-1', DATASET, 'CREATE PENDING', { dataLocation: 's3://data/ours.csv' }]
    ])
    // While the racing import runs, the dataset stays busy (oneImportPerDataset).
    now += 2000
    expect(await sdkFailure(sdk.send(create('ours')))).toMatchObject({
      name: 'ResourceInUseException',
      status: 409
    })
    now += 1000
    await expect(sdk.send(create('ours'))).resolves.toEqual(
      expect.objectContaining({ datasetImportJobArn: jobArn('ours') })
    )
    expect(emu.requests.map((r) => [r.operation, r.fault, r.errorType])).toEqual([
      ['CreateDatasetImportJob', 'create-race', 'ResourceInUseException'],
      ['CreateDatasetImportJob', null, 'ResourceInUseException'],
      ['CreateDatasetImportJob', null, null]
    ])
  })

  it('without oneImportPerDataset, only the raced create is refused', async () => {
    const emu = await emulator({ faults: [{ kind: 'create-race' }] })
    expect((await sdkFailure(client(emu).send(create('ours')))).name).toBe('ResourceInUseException')
    await expect(client(emu).send(create('ours'))).resolves.toBeDefined()
    expect(emu.jobs().map((j) => j.jobName)).toEqual(['racing-import-1', 'ours'])
  })
})

describe('repeat-token: ListDatasetImportJobs whose nextToken never changes', () => {
  it('answers every page with the token it was asked with, forever', async () => {
    const emu = await emulator({
      pastImports: [{ datasetArn: DATASET, count: 150 }],
      faults: [{ kind: 'repeat-token', count: Infinity }]
    })
    const sdk = client(emu)
    const first = await sdk.send(new ListDatasetImportJobsCommand({ datasetArn: DATASET }))
    expect(first.datasetImportJobs).toHaveLength(100)
    const token = first.nextToken!
    for (let i = 0; i < 3; i++) {
      const again = await sdk.send(
        new ListDatasetImportJobsCommand({ datasetArn: DATASET, nextToken: token })
      )
      expect(again.nextToken).toBe(token)
      expect(again.datasetImportJobs?.map((j) => j.jobName)).toEqual(
        Array.from({ length: 50 }, (_, k) => `past-import-1-${k + 101}`)
      )
    }
    // The SDK's paginator has no guard: it goes on as long as it is asked to.
    const seen: (string | undefined)[] = []
    for await (const page of paginateListDatasetImportJobs(
      { client: sdk },
      { datasetArn: DATASET }
    )) {
      seen.push(page.nextToken)
      if (seen.length === 25) break
    }
    expect(new Set(seen)).toEqual(new Set([token]))
  })

  it('gives a one-page list a token that reads the first page again', async () => {
    const emu = await emulator({
      pastImports: [{ datasetArn: DATASET, count: 3 }],
      faults: [{ kind: 'repeat-token', count: Infinity }]
    })
    const sdk = client(emu)
    const first = await sdk.send(new ListDatasetImportJobsCommand({ datasetArn: DATASET }))
    expect(first.nextToken).toEqual(expect.any(String))
    const again = await sdk.send(
      new ListDatasetImportJobsCommand({ datasetArn: DATASET, nextToken: first.nextToken })
    )
    expect(again).toMatchObject({
      nextToken: first.nextToken,
      datasetImportJobs: first.datasetImportJobs
    })
  })
})

describe('pastImports: a dataset with a long history', () => {
  it('5,000 past imports and a new one are 51 pages, newest first', async () => {
    const emu = await emulator({ pastImports: [{ datasetArn: DATASET, count: 5000 }] })
    const sdk = client(emu)
    await sdk.send(create('new-one'))
    const names: string[] = []
    let pages = 0
    for await (const page of paginateListDatasetImportJobs(
      { client: sdk },
      { datasetArn: DATASET }
    )) {
      pages++
      names.push(...(page.datasetImportJobs ?? []).map((j) => j.jobName ?? ''))
    }
    expect(pages).toBe(51)
    expect(names).toHaveLength(5001)
    expect(names.slice(0, 3)).toEqual(['new-one', 'past-import-1-1', 'past-import-1-2'])
    expect(names.at(-1)).toBe('past-import-1-5000')
    const [oldest] = emu.jobs()
    expect(oldest).toMatchObject({
      jobName: 'past-import-1-1',
      status: 'ACTIVE',
      importMode: 'FULL'
    })
  })
})

describe('the regional quota held by other imports', () => {
  it('refuses creates with the quota text until the holders finish; the SDK retries it twice itself', async () => {
    const holders = Array.from({ length: 5 }, (_, i) => ({
      jobName: `holder-${i + 1}`,
      datasetArn: dataset(`other-${i + 1}`),
      status: 'CREATE IN_PROGRESS' as const,
      secondsLeft: 2
    }))
    // The jobs' clock stands still while the SDK retries (its backoff is real time).
    let now = Date.UTC(2026, 5, 1, 12)
    const emu = await emulator({
      now: () => now,
      datasets: [{ datasetArn: DATASET }, ...holders.map((h) => ({ datasetArn: h.datasetArn }))],
      existingJobs: holders
    })
    // The SDK's default: 3 attempts, LimitExceededException counted as throttling.
    expect(await sdkFailure(client(emu, 3).send(create('ours')))).toEqual({
      name: 'LimitExceededException',
      message: 'More than 5 resources with PENDING or IN_PROGRESS status.',
      status: 409
    })
    expect(emu.requests.map((r) => [r.errorType, r.headers['amz-sdk-request']])).toEqual([
      ['LimitExceededException', 'attempt=1; max=3'],
      ['LimitExceededException', 'attempt=2; max=3'],
      ['LimitExceededException', 'attempt=3; max=3']
    ])
    now += 1999
    expect((await sdkFailure(client(emu).send(create('ours')))).name).toBe('LimitExceededException')
    now += 1
    await expect(client(emu).send(create('ours'))).resolves.toMatchObject({
      datasetImportJobArn: jobArn('ours')
    })
  })
})

describe('scenario checks for the new keys', () => {
  it.each([
    [{ sts: { role: 'x' } }, "options.sts: unknown key 'role'"],
    [{ oidc: { audience: 'x' } }, "options.oidc: unknown key 'audience'"],
    [
      { pastImports: [{ datasetArn: DATASET, count: 1, when: 1 }] },
      "options.pastImports[0]: unknown key 'when'"
    ],
    [
      { credentialsExpireSeconds: 0 },
      'options.credentialsExpireSeconds: give a number of seconds above 0, got 0'
    ],
    [
      { sts: { credentialSeconds: -1 } },
      'options.sts.credentialSeconds: give a number of seconds above 0, got -1'
    ],
    [
      { faults: [{ operation: 'DescribeDatasetImportJob', kind: 'create-race' }] },
      'fault: create-race only applies to CreateDatasetImportJob'
    ],
    [
      { faults: [{ operation: 'CreateDatasetImportJob', kind: 'repeat-token' }] },
      'fault: repeat-token only applies to ListDatasetImportJobs'
    ],
    [
      { faults: [{ operation: 'AssumeRoleWithWebIdentity', kind: 'other-job' }] },
      'fault: other-job does not apply to STS; use one of reset, hang, refuse, http-500, http-503, throttle, idp-communication-error'
    ]
  ] as [EmulatorOptions, string][])('%j: %s', async (options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message)
  })

  it('takes the new keys from a scenario file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scenario-')), 'scenario.json')
    writeFileSync(
      file,
      JSON.stringify({
        datasets: [{ datasetArn: DATASET }],
        oneImportPerDataset: true,
        pastImports: [{ datasetArn: DATASET, count: 2 }],
        credentialsExpireSeconds: 3600,
        sts: { subject: 'repo:our-org/*', credentialSeconds: 60 },
        oidc: { repository: 'our-org/other', tokenSeconds: 60 },
        faults: [{ kind: 'refuse', operation: 'ListDatasetImportJobs', ms: 500 }]
      })
    )
    const emu = await emulator(loadScenario(file))
    expect(emu.jobs().map((j) => j.jobName)).toEqual(['past-import-1-1', 'past-import-1-2'])
    expect(emu.oidc?.subject).toBe('repo:our-org/other:ref:refs/heads/main')
  })
})

const CLI_ENV = {
  AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
  AWS_MAX_ATTEMPTS: '1'
}

describe('the faults through the AWS CLI', () => {
  it("repeat-token: botocore's paginator stops on the repeated token", async () => {
    const emu = await emulator({
      pastImports: [{ datasetArn: DATASET, count: 250 }],
      faults: [{ kind: 'repeat-token', count: Infinity }]
    })
    const run = await awsCli(
      emu.url,
      ['personalize', 'list-dataset-import-jobs', '--dataset-arn', DATASET, '--page-size', '100'],
      CLI_ENV
    )
    expect(run.code).toBe(255)
    expect(run.stderr).toMatch(/The same next token was received twice/)
  })

  it('create-race: ResourceInUseException as the CLI shows it', async () => {
    const emu = await emulator({ faults: [{ kind: 'create-race' }] })
    const run = await awsCli(
      emu.url,
      [
        'personalize',
        'create-dataset-import-job',
        '--job-name',
        'ours',
        '--dataset-arn',
        DATASET,
        '--data-source',
        'dataLocation=s3://data/ours.csv',
        '--role-arn',
        ROLE
      ],
      CLI_ENV
    )
    expect(run.code).toBe(255)
    expect(run.stderr.trim()).toBe(
      `An error occurred (ResourceInUseException) when calling the CreateDatasetImportJob operation: Resource ${DATASET} is in use.`
    )
  })

  it('pastImports: the CLI reads all 5,000 across its pages', async () => {
    const emu = await emulator({ pastImports: [{ datasetArn: DATASET, count: 5000 }] })
    const run = await awsCli(
      emu.url,
      [
        'personalize',
        'list-dataset-import-jobs',
        '--dataset-arn',
        DATASET,
        '--query',
        'length(datasetImportJobs)'
      ],
      CLI_ENV
    )
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('5000')
    expect(emu.requests).toHaveLength(50)
  })
})
