// The Personalize emulator through the real, unmodified SDK: every operation, every error and
// every fault, with the job lifecycle on a manual clock. Raw HTTP only where the SDK cannot send
// what a test needs (no signature, another signing service, an unknown member).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  CreateDatasetImportJobCommand,
  DescribeDatasetCommand,
  DescribeDatasetImportJobCommand,
  DescribeSchemaCommand,
  ListDatasetImportJobsCommand,
  ListTagsForResourceCommand,
  PersonalizeClient,
  paginateListDatasetImportJobs,
  type CreateDatasetImportJobCommandInput,
  type PersonalizeClientConfig
} from '@aws-sdk/client-personalize'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { SignatureV4 } from '@smithy/signature-v4'
import {
  DEFAULT_CREDENTIALS,
  loadScenario,
  STANDARD_SCHEMAS,
  startEmulator,
  startS3Folder,
  type S3Folder,
  type Emulator,
  type EmulatorOptions
} from '../../emulator/index.js'
import { S3_REFUSED_CREDENTIALS, startS3, type S3Server } from './s3.js'

const ROOT = resolve(import.meta.dirname, '../..')
const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/INTERACTIONS`
const ITEMS = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/ITEMS`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const LOCATION = 's3://retail-data/interactions/'
const CREDENTIALS = {
  accessKeyId: 'AKIAEMULATORTEST0001',
  secretAccessKey: 'emulator/Test+Secret/Key/0000000000000000',
  sessionToken: 'emulator-session-token'
}
const SECRET_TAG = 'tag-value-that-must-never-leak'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const jobArn = (name: string) =>
  `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset-import-job/${name}`

/** The emulator's clock, moved by hand. Signatures are still checked against the real time. */
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0)
let clock = T0
const now = () => clock

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    region: REGION,
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    datasets: [{ datasetArn: DATASET }, { datasetArn: ITEMS, name: 'retail-items-v2' }],
    outcomes: [
      {
        match: { dataLocationPrefix: 's3://retail-data/missing-columns/' },
        failure: 'missing-columns'
      },
      { match: { dataLocation: 's3://retail-data/nothing.csv' }, failure: 'invalid-data-location' },
      { match: { dataLocationRegex: '^s3://locked-[a-z]+/' }, failure: 's3-privileges' },
      {
        match: { jobName: 'too-long-id' },
        failureReason: 'Length cannot be more than 256 characters for ITEM_ID.'
      },
      { match: { jobNamePrefix: 'quick-' }, pendingSeconds: 0.25, inProgressSeconds: 0.5 }
    ],
    existingJobs: [
      {
        jobName: 'taken-earlier',
        datasetArn: ITEMS,
        dataLocation: 's3://retail-data/items/',
        creationDateTime: (T0 - 86_400_000) / 1000
      }
    ],
    // The quota has its own emulator below; here many tests create jobs.
    maxRunningImports: 1000,
    now
  })
})
afterAll(async () => emu.close())
beforeEach(() => emu.clearRequests())

function client(target: Emulator, config: Partial<PersonalizeClientConfig> = {}) {
  return new PersonalizeClient({
    endpoint: target.url,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...config
  })
}

/** The SDK's standard retry rules, with 5 ms between attempts to keep the file fast. */
const quickRetries = (maxAttempts = 3) => ({
  maxAttempts,
  retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 5)
})

interface SdkError extends Error {
  code?: string
  $fault?: string
  $metadata: { httpStatusCode?: number; attempts?: number; requestId?: string }
}

async function failure(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call
  } catch (error) {
    return error as SdkError
  }
  throw new Error('expected the call to fail')
}

/** The error name, HTTP status and message, to compare in one go. */
async function rejection(call: Promise<unknown>) {
  const e = await failure(call)
  return { name: e.name, status: e.$metadata.httpStatusCode, message: e.message }
}

function create(
  target: Emulator,
  input: Partial<CreateDatasetImportJobCommandInput> & { jobName: string },
  config: Partial<PersonalizeClientConfig> = {}
) {
  return client(target, config).send(
    new CreateDatasetImportJobCommand({
      datasetArn: DATASET,
      dataSource: { dataLocation: LOCATION },
      ...input
    })
  )
}

async function describeJob(name: string, target = emu) {
  const out = await client(target).send(
    new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn(name) })
  )
  return out.datasetImportJob
}

/** A client whose signed request is rewritten first: what the SDK itself would never send. */
function tampered(change: (r: { headers: Record<string, string>; body: string }) => void) {
  const c = client(emu)
  c.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { headers: Record<string, string>; body: string | Uint8Array }
      const edit = {
        headers: req.headers,
        body: typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body)
      }
      change(edit)
      req.body = edit.body
      req.headers['content-length'] = String(Buffer.byteLength(edit.body))
      return next(args)
    },
    // Before signing (finalizeRequest), so the signature covers the change.
    { step: 'build', name: 'tamper' }
  )
  return c
}

interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function post(url: string, headers: Record<string, string>, body: string): Promise<RawAnswer> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', fail)
    req.end(body)
  })
}

/** node:crypto behind the interface SignatureV4 wants. */
class Sha256 {
  private hash: Hash | Hmac
  constructor(private readonly secret?: unknown) {
    this.hash = this.fresh()
  }
  private fresh() {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', toBytes(this.secret))
  }
  update(data: unknown) {
    this.hash.update(toBytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
  reset() {
    this.hash = this.fresh()
  }
}

function toBytes(data: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data)
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data as ArrayBuffer)
}

/** A request signed by the SDK's own signer, with a signing service and region of our choice. */
async function signedPost(
  operation: string,
  input: object,
  { service = 'personalize', region = REGION } = {}
): Promise<RawAnswer> {
  const url = new URL(emu.url)
  const body = JSON.stringify(input)
  const signer = new SignatureV4({ credentials: CREDENTIALS, region, service, sha256: Sha256 })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonPersonalize.${operation}`
    },
    body
  })
  return post(emu.url, signed.headers, body)
}

describe('the job lifecycle', () => {
  it('moves CREATE PENDING -> CREATE IN_PROGRESS -> ACTIVE on the clock', async () => {
    const created = await create(emu, { jobName: 'lifecycle', roleArn: ROLE })
    expect(created.datasetImportJobArn).toBe(jobArn('lifecycle'))
    expect(created.$metadata.httpStatusCode).toBe(200)
    expect(created.$metadata.requestId).toMatch(UUID)
    const start = clock
    const job = (status: string, updated: number) => ({
      jobName: 'lifecycle',
      datasetImportJobArn: jobArn('lifecycle'),
      datasetArn: DATASET,
      dataSource: { dataLocation: LOCATION },
      roleArn: ROLE,
      status,
      creationDateTime: new Date(start),
      lastUpdatedDateTime: new Date(updated),
      importMode: 'FULL'
    })
    expect(await describeJob('lifecycle')).toEqual(job('CREATE PENDING', start))
    clock += 999
    expect(await describeJob('lifecycle')).toEqual(job('CREATE PENDING', start))
    clock += 1
    expect(await describeJob('lifecycle')).toEqual(job('CREATE IN_PROGRESS', start + 1000))
    clock += 1999
    expect(await describeJob('lifecycle')).toEqual(job('CREATE IN_PROGRESS', start + 1000))
    clock += 1
    expect(await describeJob('lifecycle')).toEqual(job('ACTIVE', start + 3000))
  })

  it('sends timestamps as epoch seconds and JSON with a request id on the wire', async () => {
    await create(emu, { jobName: 'on-the-wire' })
    clock += 500
    const answer = await signedPost('DescribeDatasetImportJob', {
      datasetImportJobArn: jobArn('on-the-wire')
    })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(answer.headers['x-amzn-requestid']).toMatch(UUID)
    expect(JSON.parse(answer.body)).toEqual({
      datasetImportJob: {
        jobName: 'on-the-wire',
        datasetImportJobArn: jobArn('on-the-wire'),
        datasetArn: DATASET,
        dataSource: { dataLocation: LOCATION },
        status: 'CREATE PENDING',
        creationDateTime: (clock - 500) / 1000,
        lastUpdatedDateTime: (clock - 500) / 1000,
        importMode: 'FULL'
      }
    })
  })

  it.each([
    [
      'missing-columns',
      's3://retail-data/missing-columns/part-1.csv',
      'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [USER_ID, ITEM_ID].'
    ],
    ['invalid-data-location', 's3://retail-data/nothing.csv', 'Invalid Data location.'],
    [
      's3-privileges',
      's3://locked-bucket/interactions.csv',
      'Failed to create a data import job for Interactions dataset. Insufficient privileges for accessing data in Amazon S3.'
    ]
  ])('ends CREATE FAILED with the %s reason', async (preset, dataLocation, reason) => {
    await create(emu, { jobName: `failed-${preset}`, dataSource: { dataLocation } })
    const start = clock
    clock += 2000
    expect((await describeJob(`failed-${preset}`))?.status).toBe('CREATE IN_PROGRESS')
    expect(await describeJob(`failed-${preset}`)).not.toHaveProperty('failureReason')
    clock += 1000
    expect(await describeJob(`failed-${preset}`)).toMatchObject({
      status: 'CREATE FAILED',
      failureReason: reason,
      lastUpdatedDateTime: new Date(start + 3000)
    })
  })

  it('uses a text failure reason, the dataset type of the dataset, and per-rule durations', async () => {
    await create(emu, { jobName: 'too-long-id', datasetArn: ITEMS })
    await create(emu, {
      jobName: 'locked-items',
      datasetArn: ITEMS,
      dataSource: { dataLocation: 's3://locked-items/items.csv' }
    })
    await create(emu, { jobName: 'quick-one' })
    const start = clock
    clock += 250
    expect((await describeJob('quick-one'))?.status).toBe('CREATE IN_PROGRESS')
    clock += 500
    expect(await describeJob('quick-one')).toMatchObject({
      status: 'ACTIVE',
      lastUpdatedDateTime: new Date(start + 750)
    })
    clock += 3000
    expect((await describeJob('too-long-id'))?.failureReason).toBe(
      'Length cannot be more than 256 characters for ITEM_ID.'
    )
    expect((await describeJob('locked-items'))?.failureReason).toBe(
      'Failed to create a data import job for Items dataset. Insufficient privileges for accessing data in Amazon S3.'
    )
  })

  it('fails an INCREMENTAL import on a dataset without an ACTIVE FULL import, not after one', async () => {
    const users = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/incr/USERS`
    emu.addDataset({ datasetArn: users })
    await create(emu, { jobName: 'incr-first', datasetArn: users, importMode: 'INCREMENTAL' })
    await create(emu, { jobName: 'incr-full', datasetArn: users, importMode: 'FULL' })
    clock += 3000
    expect(await describeJob('incr-first')).toMatchObject({
      status: 'CREATE FAILED',
      importMode: 'INCREMENTAL',
      failureReason:
        'Failed to create a data import job for Users dataset. INCREMENTAL import mode is only supported after a FULL import.'
    })
    expect((await describeJob('incr-full'))?.status).toBe('ACTIVE')
    await create(emu, {
      jobName: 'incr-after-full',
      datasetArn: users,
      importMode: 'INCREMENTAL',
      publishAttributionMetricsToS3: true
    })
    clock += 3000
    const job = await describeJob('incr-after-full')
    expect(job).toMatchObject({
      status: 'ACTIVE',
      importMode: 'INCREMENTAL',
      publishAttributionMetricsToS3: true
    })
    expect(job).not.toHaveProperty('failureReason')
  })

  it('lets INCREMENTAL through anywhere when incrementalRequiresFullImport is false', async () => {
    const lenient = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      incrementalRequiresFullImport: false,
      now
    })
    try {
      await create(lenient, { jobName: 'incr', importMode: 'INCREMENTAL' })
      clock += 3000
      expect((await describeJob('incr', lenient))?.status).toBe('ACTIVE')
    } finally {
      await lenient.close()
    }
  })
})

