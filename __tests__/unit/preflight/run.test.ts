// The pre-flight run with mocked S3 and Personalize clients: what the end-to-end suite cannot
// make cheaply (an object over the size limit, many problems at once, an SSE-KMS refusal, a
// cancel in the middle of the reads), with the exact annotations and output.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  DescribeDatasetCommand,
  DescribeSchemaCommand,
  PersonalizeClient
} from '@aws-sdk/client-personalize'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { buildConfig } from '../../../src/import/config.js'
import { startDeadline } from '../../../src/aws/deadline.js'
import type { RawInputs } from '../../../src/import/names.js'
import { checkData } from '../../../src/preflight/run.js'
import { conclude } from '../../../src/preflight/verdict.js'
import { importReporter, preflightStopped } from '../../../src/import/report.js'
import { rawInputs } from '../fixtures.js'

const s3 = mockClient(S3Client)
const personalize = mockClient(PersonalizeClient)
const SCHEMA_ARN = 'arn:aws:personalize:us-east-1:123456789012:schema/retail-interactions-schema'
const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Interactions',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' }
  ],
  version: '1.0'
})
const dir = mkdtempSync(join(tmpdir(), 'preflight-run-'))
let stdout: string
let cancel: AbortController

beforeEach(() => {
  s3.reset()
  personalize.reset()
  personalize
    .on(DescribeDatasetCommand)
    .resolves({ dataset: { schemaArn: SCHEMA_ARN, datasetType: 'Interactions' } })
    .on(DescribeSchemaCommand)
    .resolves({ schema: { schema: SCHEMA } })
  writeFileSync(join(dir, 'output'), '')
  process.env.GITHUB_OUTPUT = join(dir, 'output')
  delete process.env.GITHUB_STEP_SUMMARY
  stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
  cancel = new AbortController()
  process.exitCode = undefined
})

afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const body = (text: string) => Readable.from([Buffer.from(text)]) as never

function configOf(inputs: Partial<RawInputs>) {
  const config = buildConfig(rawInputs({ preflight: 'auto', ...inputs }), {
    env: {},
    workspace: dir,
    readText: () => ''
  })
  if ('skeleton' in config) throw new Error('a skeleton')
  return config
}

const outputOf = () =>
  /^preflight<<(ghadelimiter_[\w-]+)\n(.*)\n\1$/m.exec(
    readFileSync(join(dir, 'output'), 'utf8')
  )?.[2]

/** The data checks as the import action runs and reports them; go: the import may be created. */
async function check(inputs: Partial<RawInputs>) {
  const config = configOf(inputs)
  const { request, preflight } = config
  const deadline = startDeadline(60_000, { now: Date.now, cancel: cancel.signal })
  const report = importReporter(request, `${request.datasetArn}-job`)
  let go = true
  if (preflight.mode === 'off') report.preflight('off')
  else {
    const found = await checkData({
      personalize: new PersonalizeClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' }
      }),
      client: config.client,
      s3Endpoint: preflight.s3Endpoint,
      request,
      deadline
    })
    if ('stopped' in found) {
      report.preflight('stopped')
      go = report.end({ ending: preflightStopped(deadline.stoppedBy()) })
    } else {
      const verdict = conclude(found, {
        mode: preflight.mode,
        location: request.dataSource.dataLocation,
        seconds: 0
      })
      report.preflight(verdict)
      go = !verdict.refused
    }
  }
  const output = outputOf()
  const annotations = [...stdout.matchAll(/^::(error|warning) title=([^:]*)::(.*)$/gm)].map(
    (m) => ({ level: m[1], title: m[2], message: m[3].replace(/%0A/g, '\n') })
  )
  return { go, output, annotations }
}

describe('checkData, as the import action reports it', () => {
  it('refuses an INCREMENTAL import over the 1 GiB limit', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 2 * 1024 ** 3 })
    s3.on(GetObjectCommand).resolves({ Body: body('USER_ID,ITEM_ID,TIMESTAMP\nu,i,1700000000\n') })
    const run = await check({
      'data-source': 's3://retail-data/huge.csv',
      'import-mode': 'INCREMENTAL'
    })
    expect(run.go).toBe(false)
    expect(run.output).toBe('failed')
    expect(run.annotations).toHaveLength(1)
    expect(run.annotations[0].title).toBe('Pre-flight check failed')
    expect(run.annotations[0].message).toBe(
      's3://retail-data/huge.csv holds 2 GiB; one INCREMENTAL import takes at most 1 GiB (the Personalize quota for data per import job). Fix: split the data into imports of at most 1 GiB each, or, if AWS raised this quota for the account, set preflight: off for this import.'
    )
  })

  it('shows at most 5 annotations of a kind and counts the rest in the last', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `f/${i}.csv`)
    s3.on(ListObjectsV2Command).resolves({
      Contents: keys.map((Key) => ({ Key, Size: 20 })),
      IsTruncated: false
    })
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: body('USER_ID,ITEM_ID\nu,i\n') }))
    const run = await check({ 'data-source': 's3://retail-data/f/' })
    expect(run.go).toBe(false)
    const errors = run.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(5)
    expect(errors[0].message).toMatch(
      /^s3:\/\/retail-data\/f\/0\.csv: Input CSV is missing the following columns: \[TIMESTAMP\]\./
    )
    expect(errors[4].message).toMatch(/\n\(2 more problems of this kind: see the job summary\.\)$/)
  })

  it('names kms:Decrypt when S3 refuses to decrypt; strict refuses, auto goes ahead', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 100 })
    s3.on(GetObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message:
          'User: arn:aws:sts::123456789012:assumed-role/gha/x is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/k'
      })
    )
    const reason =
      "GetObject on s3://retail-data/a.csv was refused: the credentials may not decrypt the object's KMS key (kms:Decrypt). Grant kms:Decrypt on the bucket's key to the role of configure-aws-credentials."
    const strict = await check({ 'data-source': 's3://retail-data/a.csv', preflight: 'strict' })
    expect(strict.go).toBe(false)
    expect(strict.output).toBe('incomplete')
    expect(strict.annotations).toEqual([
      {
        level: 'error',
        title: 'Pre-flight check could not run',
        message: `${reason}\nWith preflight: strict a check that cannot run fails the step. Grant the permission, or use preflight: auto to import without it.`
      }
    ])

    stdout = ''
    process.exitCode = undefined
    const auto = await check({ 'data-source': 's3://retail-data/a.csv' })
    expect(auto.go).toBe(true)
    expect(auto.output).toBe('incomplete')
    expect(auto.annotations).toEqual([
      {
        level: 'warning',
        title: 'Pre-flight check could not run',
        message: `${reason}\nThe import goes ahead without this check (preflight: auto).`
      }
    ])
  })

  it('stops at a cancel in the middle of the reads, creating nothing', async () => {
    s3.on(HeadObjectCommand).callsFake(() => {
      cancel.abort()
      return new Promise(() => {})
    })
    const run = await check({ 'data-source': 's3://retail-data/a.csv' })
    expect(run.go).toBe(false)
    expect(run.output).toBe('incomplete')
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Pre-flight check stopped',
        message: 'The step was cancelled during the pre-flight checks. No import job was created.'
      }
    ])
  })

  it('reads nothing with preflight: off', async () => {
    const run = await check({ 'data-source': 's3://retail-data/a.csv', preflight: 'off' })
    expect(run.go).toBe(true)
    expect(run.output).toBe('off')
    expect(s3.calls()).toHaveLength(0)
    expect(personalize.calls()).toHaveLength(0)
  })
})