describe('CreateDatasetImportJob errors', () => {
  it('refuses a create without a data location, as the service does (the model does not)', async () => {
    const refused = {
      name: 'InvalidInputException',
      status: 400,
      message:
        "1 validation error detected: Value null at 'dataSource.dataLocation' failed to satisfy constraint: Member must not be null"
    }
    expect(await rejection(create(emu, { jobName: 'no-location', dataSource: {} }))).toEqual(
      refused
    )
    expect(
      await rejection(create(emu, { jobName: 'empty-location', dataSource: { dataLocation: '' } }))
    ).toMatchObject({ name: 'InvalidInputException', status: 400 })
    expect(emu.jobs().map((j) => j.jobName)).not.toContain('no-location')
  })

  it('refuses a job name already taken, on any dataset, with the ARN it has', async () => {
    expect(await rejection(create(emu, { jobName: 'taken-earlier' }))).toEqual({
      name: 'ResourceAlreadyExistsException',
      status: 403,
      message: `Another resource with Arn ${jobArn('taken-earlier')} already exists.`
    })
    await create(emu, { jobName: 'taken-now' })
    expect(await rejection(create(emu, { jobName: 'taken-now', datasetArn: ITEMS }))).toEqual({
      name: 'ResourceAlreadyExistsException',
      status: 403,
      message: `Another resource with Arn ${jobArn('taken-now')} already exists.`
    })
  })

  it('refuses an unknown dataset', async () => {
    const unknown = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/nope/INTERACTIONS`
    expect(await rejection(create(emu, { jobName: 'no-dataset', datasetArn: unknown }))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Resource Arn ${unknown} does not exist.`
    })
    expect(emu.jobs().map((j) => j.jobName)).not.toContain('no-dataset')
  })

  it('stores the tags, read back with ListTagsForResource', async () => {
    const tags = [
      { tagKey: 'team', tagValue: SECRET_TAG },
      { tagKey: 'env', tagValue: '' }
    ]
    await create(emu, { jobName: 'tagged', tags })
    const c = client(emu)
    const out = await c.send(new ListTagsForResourceCommand({ resourceArn: jobArn('tagged') }))
    expect(out.tags).toEqual(tags)
    expect(
      (await c.send(new ListTagsForResourceCommand({ resourceArn: jobArn('lifecycle') }))).tags
    ).toEqual([])
    expect((await c.send(new ListTagsForResourceCommand({ resourceArn: DATASET }))).tags).toEqual(
      []
    )
    expect(
      await rejection(c.send(new ListTagsForResourceCommand({ resourceArn: jobArn('ghost') })))
    ).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Resource Arn ${jobArn('ghost')} does not exist.`
    })
    expect(emu.jobs().find((j) => j.jobName === 'tagged')?.tags).toEqual(tags)
  })
})

describe('the regional quota of running imports', () => {
  let quota: Emulator
  beforeAll(async () => {
    quota = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      existingJobs: [
        {
          jobName: 'seeded-running',
          datasetArn: DATASET,
          status: 'CREATE IN_PROGRESS',
          secondsLeft: 10
        }
      ],
      now
    })
  })
  afterAll(async () => quota.close())

  it('answers the 6th concurrent create with LimitExceededException, which the SDK retries twice', async () => {
    for (const i of [1, 2, 3, 4]) await create(quota, { jobName: `concurrent-${i}` })
    quota.clearRequests()
    const e = await failure(create(quota, { jobName: 'concurrent-5' }, quickRetries()))
    expect({ name: e.name, status: e.$metadata.httpStatusCode, message: e.message }).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'More than 5 resources with PENDING or IN_PROGRESS status.'
    })
    expect(e.$metadata.attempts).toBe(3)
    expect(
      quota.requests.map((r) => [r.headers['amz-sdk-request'], r.status, r.errorType])
    ).toEqual([1, 2, 3].map((n) => [`attempt=${n}; max=3`, 409, 'LimitExceededException']))
    expect(quota.jobs().map((j) => j.jobName)).not.toContain('concurrent-5')

    clock += 3000 // the 4 new jobs are done; the seeded one still runs
    expect(quota.jobs().map((j) => j.status)).toEqual([
      'CREATE IN_PROGRESS',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE'
    ])
    await create(quota, { jobName: 'concurrent-5' })
    clock += 7000
    expect(quota.jobs()[0]).toMatchObject({ jobName: 'seeded-running', status: 'ACTIVE' })
  })

  it('uses the configured number in the message', async () => {
    const two = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      maxRunningImports: 2,
      now
    })
    try {
      await create(two, { jobName: 'one' })
      await create(two, { jobName: 'two' })
      expect(await rejection(create(two, { jobName: 'three' }))).toEqual({
        name: 'LimitExceededException',
        status: 409,
        message: 'More than 2 resources with PENDING or IN_PROGRESS status.'
      })
    } finally {
      await two.close()
    }
  })
})

describe('ListDatasetImportJobs', () => {
  const paging = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/paging/INTERACTIONS`
  beforeAll(async () => {
    emu.addDataset({ datasetArn: paging })
    for (const i of [1, 2, 3, 4, 5]) {
      const dataLocation = i === 3 ? 's3://retail-data/missing-columns/' : LOCATION
      await create(emu, { jobName: `page-${i}`, datasetArn: paging, dataSource: { dataLocation } })
      clock += 1
    }
  })

  it('pages newest first with maxResults and an opaque token, stable under new jobs', async () => {
    const c = client(emu)
    const list = (nextToken?: string) =>
      c.send(new ListDatasetImportJobsCommand({ datasetArn: paging, maxResults: 2, nextToken }))
    const first = await list()
    expect(first.datasetImportJobs?.map((j) => j.jobName)).toEqual(['page-5', 'page-4'])
    expect(first.nextToken).toEqual(expect.any(String))
    await create(emu, { jobName: 'page-6', datasetArn: paging })
    const second = await list(first.nextToken)
    expect(second.datasetImportJobs?.map((j) => j.jobName)).toEqual(['page-3', 'page-2'])
    const third = await list(second.nextToken)
    expect(third.datasetImportJobs?.map((j) => j.jobName)).toEqual(['page-1'])
    expect(third.nextToken).toBeUndefined()
  })

  it('gives summaries with the failure reason of failed jobs', async () => {
    clock += 3000
    const out = await client(emu).send(
      new ListDatasetImportJobsCommand({ datasetArn: paging, maxResults: 100 })
    )
    const byName = Object.fromEntries((out.datasetImportJobs ?? []).map((j) => [j.jobName, j]))
    const created = Math.round(
      emu.jobs().find((j) => j.jobName === 'page-3')!.creationDateTime * 1000
    )
    expect(byName['page-3']).toEqual({
      datasetImportJobArn: jobArn('page-3'),
      jobName: 'page-3',
      status: 'CREATE FAILED',
      creationDateTime: new Date(created),
      lastUpdatedDateTime: new Date(created + 3000),
      failureReason:
        'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [USER_ID, ITEM_ID].',
      importMode: 'FULL'
    })
    expect(byName['page-2']).toEqual({
      datasetImportJobArn: jobArn('page-2'),
      jobName: 'page-2',
      status: 'ACTIVE',
      creationDateTime: new Date(created - 1),
      lastUpdatedDateTime: new Date(created - 1 + 3000),
      importMode: 'FULL'
    })
  })

  it('works with the SDK paginator, and lists every dataset without a filter', async () => {
    const names: string[] = []
    let pages = 0
    for await (const page of paginateListDatasetImportJobs(
      { client: client(emu), pageSize: 2 },
      { datasetArn: paging }
    )) {
      pages++
      names.push(...(page.datasetImportJobs ?? []).map((j) => j.jobName ?? ''))
    }
    expect(names).toEqual(['page-6', 'page-5', 'page-4', 'page-3', 'page-2', 'page-1'])
    expect(pages).toBe(3)
    const all = await client(emu).send(new ListDatasetImportJobsCommand({}))
    const allNames = (all.datasetImportJobs ?? []).map((j) => j.jobName)
    expect(allNames).toEqual(expect.arrayContaining(['page-1', 'lifecycle', 'taken-earlier']))
    expect(allNames.at(-1)).toBe('taken-earlier')
    expect(all.nextToken).toBeUndefined()
  })

  it('refuses a token that is not one, or was made for another filter', async () => {
    const c = client(emu)
    const bad = {
      name: 'InvalidNextTokenException',
      status: 400,
      message: 'The token is not valid.'
    }
    expect(
      await rejection(c.send(new ListDatasetImportJobsCommand({ nextToken: 'not-a-token' })))
    ).toEqual(bad)
    const first = await c.send(
      new ListDatasetImportJobsCommand({ datasetArn: paging, maxResults: 1 })
    )
    expect(
      await rejection(
        c.send(new ListDatasetImportJobsCommand({ datasetArn: ITEMS, nextToken: first.nextToken }))
      )
    ).toEqual(bad)
  })
})

describe('DescribeDataset and DescribeDatasetImportJob', () => {
  it('describes a known dataset', async () => {
    const out = await client(emu).send(new DescribeDatasetCommand({ datasetArn: ITEMS }))
    expect(out.dataset).toEqual({
      name: 'retail-items-v2',
      datasetArn: ITEMS,
      datasetGroupArn: `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset-group/retail`,
      datasetType: 'Items',
      schemaArn: `arn:aws:personalize:${REGION}:${ACCOUNT}:schema/retail-items-schema`,
      status: 'ACTIVE',
      creationDateTime: new Date(T0),
      lastUpdatedDateTime: new Date(T0)
    })
  })

  it('answers ResourceNotFoundException for unknown ARNs', async () => {
    const c = client(emu)
    const dataset = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/nope/ITEMS`
    expect(await rejection(c.send(new DescribeDatasetCommand({ datasetArn: dataset })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Resource Arn ${dataset} does not exist.`
    })
    expect(
      await rejection(
        c.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn('ghost') }))
      )
    ).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Resource Arn ${jobArn('ghost')} does not exist.`
    })
  })

  it('describes a seeded job with its own dates', async () => {
    expect(await describeJob('taken-earlier')).toEqual({
      jobName: 'taken-earlier',
      datasetImportJobArn: jobArn('taken-earlier'),
      datasetArn: ITEMS,
      dataSource: { dataLocation: 's3://retail-data/items/' },
      status: 'ACTIVE',
      creationDateTime: new Date(T0 - 86_400_000),
      lastUpdatedDateTime: new Date(T0 - 86_400_000),
      importMode: 'FULL'
    })
  })
})

describe('DescribeSchema', () => {
  const schemaOf = async (target: Emulator, datasetArn: string) => {
    const c = client(target)
    const { dataset } = await c.send(new DescribeDatasetCommand({ datasetArn }))
    return (await c.send(new DescribeSchemaCommand({ schemaArn: dataset?.schemaArn }))).schema
  }

  it("returns the dataset's schema as the JSON text of an Avro record, the standard one by type", async () => {
    const schema = await schemaOf(emu, DATASET)
    expect(schema).toEqual({
      name: 'retail-interactions-schema',
      schemaArn: `arn:aws:personalize:${REGION}:${ACCOUNT}:schema/retail-interactions-schema`,
      schema: expect.any(String),
      creationDateTime: new Date(T0),
      lastUpdatedDateTime: new Date(T0)
    })
    expect(JSON.parse(schema?.schema ?? '')).toEqual({
      type: 'record',
      name: 'Interactions',
      namespace: 'com.amazonaws.personalize.schema',
      fields: [
        { name: 'USER_ID', type: 'string' },
        { name: 'ITEM_ID', type: 'string' },
        { name: 'TIMESTAMP', type: 'long' },
        { name: 'EVENT_TYPE', type: ['null', 'string'] },
        { name: 'EVENT_VALUE', type: ['null', 'float'] }
      ],
      version: '1.0'
    })
    expect(JSON.parse((await schemaOf(emu, ITEMS))?.schema ?? '')).toEqual(STANDARD_SCHEMAS.Items)
  })

  it('gives the Users standard schema, and a scenario schema as given (object or text)', async () => {
    const users = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/crm/USERS`
    const custom = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/custom/INTERACTIONS`
    const text = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/text/ITEMS`
    const avro = {
      type: 'record' as const,
      name: 'Interactions',
      fields: [
        { name: 'USER_ID', type: 'string' },
        { name: 'ITEM_ID', type: 'string' },
        { name: 'TIMESTAMP', type: 'long' },
        { name: 'DEVICE', type: ['null', 'string'], categorical: true }
      ]
    }
    const given =
      '{"type": "record", "name": "Items", "fields": [{"name": "ITEM_ID", "type": "string"}]}'
    const own = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [
        { datasetArn: users },
        { datasetArn: custom, schema: avro },
        { datasetArn: text, schema: given }
      ],
      now
    })
    try {
      expect(JSON.parse((await schemaOf(own, users))?.schema ?? '')).toEqual({
        type: 'record',
        name: 'Users',
        namespace: 'com.amazonaws.personalize.schema',
        fields: [
          { name: 'USER_ID', type: 'string' },
          { name: 'MEMBERSHIP_STATUS', type: ['null', 'string'], categorical: true }
        ],
        version: '1.0'
      })
      expect(JSON.parse((await schemaOf(own, custom))?.schema ?? '')).toEqual(avro)
      expect((await schemaOf(own, text))?.schema).toBe(given)
    } finally {
      await own.close()
    }
  })

  it('answers ResourceNotFoundException for an unknown schema, and refuses a bad scenario schema', async () => {
    const arn = `arn:aws:personalize:${REGION}:${ACCOUNT}:schema/nope`
    expect(
      await rejection(client(emu).send(new DescribeSchemaCommand({ schemaArn: arn })))
    ).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Resource Arn ${arn} does not exist.`
    })
    const odd = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/odd/ODDITIES`
    await expect(startEmulator({ datasets: [{ datasetArn: odd }] })).rejects.toThrow(
      `datasets[${odd}].schema: no standard schema for dataset type Oddities; give one (an Avro record)`
    )
    await expect(
      startEmulator({
        datasets: [
          {
            datasetArn: DATASET,
            schema: { type: 'record', name: 'X', fields: [{ name: 'USER_ID', type: 'uuid' }] }
          }
        ]
      })
    ).rejects.toThrow(
      `datasets[${DATASET}].schema: field {"name":"USER_ID","type":"uuid"} needs a name and a type among string, int, long, float, double, boolean (or a union with "null")`
    )
  })
})

describe('input validation', () => {
  const namePattern = '^[a-zA-Z0-9][a-zA-Z0-9\\-_]*'
  const invalid = (...errors: string[]) => ({
    name: 'InvalidInputException',
    status: 400,
    message: `${errors.length === 1 ? '1 validation error' : `${errors.length} validation errors`} detected: ${errors.join('; ')}`
  })

  it.each([
    [
      'a name with a space',
      { jobName: 'bad name' },
      [
        `Value 'bad name' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${namePattern}`
      ]
    ],
    [
      'a name of 64 characters',
      { jobName: 'a'.repeat(64) },
      [
        `Value '${'a'.repeat(64)}' at 'jobName' failed to satisfy constraint: Member must have length less than or equal to 63`
      ]
    ],
    [
      'an empty name',
      { jobName: '' },
      [
        "Value '' at 'jobName' failed to satisfy constraint: Member must have length greater than or equal to 1",
        `Value '' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${namePattern}`
      ]
    ],
    [
      'a name with a trailing dot (the pattern is a full match)',
      { jobName: 'name.' },
      [
        `Value 'name.' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${namePattern}`
      ]
    ],
    [
      'an unknown import mode',
      { jobName: 'mode', importMode: 'APPEND' },
      [
        "Value 'APPEND' at 'importMode' failed to satisfy constraint: Member must satisfy enum value set: [FULL, INCREMENTAL]"
      ]
    ],
    [
      'no dataSource',
      { jobName: 'no-source', dataSource: undefined },
      ["Value null at 'dataSource' failed to satisfy constraint: Member must not be null"]
    ],
    [
      'neither name nor dataset',
      { jobName: undefined, datasetArn: undefined },
      [
        "Value null at 'jobName' failed to satisfy constraint: Member must not be null",
        "Value null at 'datasetArn' failed to satisfy constraint: Member must not be null"
      ]
    ],
    [
      'an S3 ARN as the dataset',
      { jobName: 's3-arn', datasetArn: 'arn:aws:s3:::bucket' },
      [
        "Value 'arn:aws:s3:::bucket' at 'datasetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+"
      ]
    ],
    [
      'an ftp data location',
      { jobName: 'ftp', dataSource: { dataLocation: 'ftp://bucket/file.csv' } },
      [
        "Value 'ftp://bucket/file.csv' at 'dataSource.dataLocation' failed to satisfy constraint: Member must satisfy regular expression pattern: (s3|http|https)://.+"
      ]
    ],
    [
      'a role name instead of a role ARN',
      { jobName: 'role', roleArn: 'PersonalizeS3Read' },
      [
        "Value 'PersonalizeS3Read' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"
      ]
    ],
    [
      'a tag value with a character outside the pattern, never echoed',
      { jobName: 'tag', tags: [{ tagKey: 'ok', tagValue: `${SECRET_TAG}!` }] },
      [
        "Value '***' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"
      ]
    ],
    [
      'an empty tag key and a missing tag value',
      { jobName: 'tag', tags: [{ tagKey: 'fine', tagValue: 'x' }, { tagKey: '' }] },
      [
        "Value '***' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value null at 'tags.2.member.tagValue' failed to satisfy constraint: Member must not be null"
      ]
    ],
    [
      '201 tags',
      {
        jobName: 'tags',
        tags: Array.from({ length: 201 }, (_, i) => ({ tagKey: `k${i}`, tagValue: SECRET_TAG }))
      },
      [
        "Value '***' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200"
      ]
    ]
  ])('refuses %s', async (_what, input, errors) => {
    const answer = await rejection(
      create(emu, input as CreateDatasetImportJobCommandInput & { jobName: string })
    )
    expect(answer).toEqual(invalid(...errors))
    expect(answer.message).not.toContain(SECRET_TAG)
    expect(emu.requests.map((r) => r.status)).toEqual([400])
  })

  it('refuses more than 50 tags, and tags with the aws: prefix', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ tagKey: `k${i}`, tagValue: 'v' }))
    expect(await rejection(create(emu, { jobName: 'many-tags', tags }))).toEqual({
      name: 'TooManyTagsException',
      status: 400,
      message: 'The number of tags (51) exceeds the limit of 50 tags per resource.'
    })
    expect(
      await rejection(
        create(emu, { jobName: 'aws-tag', tags: [{ tagKey: 'aws:owner', tagValue: 'me' }] })
      )
    ).toEqual({
      name: 'InvalidInputException',
      status: 400,
      message: "Tag keys and values cannot start with 'aws:'; that prefix is reserved for AWS use."
    })
    expect(emu.jobs().map((j) => j.jobName)).not.toEqual(
      expect.arrayContaining(['many-tags', 'aws-tag'])
    )
  })

  it.each([
    [
      0,
      "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
    ],
    [
      101,
      "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"
    ]
  ])('refuses maxResults %d', async (maxResults, error) => {
    expect(
      await rejection(client(emu).send(new ListDatasetImportJobsCommand({ maxResults })))
    ).toEqual(invalid(error))
  })

  it.each([
    [
      'an unknown member',
      (body: Record<string, unknown>) => ({ ...body, foo: 1 }),
      "Unknown member 'foo' in CreateDatasetImportJobRequest"
    ],
    [
      'an unknown nested member',
      (body: Record<string, unknown>) => ({ ...body, dataSource: { bucket: 'b' } }),
      "Unknown member 'bucket' in DataSource"
    ],
    [
      'a number for a string',
      (body: Record<string, unknown>) => ({ ...body, jobName: 42 }),
      "Expected a string for 'jobName' in CreateDatasetImportJobRequest, got number"
    ],
    [
      'a string for a boolean',
      (body: Record<string, unknown>) => ({ ...body, publishAttributionMetricsToS3: 'true' }),
      "Expected a boolean for 'publishAttributionMetricsToS3' in CreateDatasetImportJobRequest, got string"
    ],
    [
      'an object for the tag list',
      (body: Record<string, unknown>) => ({ ...body, tags: { tagKey: 'a', tagValue: 'b' } }),
      "Expected a list for 'tags' in CreateDatasetImportJobRequest, got object"
    ],
    [
      'a list for the request',
      (body: Record<string, unknown>) => [body],
      'Expected an object for CreateDatasetImportJobRequest, got array'
    ]
  ])('answers SerializationException to %s', async (_what, change, message) => {
    const c = tampered((r) => (r.body = JSON.stringify(change(JSON.parse(r.body)))))
    const input = { jobName: 'serial', datasetArn: DATASET, dataSource: { dataLocation: LOCATION } }
    expect(await rejection(c.send(new CreateDatasetImportJobCommand(input)))).toEqual({
      name: 'SerializationException',
      status: 400,
      message
    })
    expect(emu.jobs().map((j) => j.jobName)).not.toContain('serial')
  })

  it('answers SerializationException to a body that is not JSON, and records it as text', async () => {
    const c = tampered((r) => (r.body = r.body.slice(0, 10)))
    expect(await rejection(c.send(new DescribeDatasetCommand({ datasetArn: DATASET })))).toEqual({
      name: 'SerializationException',
      status: 400,
      message: 'The request body is not valid JSON.'
    })
    expect(emu.requests[0].body).toBe('{"datasetA')
  })

  it('answers UnknownOperationException to any other target', async () => {
    const c = tampered((r) => (r.headers['x-amz-target'] = 'AmazonPersonalize.DeleteDataset'))
    expect(await rejection(c.send(new DescribeDatasetCommand({ datasetArn: DATASET })))).toEqual({
      name: 'UnknownOperationException',
      status: 400,
      message: 'Unknown operation AmazonPersonalize.DeleteDataset'
    })
    expect(emu.requests[0].operation).toBe('DeleteDataset')
  })
})

describe('signatures', () => {
  const describeDataset = (config: Partial<PersonalizeClientConfig>) =>
    rejection(client(emu, config).send(new DescribeDatasetCommand({ datasetArn: DATASET })))

  it('refuses a signature that does not cover host', async () => {
    const url = new URL(emu.url)
    const body = JSON.stringify({ datasetArn: DATASET })
    const signer = new SignatureV4({
      credentials: CREDENTIALS,
      region: REGION,
      service: 'personalize',
      sha256: Sha256
    })
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonPersonalize.DescribeDataset'
    }
    // Signed without a host header; node:http then adds one, unsigned.
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers,
      body
    })
    expect(signed.headers.authorization).not.toMatch(/SignedHeaders=[^,]*host/)
    const answer = await post(emu.url, signed.headers, body)
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      403,
      {
        __type: 'IncompleteSignatureException',
        message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
      }
    ])
  })

  it('checks the signature over the body received, not an UNSIGNED-PAYLOAD claim', async () => {
    const url = new URL(emu.url)
    const body = JSON.stringify({ datasetArn: DATASET })
    const sign = (unsigned: boolean) =>
      new SignatureV4({
        credentials: CREDENTIALS,
        region: REGION,
        service: 'personalize',
        sha256: Sha256,
        applyChecksum: unsigned
      }).sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonPersonalize.DescribeDataset',
          ...(unsigned ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {})
        },
        body
      })
    const unsigned = await post(emu.url, (await sign(true)).headers, body)
    expect([unsigned.status, JSON.parse(unsigned.body).__type]).toEqual([
      403,
      'InvalidSignatureException'
    ])
    // The same body, signed over its hash: accepted; and a body changed after signing is not.
    const signed = await sign(false)
    expect((await post(emu.url, signed.headers, body)).status).toBe(200)
    const changed = await post(emu.url, signed.headers, body.replace('retail', 'retaiL'))
    expect([changed.status, JSON.parse(changed.body).__type]).toEqual([
      403,
      'InvalidSignatureException'
    ])
  })

  it('refuses a wrong secret key', async () => {
    expect(
      await describeDataset({ credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' } })
    ).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
    })
  })

  it('refuses an unknown access key, and a missing or wrong session token', async () => {
    const unrecognized = {
      name: 'UnrecognizedClientException',
      status: 403,
      message: 'The security token included in the request is invalid.'
    }
    expect(
      await describeDataset({ credentials: { ...CREDENTIALS, accessKeyId: 'AKIAUNKNOWN00000000' } })
    ).toEqual(unrecognized)
    expect(
      await describeDataset({
        credentials: {
          accessKeyId: CREDENTIALS.accessKeyId,
          secretAccessKey: CREDENTIALS.secretAccessKey
        }
      })
    ).toEqual(unrecognized)
    expect(
      await describeDataset({ credentials: { ...CREDENTIALS, sessionToken: 'another-token' } })
    ).toEqual(unrecognized)
    expect(emu.requests.map((r) => r.hasSessionToken)).toEqual([true, false, true])
  })

  it('refuses a signature for another region or service', async () => {
    expect(await describeDataset({ region: 'eu-west-1' })).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: 'Credential should be scoped to a valid region.'
    })
    const answer = await signedPost(
      'DescribeDataset',
      { datasetArn: DATASET },
      { service: 'dynamodb' }
    )
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      403,
      {
        __type: 'InvalidSignatureException',
        message: "Credential should be scoped to correct service: 'personalize'."
      }
    ])
    expect(emu.requests.map((r) => r.credential)).toEqual([
      {
        accessKeyId: CREDENTIALS.accessKeyId,
        date: expect.stringMatching(/^\d{8}$/),
        region: 'eu-west-1',
        service: 'personalize'
      },
      {
        accessKeyId: CREDENTIALS.accessKeyId,
        date: expect.stringMatching(/^\d{8}$/),
        region: REGION,
        service: 'dynamodb'
      }
    ])
  })

  it('accepts a request signed by the SDK signer for personalize', async () => {
    const answer = await signedPost('DescribeDataset', { datasetArn: DATASET })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body).dataset.datasetArn).toBe(DATASET)
  })

  it('answers a request without a signature with MissingAuthenticationTokenException', async () => {
    const answer = await post(
      emu.url,
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonPersonalize.DescribeDataset'
      },
      JSON.stringify({ datasetArn: DATASET })
    )
    expect(answer.status).toBe(403)
    expect(answer.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(answer.headers['x-amzn-requestid']).toMatch(UUID)
    expect(JSON.parse(answer.body)).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token'
    })
    expect(emu.requests).toMatchObject([
      {
        operation: 'DescribeDataset',
        credential: null,
        status: 403,
        errorType: 'MissingAuthenticationTokenException'
      }
    ])
  })

  it('refuses a request signed 10 minutes ago, and the SDK corrects its clock from the Date header', async () => {
    const skewed = { systemClockOffset: -10 * 60_000 }
    const e = await describeDataset(skewed)
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.status).toBe(403)
    expect(e.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/
    )
    const out = await client(emu, { ...skewed, maxAttempts: 2 }).send(
      new DescribeDatasetCommand({ datasetArn: DATASET })
    )
    expect(out.$metadata.attempts).toBe(2)
  })
})

describe('faults', () => {
  const describeDataset = (config: Partial<PersonalizeClientConfig> = {}) =>
    client(emu, config).send(new DescribeDatasetCommand({ datasetArn: DATASET }))

  it('throttles; the SDK retries with its default strategy and succeeds', async () => {
    emu.injectFault({ operation: 'DescribeDataset', kind: 'throttle' })
    const out = await describeDataset({ maxAttempts: 3 })
    expect(out.$metadata.attempts).toBe(2)
    expect(
      emu.requests.map((r) => [r.headers['amz-sdk-request'], r.status, r.errorType, r.fault])
    ).toEqual([
      ['attempt=1; max=3', 400, 'ThrottlingException', 'throttle'],
      ['attempt=2; max=3', 200, null, null]
    ])
  })

  it.each([
    ['throttle', 'ThrottlingException', 400, 'Rate exceeded'],
    [
      'limit-exceeded',
      'LimitExceededException',
      409,
      'More than 1000 resources with PENDING or IN_PROGRESS status.'
    ],
    [
      'http-500',
      'InternalFailure',
      500,
      'The request processing has failed because of an unknown error, exception or failure.'
    ],
    [
      'http-503',
      'ServiceUnavailable',
      503,
      'The request has failed due to a temporary failure of the server.'
    ],
    [
      'expired-token',
      'ExpiredTokenException',
      400,
      'The security token included in the request is expired'
    ],
    ['resource-in-use', 'ResourceInUseException', 409, `Resource ${DATASET} is in use.`],
    [
      'rate-exceeded',
      'LimitExceededException',
      409,
      'The limit on the number of requests per second has been exceeded.'
    ]
  ] as const)('answers %s as %s', async (kind, name, status, message) => {
    emu.injectFault({ operation: 'DescribeDataset', kind })
    expect(await rejection(describeDataset())).toEqual({ name, status, message })
    await describeDataset()
  })

  it('denies access naming the action and resource, and iam:PassRole on create', async () => {
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'access-denied' })
    const caller = `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/session`
    expect(await rejection(describeJob('lifecycle'))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${caller} is not authorized to perform: personalize:DescribeDatasetImportJob on resource: ${jobArn('lifecycle')} because no identity-based policy allows the personalize:DescribeDatasetImportJob action`
    })
    emu.injectFault({ kind: 'pass-role-denied' })
    await describeJob('lifecycle') // not a create: the fault waits for one
    expect(await rejection(create(emu, { jobName: 'no-pass-role', roleArn: ROLE }))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${caller} is not authorized to perform: iam:PassRole on resource: ${ROLE} because no identity-based policy allows the iam:PassRole action`
    })
    expect(emu.jobs().map((j) => j.jobName)).not.toContain('no-pass-role')
  })

  it('resets the connection; the SDK sees ECONNRESET, or retries it', async () => {
    emu.injectFault({ operation: 'DescribeDataset', kind: 'reset' })
    // In jest's VM context the SDK wraps Node's error (another realm's Error): keep to its text.
    expect((await failure(describeDataset())).message).toContain('read ECONNRESET')
    emu.injectFault({ operation: 'DescribeDataset', kind: 'reset' })
    const out = await describeDataset(quickRetries())
    expect(out.$metadata.attempts).toBe(2)
    expect(emu.requests.map((r) => [r.status, r.fault])).toEqual([
      [null, 'reset'],
      [null, 'reset'],
      [200, null]
    ])
  })

  it('hangs until the client times out, or answers after ms', async () => {
    emu.injectFault({ operation: 'DescribeDataset', kind: 'hang' })
    const started = Date.now()
    const e = await failure(
      describeDataset({
        requestHandler: new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true })
      })
    )
    expect(e.message).toContain('a request has exceeded the configured 200 ms requestTimeout')
    expect(Date.now() - started).toBeLessThan(2000)
    emu.injectFault({ operation: 'DescribeDataset', kind: 'hang', ms: 150 })
    const slow = Date.now()
    await describeDataset()
    expect(Date.now() - slow).toBeGreaterThanOrEqual(140)
    expect(emu.requests.map((r) => [r.status, r.fault])).toEqual([
      [null, 'hang'],
      [200, 'hang']
    ])
  })

  it('answers 200 with a truncated body: the SDK fails to parse it', async () => {
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'malformed' })
    const e = await failure(describeJob('lifecycle'))
    expect(e.name).toBe('SyntaxError')
    expect(e.$metadata.httpStatusCode).toBe(200)
  })

  it('creates the job, then resets: the client never sees the answer, a retry finds the name taken', async () => {
    emu.injectFault({ kind: 'reset-after-create' })
    const e = await failure(create(emu, { jobName: 'lost-answer' }, quickRetries()))
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(['ResourceAlreadyExistsException', 403])
    expect(emu.requests.map((r) => [r.status, r.errorType, r.fault])).toEqual([
      [null, null, 'reset-after-create'],
      [403, 'ResourceAlreadyExistsException', null]
    ])
    expect((await describeJob('lost-answer'))?.status).toBe('CREATE PENDING')
  })

  it('skips, counts, and keeps to its operation', async () => {
    emu.injectFault({ operation: 'DescribeDataset', kind: 'http-500', skip: 1, count: 2 })
    const c = client(emu)
    await c.send(new ListDatasetImportJobsCommand({ maxResults: 1 }))
    await describeDataset()
    expect((await rejection(describeDataset())).status).toBe(500)
    expect((await rejection(describeDataset())).status).toBe(500)
    await describeDataset()
    expect(emu.requests.map((r) => [r.operation, r.status])).toEqual([
      ['ListDatasetImportJobs', 200],
      ['DescribeDataset', 200],
      ['DescribeDataset', 500],
      ['DescribeDataset', 500],
      ['DescribeDataset', 200]
    ])
  })

  it('takes faults from the options, and refuses a fault it does not know', async () => {
    const faulty = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      faults: [{ kind: 'throttle', count: 2, message: 'Slow down' }]
    })
    try {
      const c = client(faulty)
      expect(await rejection(c.send(new DescribeDatasetCommand({ datasetArn: DATASET })))).toEqual({
        name: 'ThrottlingException',
        status: 400,
        message: 'Slow down'
      })
      expect((await rejection(c.send(new ListDatasetImportJobsCommand({})))).name).toBe(
        'ThrottlingException'
      )
      await c.send(new ListDatasetImportJobsCommand({}))
    } finally {
      await faulty.close()
    }
    expect(() => emu.injectFault({ kind: 'explode' as 'throttle' })).toThrow(
      "fault: unknown kind 'explode'"
    )
    expect(() =>
      emu.injectFault({ operation: 'DescribeDataset', kind: 'reset-after-create' })
    ).toThrow('fault: reset-after-create only applies to CreateDatasetImportJob')
  })

  it('closes even with a request hanging', async () => {
    const hanging = await startEmulator({ credentials: CREDENTIALS, faults: [{ kind: 'hang' }] })
    const call = failure(client(hanging).send(new DescribeDatasetCommand({ datasetArn: DATASET })))
    while (hanging.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
    const started = Date.now()
    await hanging.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect((await call).message).toContain('socket hang up')
  })
})

describe('recording', () => {
  it('records each request with its body, headers, credential scope, clock time and answer', async () => {
    const out = await create(emu, {
      jobName: 'recorded',
      roleArn: ROLE,
      tags: [{ tagKey: 'team', tagValue: SECRET_TAG }]
    })
    expect(emu.requests).toEqual([
      {
        operation: 'CreateDatasetImportJob',
        body: {
          jobName: 'recorded',
          datasetArn: DATASET,
          dataSource: { dataLocation: LOCATION },
          roleArn: ROLE,
          tags: [{ tagKey: 'team', tagValue: SECRET_TAG }]
        },
        headers: {
          'user-agent': expect.stringContaining('aws-sdk-js/'),
          'x-amz-target': 'AmazonPersonalize.CreateDatasetImportJob',
          'content-type': 'application/x-amz-json-1.1',
          'amz-sdk-request': 'attempt=1; max=1',
          'amz-sdk-invocation-id': expect.stringMatching(UUID)
        },
        hasSessionToken: true,
        credential: {
          accessKeyId: CREDENTIALS.accessKeyId,
          date: expect.stringMatching(/^\d{8}$/),
          region: REGION,
          service: 'personalize'
        },
        time: clock,
        status: 200,
        errorType: null,
        fault: null,
        requestId: out.$metadata.requestId
      }
    ])
    expect(JSON.stringify(emu.requests)).not.toContain(CREDENTIALS.sessionToken)
  })

  it('hands out copies, and clears', async () => {
    await describeJob('recorded')
    const copy = emu.requests
    copy.pop()
    expect(emu.requests).toHaveLength(1)
    emu.clearRequests()
    expect(emu.requests).toEqual([])
  })

  it('reports each answered request to onRequest', async () => {
    const seen: [string, number | null, string | null][] = []
    const watched = await startEmulator({
      credentials: CREDENTIALS,
      onRequest: (r) => seen.push([r.operation, r.status, r.errorType])
    })
    try {
      await failure(client(watched).send(new DescribeDatasetCommand({ datasetArn: DATASET })))
    } finally {
      await watched.close()
    }
    expect(seen).toEqual([['DescribeDataset', 404, 'ResourceNotFoundException']])
  })
})

describe('scenarios and the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-test-'))
  const scenario = {
    region: 'eu-west-1',
    datasets: [{ datasetArn: 'arn:aws:personalize:eu-west-1:123456789012:dataset/shop/USERS' }],
    jobs: { pendingSeconds: 0.1, inProgressSeconds: 0.1 },
    outcomes: [{ match: { dataLocationPrefix: 's3://bad/' }, failure: 'missing-columns' }]
  }

  it('loads a scenario file and refuses unknown keys', () => {
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify(scenario))
    expect(loadScenario(good)).toEqual(scenario)
    const typo = join(dir, 'typo.json')
    writeFileSync(
      typo,
      JSON.stringify({ ...scenario, outcomes: [{ match: { location: 's3://x' } }] })
    )
    expect(() => loadScenario(typo)).toThrow(
      `${typo}.outcomes[0].match: unknown key 'location'; expected one of dataLocation, dataLocationPrefix, dataLocationRegex, jobName, jobNamePrefix`
    )
    const preset = join(dir, 'preset.json')
    writeFileSync(preset, JSON.stringify({ outcomes: [{ failure: 'disk-full' }] }))
    expect(() => loadScenario(preset)).toThrow(
      `${preset}.outcomes[0].failure: unknown preset 'disk-full'`
    )
  })

  it('refuses options it does not know', async () => {
    await expect(startEmulator({ regoin: 'us-east-1' } as EmulatorOptions)).rejects.toThrow(
      "options: unknown key 'regoin'"
    )
  })

  it('runs from the command line: one JSON line, a log line per request, a clean exit on SIGTERM', async () => {
    const file = join(dir, 'cli.json')
    writeFileSync(file, JSON.stringify(scenario))
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'emulator/cli.js'),
        '--port',
        '0',
        '--scenario',
        file,
        '--access-key-id',
        'AKIACLI0000000000000',
        '--secret-access-key',
        'cli-secret'
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const first = await new Promise<string>((done) =>
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        if (stdout.includes('\n')) done(stdout.split('\n')[0])
      })
    )
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    const { url, region } = JSON.parse(first)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(region).toBe('eu-west-1')
    const cli = new PersonalizeClient({
      endpoint: url,
      region,
      credentials: { accessKeyId: 'AKIACLI0000000000000', secretAccessKey: 'cli-secret' },
      maxAttempts: 1
    })
    const out = await cli.send(
      new DescribeDatasetCommand({ datasetArn: scenario.datasets[0].datasetArn })
    )
    expect(out.dataset?.datasetType).toBe('Users')
    await failure(
      cli.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn('x') }))
    )
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^\S+Z DescribeDataset 200$/)
    expect(lines[1]).toMatch(/^\S+Z DescribeDatasetImportJob 404 ResourceNotFoundException$/)
  })
})

describe('the s3rver harness (__tests__/e2e/s3.ts)', () => {
  it('serves what was put: ranged GET, HEAD, ListObjectsV2 path-style; other keys get 403', async () => {
    const s3 = await startS3()
    try {
      await s3.fill('harness-data', { 'folder/a.csv': 'USER_ID,ITEM_ID\nu1,i1\n', 'top.csv': 'x' })
      expect(s3.endpoint).toBe(`http://127.0.0.1:${s3.port}`)
      const got = await s3.client.send(
        new GetObjectCommand({ Bucket: 'harness-data', Key: 'folder/a.csv', Range: 'bytes=0-6' })
      )
      expect(await got.Body?.transformToString()).toBe('USER_ID')
      const head = await s3.client.send(
        new HeadObjectCommand({ Bucket: 'harness-data', Key: 'top.csv' })
      )
      expect(head.ContentLength).toBe(1)
      const listed = await s3.client.send(
        new ListObjectsV2Command({ Bucket: 'harness-data', Prefix: 'folder/' })
      )
      expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([['folder/a.csv', 22]])
      const refused = new S3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        credentials: S3_REFUSED_CREDENTIALS,
        forcePathStyle: true
      })
      const e = await failure(
        refused.send(new HeadObjectCommand({ Bucket: 'harness-data', Key: 'top.csv' }))
      )
      expect(e.$metadata.httpStatusCode).toBe(403)
      refused.destroy()
    } finally {
      await s3.close()
    }
    expect(existsSync(s3.directory)).toBe(false)
  })
})

describe('import jobs that read their data from S3 (s3rver)', () => {
  const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
  const good = `${HEADER}\nu1,i1,1700000000,click\nu2,i2,1700000060,"buy, twice"\n`
  const failedFor = 'Failed to create a data import job for Interactions dataset.'
  let s3: S3Server
  let reader: Emulator

  beforeAll(async () => {
    s3 = await startS3()
    await s3.fill('retail-data', {
      'good.csv': good,
      'crlf.csv': good.replaceAll('\n', '\r\n'),
      'folder/part-1.csv': good,
      'folder/part-2.csv': `${HEADER}\nu3,i3,1700000120,\n`,
      'folder-bad/part-1.csv': good,
      'folder-bad/part-2.csv': 'USER_ID,ITEM_ID\nu3,i3\n',
      'empty-folder/': '',
      'no-timestamp.csv': 'USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,click\n',
      'bom.csv': `\uFEFF${good}`,
      'quoted-header.csv': `"USER_ID","ITEM_ID","TIMESTAMP"\nu1,i1,1700000000\n`,
      'semicolons.csv': 'USER_ID;ITEM_ID;TIMESTAMP\nu1;i1;1700000000\n',
      'millis.csv': `${HEADER}\nu1,i1,1700000000,click\nu2,i2,1700000000000,click\n`,
      'iso.csv': `${HEADER}\nu1,i1,2026-06-01T12:00:00Z,click\n`,
      'header-only.csv': `${HEADER}\n`,
      'long-id.csv': `${HEADER}\nu1,${'i'.repeat(257)},1700000000,click\n`,
      'unquoted-comma.csv': `${HEADER}\nu1,i1,1700000000,buy, twice\n`,
      'float.csv':
        'USER_ID,ITEM_ID,TIMESTAMP,EVENT_VALUE\nu1,i1,1700000000,1.5\nu1,i2,1700000001,lots\n',
      // What pandas' to_csv writes by default: an unnamed index column first, an extra column.
      'pandas-index.csv': `,${HEADER},PAGE\n0,u1,i1,1700000000,click,home\n`,
      // ...and with encoding='utf-8-sig': the byte-order mark lands on the unnamed column.
      'pandas-bom-index.csv': `\uFEFF,${HEADER}\n0,u1,i1,1700000000,click\n`,
      'reordered.csv': 'EVENT_TYPE,TIMESTAMP,ITEM_ID,USER_ID\r\nclick,1700000000,i1,u1\r\n',
      // Spark's output folder: part files beside its side files, which are not data.
      'spark/part-00000-c000.csv': good,
      'spark/part-00001-c000.csv': good,
      'spark/_SUCCESS': '',
      'spark/._SUCCESS.crc': Buffer.from('crc\0\0\0\x02\0', 'latin1'),
      'spark/.part-00000-c000.csv.crc': Buffer.from('crc\0\0\0\x02\0\x8a\x11\x07\xff', 'latin1'),
      'spark/_started_123': '',
      'spark/_committed_123': '{"added":["part-00000-c000.csv"],"removed":[]}',
      'spark/_temporary/0/_temporary/attempt_1/part-00001-c000.csv': 'USER_ID,ITEM_ID\nu1,',
      's3a/part-00000-c000.csv': good,
      's3a/_SUCCESS': '{"name":"org.apache.hadoop.fs.s3a.commit.files.SuccessData/1"}\n',
      // 100 side files listed before the one data file: they do not count toward the 100 read.
      ...Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [
          `many/.part-${String(i).padStart(3, '0')}.crc`,
          'crc\0'
        ])
      ),
      'many/part-100.csv': 'USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,click\n',
      // The guide: only the files in the first level of the folder are imported.
      'nested/part-0.csv': good,
      'nested/older/no-timestamp.csv': 'USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,click\n',
      'only-nested/day=1/part-0.csv': good,
      'markers-only/_SUCCESS': '',
      'markers-only/.part-00000.csv.crc': 'crc\0',
      'zero-bytes.csv': '',
      'good.csv.gz': gzipSync(good),
      'data.parquet': Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(8), Buffer.from('PAR1')]),
      'data.zst': Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x00]),
      // Items: YEAR is an int that is not nullable, IS_ADULT a boolean.
      'items-poc.csv':
        'ITEM_ID,GENRE,YEAR,IS_ADULT\n1,Comedy,1995,false\n2,Drama,,true\n3,Drama,2006–2007,false\n4,Drama,1995.0,false\n',
      'items-True.csv': 'ITEM_ID,GENRE,YEAR,IS_ADULT\n1,Comedy,1995,False\n2,Drama,1996,True\n',
      'items-1.csv': 'ITEM_ID,GENRE,YEAR,IS_ADULT\n1,Comedy,1995,\n2,Drama,1996,1\n',
      'items-no-id.csv': 'ITEM_ID,GENRE,YEAR,IS_ADULT\n,Comedy,1995,true\n'
    })
    reader = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [
        { datasetArn: DATASET },
        {
          datasetArn: ITEMS,
          schema: {
            type: 'record',
            name: 'Items',
            fields: [
              { name: 'ITEM_ID', type: 'string' },
              { name: 'GENRE', type: 'string', categorical: true },
              { name: 'YEAR', type: 'int' },
              { name: 'IS_ADULT', type: ['null', 'boolean'] }
            ]
          }
        }
      ],
      s3: { endpoint: s3.endpoint, credentials: s3.credentials },
      now
    })
  })
  afterAll(async () => {
    await reader?.close()
    await s3?.close()
  })

  /** Creates a job on `target`, lets its read finish and its time run out, and describes it. */
  async function outcome(
    target: Emulator,
    jobName: string,
    dataLocation: string,
    datasetArn = DATASET
  ) {
    await create(target, { jobName, datasetArn, dataSource: { dataLocation } })
    await target.idle()
    clock += 3000
    const job = await describeJob(jobName, target)
    return { status: job?.status, failureReason: job?.failureReason }
  }

  it.each([
    ['one good file', 's3://retail-data/good.csv'],
    ['CRLF line ends', 's3://retail-data/crlf.csv'],
    ['a folder of good files', 's3://retail-data/folder/'],
    ["pandas' unnamed index column first and an extra column", 's3://retail-data/pandas-index.csv'],
    ['a byte-order mark on the unnamed first column', 's3://retail-data/pandas-bom-index.csv'],
    ['columns in another order than the schema, CRLF', 's3://retail-data/reordered.csv'],
    [
      "Spark's folder: _SUCCESS, .crc, _started_, _committed_, _temporary/",
      's3://retail-data/spark/'
    ],
    ["the S3A committer's JSON _SUCCESS", 's3://retail-data/s3a/'],
    ['a folder whose sub-folder holds bad data (not read)', 's3://retail-data/nested/'],
    [
      'items with blank, unparsable and 1995.0 values in a non-nullable int (as recorded ACTIVE)',
      's3://retail-data/items-poc.csv',
      ITEMS
    ]
  ])('ends ACTIVE for %s', async (_what, location, datasetArn = DATASET) => {
    const name = `s3-good-${location.replace(/\W+/g, '-')}`
    expect(await outcome(reader, name, location, datasetArn)).toEqual({
      status: 'ACTIVE',
      failureReason: undefined
    })
  })

  it.each([
    [
      'a required column missing',
      'no-timestamp.csv',
      `${failedFor} Input CSV is missing the following columns: [TIMESTAMP].`
    ],
    [
      'one file of a folder missing columns',
      'folder-bad/',
      `${failedFor} Input CSV is missing the following columns: [TIMESTAMP].`
    ],
    [
      'a byte-order mark (it becomes part of the first name)',
      'bom.csv',
      `${failedFor} Input CSV is missing the following columns: [USER_ID].`
    ],
    [
      'quoted header names',
      'quoted-header.csv',
      `${failedFor} Input CSV is missing the following columns: [USER_ID, ITEM_ID, TIMESTAMP].`
    ],
    [
      'another delimiter',
      'semicolons.csv',
      `${failedFor} Input CSV is missing the following columns: [USER_ID, ITEM_ID, TIMESTAMP].`
    ],
    ['no such key', 'nothing-here.csv', 'Invalid Data location.'],
    ['a folder with nothing in it', 'empty-folder/', 'Invalid Data location.'],
    ['a prefix with nothing under it', 'no-folder/', 'Invalid Data location.'],
    [
      'millisecond timestamps',
      'millis.csv',
      `${failedFor} Invalid value for column TIMESTAMP in s3://retail-data/millis.csv line 3: '1700000000000' is in milliseconds; Unix epoch time in seconds is needed.`
    ],
    [
      'ISO dates as timestamps',
      'iso.csv',
      `${failedFor} Invalid value for column TIMESTAMP in s3://retail-data/iso.csv line 2: '2026-06-01T12:00:00Z' is not Unix epoch time in seconds.`
    ],
    [
      'a value that is not of its type',
      'float.csv',
      `${failedFor} Invalid value for column EVENT_VALUE in s3://retail-data/float.csv line 3: 'lots' is not a float.`
    ],
    [
      'an ID longer than 256 characters',
      'long-id.csv',
      'Length cannot be more than 256 characters for ITEM_ID.'
    ],
    [
      'an unquoted comma in a value',
      'unquoted-comma.csv',
      `${failedFor} s3://retail-data/unquoted-comma.csv line 2 has 5 fields; the header has 4 columns.`
    ],
    [
      'a header and no records',
      'header-only.csv',
      `${failedFor} s3://retail-data/header-only.csv has a header and no records.`
    ],
    ['a folder of side files only', 'markers-only/', 'Invalid Data location.'],
    ['a folder whose data is all in sub-folders', 'only-nested/', 'Invalid Data location.'],
    [
      'a data file listed after 100 side files',
      'many/',
      `${failedFor} Input CSV is missing the following columns: [TIMESTAMP].`
    ],
    [
      'an empty object',
      'zero-bytes.csv',
      `${failedFor} Input CSV is missing the following columns: [USER_ID, ITEM_ID, TIMESTAMP].`
    ],
    [
      'gzip-compressed CSV',
      'good.csv.gz',
      `${failedFor} s3://retail-data/good.csv.gz is gzip-compressed, not CSV text.`
    ],
    [
      'a Parquet file',
      'data.parquet',
      `${failedFor} s3://retail-data/data.parquet is a Parquet file, not CSV text.`
    ],
    [
      'zstd-compressed data',
      'data.zst',
      `${failedFor} s3://retail-data/data.zst is zstd-compressed, not CSV text.`
    ],
    [
      "booleans written True/False (pandas' default)",
      'items-True.csv',
      "Failed to create a data import job for Items dataset. Invalid value for column IS_ADULT in s3://retail-data/items-True.csv line 2: 'False' is not a boolean (true or false, in lower case).",
      ITEMS
    ],
    [
      "booleans written 1/empty (csv-stringify's default), in a nullable field",
      'items-1.csv',
      "Failed to create a data import job for Items dataset. Invalid value for column IS_ADULT in s3://retail-data/items-1.csv line 3: '1' is not a boolean (true or false, in lower case).",
      ITEMS
    ],
    [
      'an empty ITEM_ID',
      'items-no-id.csv',
      "Failed to create a data import job for Items dataset. Invalid value for column ITEM_ID in s3://retail-data/items-no-id.csv line 2: '' is empty.",
      ITEMS
    ]
  ])('ends CREATE FAILED for %s', async (_what, key, failureReason, datasetArn = DATASET) => {
    const name = `s3-bad-${key.replace(/\W+/g, '-')}`
    expect(await outcome(reader, name, `s3://retail-data/${key}`, datasetArn)).toEqual({
      status: 'CREATE FAILED',
      failureReason
    })
  })

  it('answers Invalid Data location. for a bucket that does not exist', async () => {
    expect(await outcome(reader, 's3-no-bucket', 's3://no-such-bucket/file.csv')).toEqual({
      status: 'CREATE FAILED',
      failureReason: 'Invalid Data location.'
    })
  })

  it('gives the S3 privileges text when S3 refuses the read (403), for a file or a folder', async () => {
    const refused = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: ITEMS }, { datasetArn: DATASET }],
      s3: { endpoint: s3.endpoint, credentials: S3_REFUSED_CREDENTIALS },
      now
    })
    try {
      expect(await outcome(refused, 's3-403-file', 's3://retail-data/good.csv')).toEqual({
        status: 'CREATE FAILED',
        failureReason:
          'Failed to create a data import job for Interactions dataset. Insufficient privileges for accessing data in Amazon S3.'
      })
      await create(refused, {
        jobName: 's3-403-items',
        datasetArn: ITEMS,
        dataSource: { dataLocation: 's3://retail-data/folder/' }
      })
      await refused.idle()
      clock += 3000
      expect((await describeJob('s3-403-items', refused))?.failureReason).toBe(
        'Failed to create a data import job for Items dataset. Insufficient privileges for accessing data in Amazon S3.'
      )
    } finally {
      await refused.close()
    }
  })

  it('says so when S3 cannot be reached at all, and refuses an s3 option without an endpoint URL', async () => {
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const { port } = closed.address() as { port: number }
    await new Promise<void>((done) => closed.close(() => done()))
    const unreachable = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      s3: { endpoint: `http://127.0.0.1:${port}` },
      now
    })
    try {
      expect(await outcome(unreachable, 's3-unreachable', 's3://retail-data/good.csv')).toEqual({
        status: 'CREATE FAILED',
        failureReason: `${failedFor} Amazon S3 could not be read: http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}.`
      })
    } finally {
      await unreachable.close()
    }
    await expect(startEmulator({ s3: { endpoint: 'localhost:4568' } })).rejects.toThrow(
      'options.s3.endpoint: give the S3 endpoint URL, e.g. http://127.0.0.1:4568'
    )
  })

  it('lets an outcome rule decide before any read, and reads nothing without the s3 option', async () => {
    const ruled = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      s3: { endpoint: s3.endpoint, credentials: s3.credentials },
      outcomes: [{ match: { jobName: 'ruled' }, failureReason: 'Chosen by the test.' }],
      now
    })
    try {
      expect(await outcome(ruled, 'ruled', 's3://retail-data/good.csv')).toEqual({
        status: 'CREATE FAILED',
        failureReason: 'Chosen by the test.'
      })
    } finally {
      await ruled.close()
    }
    // The suite's main emulator has no s3 option: bad data there still ends ACTIVE.
    expect(await outcome(emu, 's3-not-read', 's3://retail-data/no-timestamp.csv')).toEqual({
      status: 'ACTIVE',
      failureReason: undefined
    })
  })
})

/** The emulator's command line on a free port; resolves with its first stdout line, parsed. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'emulator/cli.js'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'ignore']
  })
  const line = await new Promise<string>((done) => {
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (stdout.includes('\n')) done(stdout.split('\n')[0])
    })
  })
  return { child, first: JSON.parse(line) as { url: string; region: string; s3?: string } }
}

describe("the emulator's S3 requests", () => {
  interface Seen {
    method: string
    url: string
    headers: Record<string, string>
  }
  /** An S3 stand-in that records each request and answers only when the test says so. */
  async function holdingS3() {
    const seen: Seen[] = []
    const held: (() => void)[] = []
    const server = createServer((req, res) => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers as Record<string, string>
      })
      held.push(() => {
        if (req.method === 'HEAD') res.writeHead(200, { 'content-length': 40 }).end()
        else if (req.url?.includes('list-type=2'))
          res
            .writeHead(200)
            .end(
              '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a/part&amp;1.csv</Key><Size>40</Size></Contents></ListBucketResult>'
            )
        else res.writeHead(206).end('USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\n')
      })
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const { port } = server.address() as { port: number }
    return {
      url: `http://127.0.0.1:${port}`,
      seen,
      /** Waits until `count` requests have arrived in all, then answers those held. */
      async release(count: number) {
        while (seen.length < count) await new Promise((r) => setTimeout(r, 5))
        for (const answer of held.splice(0)) answer()
      },
      close: () => new Promise<void>((done) => server.close(() => done()))
    }
  }

  it('keeps the job CREATE IN_PROGRESS while its read goes on, and signs each request (host, a real payload hash)', async () => {
    const fake = await holdingS3()
    const s3Credentials = {
      accessKeyId: 'AKIAS3READER00000001',
      secretAccessKey: 's3/reader/secret'
    }
    const target = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      s3: { endpoint: fake.url, region: 'eu-west-1', credentials: s3Credentials },
      now
    })
    try {
      await create(target, {
        jobName: 'slow-read',
        dataSource: { dataLocation: 's3://slow-bucket/in/data file+1.csv' }
      })
      await fake.release(1)
      clock += 10_000
      expect((await describeJob('slow-read', target))?.status).toBe('CREATE IN_PROGRESS')
      await fake.release(2)
      await target.idle()
      const done = await describeJob('slow-read', target)
      expect([done?.status, done?.lastUpdatedDateTime]).toEqual(['ACTIVE', new Date(clock)])
      expect(fake.seen.map((r) => [r.method, r.url, r.headers.range])).toEqual([
        ['HEAD', '/slow-bucket/in/data%20file%2B1.csv', undefined],
        ['GET', '/slow-bucket/in/data%20file%2B1.csv', 'bytes=0-1048575']
      ])
      for (const r of fake.seen) {
        expect(r.headers['x-amz-content-sha256']).toBe(
          createHash('sha256').update('').digest('hex')
        )
        const signedHeaders = /SignedHeaders=([^,]+)/.exec(r.headers.authorization)?.[1] ?? ''
        expect(signedHeaders.split(';')).toContain('host')
        // The SDK's own signer, given the same request and time, must sign it the same way.
        const signer = new SignatureV4({
          credentials: s3Credentials,
          region: 'eu-west-1',
          service: 's3',
          sha256: Sha256,
          uriEscapePath: false
        })
        const [path] = r.url.split('?')
        const headers = Object.fromEntries(signedHeaders.split(';').map((n) => [n, r.headers[n]]))
        const amzDate = r.headers['x-amz-date']
        const signed = await signer.sign(
          { method: r.method, protocol: 'http:', hostname: '127.0.0.1', path, query: {}, headers },
          {
            signingDate: new Date(
              `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`
            )
          }
        )
        expect(r.headers.authorization).toBe(signed.headers.authorization)
      }
    } finally {
      await target.close()
      await fake.close()
    }
  })

  it('lists a folder with ListObjectsV2, path-style, and takes --s3-endpoint on the command line', async () => {
    const fake = await holdingS3()
    const file = join(mkdtempSync(join(tmpdir(), 'emulator-s3-')), 'scenario.json')
    writeFileSync(file, JSON.stringify({ datasets: [{ datasetArn: DATASET }] }))
    const { child, first } = await startCli(['--s3-endpoint', fake.url, '--scenario', file])
    try {
      const cli = new PersonalizeClient({
        endpoint: first.url,
        region: REGION,
        credentials: DEFAULT_CREDENTIALS,
        maxAttempts: 1
      })
      await cli.send(
        new CreateDatasetImportJobCommand({
          jobName: 'cli-s3',
          datasetArn: DATASET,
          dataSource: { dataLocation: 's3://cli-bucket/a/' }
        })
      )
      await fake.release(1)
      await fake.release(2)
      expect(fake.seen.map((r) => [r.method, r.url])).toEqual([
        ['GET', '/cli-bucket?list-type=2&prefix=a%2F'],
        ['GET', '/cli-bucket/a/part%261.csv']
      ])
      // Signed with the emulator's own credentials, as no S3 credentials were given.
      expect(fake.seen[0].headers.authorization).toContain(
        `Credential=${DEFAULT_CREDENTIALS.accessKeyId}/`
      )
    } finally {
      child.kill('SIGTERM')
      await fake.close()
    }
  })
})

describe('the S3 folder server (emulator/s3-folder.js, for the demo)', () => {
  let root: string
  let folder: S3Folder
  let s3c: S3Client

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 's3-folder-'))
    const put = (path: string, body: string | Buffer) => {
      mkdirSync(join(root, path, '..'), { recursive: true })
      writeFileSync(join(root, path), body)
    }
    put('demo-data/good/interactions.csv', 'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\n')
    put('demo-data/good/more.csv', 'USER_ID,ITEM_ID,TIMESTAMP\nu2,i2,1700000001\n')
    put('demo-data/bad/no-timestamp.csv', 'USER_ID,ITEM_ID\nu1,i1\n')
    put('demo-data/a & b.csv', 'x')
    put('demo-data/big.bin', Buffer.alloc(3 * 1024 * 1024, 97))
    put('demo-data/empty.csv', '')
    put('locked-data/x.csv', 'USER_ID,ITEM_ID,TIMESTAMP\n')
    put('secret.txt', 'outside every bucket')
    folder = await startS3Folder({ root, deniedBuckets: ['locked-data'] })
    s3c = new S3Client({
      endpoint: folder.url,
      region: REGION,
      credentials: CREDENTIALS,
      forcePathStyle: true,
      maxAttempts: 1
    })
  })
  afterAll(async () => {
    s3c?.destroy()
    await folder?.close()
  })

  const get = async (Key: string, Range?: string) => {
    const out = await s3c.send(new GetObjectCommand({ Bucket: 'demo-data', Key, Range }))
    return [out.ContentRange, await out.Body?.transformToString()]
  }

  it('answers HeadObject and GetObject with ranges, as S3 does', async () => {
    const head = await s3c.send(
      new HeadObjectCommand({ Bucket: 'demo-data', Key: 'good/interactions.csv' })
    )
    expect([head.ContentLength, head.AcceptRanges, head.ETag]).toEqual([
      43,
      'bytes',
      expect.stringMatching(/^"[0-9a-f]{32}"$/)
    ])
    expect(await get('good/interactions.csv')).toEqual([
      undefined,
      'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\n'
    ])
    expect(await get('good/interactions.csv', 'bytes=0-6')).toEqual(['bytes 0-6/43', 'USER_ID'])
    expect(await get('good/interactions.csv', 'bytes=40-')).toEqual(['bytes 40-42/43', '00\n'])
    expect(await get('good/interactions.csv', 'bytes=-3')).toEqual(['bytes 40-42/43', '00\n'])
    expect(await get('good/interactions.csv', 'bytes=0-999')).toEqual([
      'bytes 0-42/43',
      'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\n'
    ])
    expect(await get('a & b.csv')).toEqual([undefined, 'x'])
    expect(await get('empty.csv', 'bytes=0-99')).toEqual([undefined, ''])
    const past = await failure(get('good/interactions.csv', 'bytes=43-50'))
    expect([past.name, past.$metadata.httpStatusCode]).toEqual(['InvalidRange', 416])
  })

  it('sends only the range asked for, and counts the bytes', async () => {
    const before = folder.requests.length
    expect((await get('big.bin', 'bytes=0-65535'))[1]).toHaveLength(65536)
    expect(folder.requests.slice(before)).toEqual([
      {
        method: 'GET',
        bucket: 'demo-data',
        key: 'big.bin',
        range: 'bytes=0-65535',
        status: 206,
        bytes: 65536
      }
    ])
  })

  it('lists with ListObjectsV2: prefix, delimiter, pages through the SDK paginator', async () => {
    const keys: string[] = []
    for await (const page of paginateListObjectsV2(
      { client: s3c, pageSize: 2 },
      { Bucket: 'demo-data' }
    ))
      keys.push(...(page.Contents ?? []).map((o) => `${o.Key}:${o.Size}`))
    expect(keys).toEqual([
      'a & b.csv:1',
      'bad/no-timestamp.csv:22',
      'big.bin:3145728',
      'empty.csv:0',
      'good/interactions.csv:43',
      'good/more.csv:43'
    ])
    const top = await s3c.send(new ListObjectsV2Command({ Bucket: 'demo-data', Delimiter: '/' }))
    expect([top.Contents?.map((o) => o.Key), top.CommonPrefixes?.map((p) => p.Prefix)]).toEqual([
      ['a & b.csv', 'big.bin', 'empty.csv'],
      ['bad/', 'good/']
    ])
    const good = await s3c.send(new ListObjectsV2Command({ Bucket: 'demo-data', Prefix: 'good/' }))
    expect([good.KeyCount, good.IsTruncated]).toEqual([2, false])
  })

  it("answers S3's errors: no key, no bucket, a denied bucket, no way out of the root, read-only", async () => {
    const refused = async (call: Promise<unknown>) => {
      const e = await failure(call)
      return [e.name, e.$metadata.httpStatusCode]
    }
    expect(
      await refused(s3c.send(new GetObjectCommand({ Bucket: 'demo-data', Key: 'nope.csv' })))
    ).toEqual(['NoSuchKey', 404])
    expect(await refused(s3c.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })))).toEqual(
      ['NoSuchBucket', 404]
    )
    // A HEAD answer has no body, so the SDK names no error code: the status is the answer.
    const head = await failure(
      s3c.send(new HeadObjectCommand({ Bucket: 'locked-data', Key: 'x.csv' }))
    )
    expect(head.$metadata.httpStatusCode).toBe(403)
    expect(
      await refused(s3c.send(new GetObjectCommand({ Bucket: 'locked-data', Key: 'x.csv' })))
    ).toEqual(['AccessDenied', 403])
    const escape = await post(`${folder.url}/demo-data/..%2F..%2Fsecret.txt`, {}, '')
    expect(escape.status).toBe(501)
    const answer = await new Promise<number>((done) =>
      request(`${folder.url}/demo-data/..%2Fsecret.txt`, (res) => {
        res.resume()
        done(res.statusCode ?? 0)
      }).end()
    )
    expect(answer).toBe(404)
    expect(
      await refused(
        s3c.send(new PutObjectCommand({ Bucket: 'demo-data', Key: 'new.csv', Body: 'x' }))
      )
    ).toEqual(['NotImplemented', 501])
  })

  it('serves a folder from the command line (--s3-folder), which the jobs then read', async () => {
    const file = join(root, '..', `${root.split('/').pop()}-scenario.json`)
    writeFileSync(file, JSON.stringify({ datasets: [{ datasetArn: DATASET }] }))
    const { child, first } = await startCli(['--s3-folder', root, '--scenario', file])
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      expect(first.s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const cli = new PersonalizeClient({
        endpoint: first.url,
        region: REGION,
        credentials: DEFAULT_CREDENTIALS,
        maxAttempts: 1
      })
      await cli.send(
        new CreateDatasetImportJobCommand({
          jobName: 'cli-folder',
          datasetArn: DATASET,
          dataSource: { dataLocation: 's3://demo-data/bad/no-timestamp.csv' }
        })
      )
      const describe = () =>
        cli.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn('cli-folder') }))
      // The CLI runs on the real clock: 1 s pending and 2 s in progress.
      let job = (await describe()).datasetImportJob
      while (job?.status !== 'CREATE FAILED' && job?.status !== 'ACTIVE') {
        await new Promise((r) => setTimeout(r, 250))
        job = (await describe()).datasetImportJob
      }
      expect(job.failureReason).toBe(
        'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [TIMESTAMP].'
      )
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  })

  it('is what import jobs read in the demo: good data ACTIVE, a missing column CREATE FAILED', async () => {
    const demo = await startEmulator({
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: DATASET }],
      s3: { endpoint: folder.url },
      now
    })
    try {
      await create(demo, {
        jobName: 'folder-good',
        dataSource: { dataLocation: 's3://demo-data/good/' }
      })
      await create(demo, {
        jobName: 'folder-bad',
        dataSource: { dataLocation: 's3://demo-data/bad/no-timestamp.csv' }
      })
      await create(demo, {
        jobName: 'folder-locked',
        dataSource: { dataLocation: 's3://locked-data/x.csv' }
      })
      await demo.idle()
      clock += 3000
      expect(demo.jobs().map((j) => [j.jobName, j.status, j.failureReason])).toEqual([
        ['folder-good', 'ACTIVE', undefined],
        [
          'folder-bad',
          'CREATE FAILED',
          'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [TIMESTAMP].'
        ],
        [
          'folder-locked',
          'CREATE FAILED',
          'Failed to create a data import job for Interactions dataset. Insufficient privileges for accessing data in Amazon S3.'
        ]
      ])
    } finally {
      await demo.close()
    }
  })
})
