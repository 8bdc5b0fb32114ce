// One mistake, one message (issue 17): each common mistake ends the run in one error that says
// what is wrong and what to do, the same in the log, the annotation and the job summary. The
// bundle runs against the emulator, with the pre-flight check reading a local S3.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startEmulator, startS3Folder, type Emulator } from '../../emulator/index.js'
import { ACCOUNT, jobArn } from './fixture.js'
import { CREDENTIALS, runAction, type ActionRun } from './runner.js'

const DATA = {
  'data/good/part-1.csv': 'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\nu2,i2,1700000060\n',
  // Lower-case names: the pre-flight warns, the emulator fails the import on missing columns.
  'data/lower/part-1.csv': 'user_id,item_id,timestamp\nu1,i1,1700000000\nu2,i2,1700000060\n'
}
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const datasetOf = (group: string) =>
  `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/${group}/INTERACTIONS`

let folder: string
let s3: { url: string; close(): Promise<void> }
let emu: Emulator

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'one-mistake-'))
  for (const [key, text] of Object.entries(DATA)) {
    mkdirSync(dirname(join(folder, key)), { recursive: true })
    writeFileSync(join(folder, key), text)
  }
  s3 = await startS3Folder({ root: folder })
  emu = await startEmulator({
    port: 0,
    region: 'us-east-1',
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    datasets: ['a', 'b', 'c', 'd'].map((g) => ({ datasetArn: datasetOf(g) })),
    jobs: { pendingSeconds: 0, inProgressSeconds: 1 },
    s3: { endpoint: s3.url }
  })
})

afterAll(async () => {
  await emu.close()
  await s3.close()
  rmSync(folder, { recursive: true, force: true })
})

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: {
      'data-source': 's3://data/good/',
      'role-arn': ROLE,
      'endpoint-url': emu.url,
      's3-endpoint-url': s3.url,
      'poll-interval': '1',
      preflight: 'auto',
      ...inputs
    },
    env: { AWS_REGION: 'us-east-1' }
  })
}

/** The summary's text, as a reader sees it: tags dropped, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

/** One annotation, an error, with this text; its advice in the summary too; nothing else said. */
function oneError(r: ActionRun, title: string, advice: string) {
  expect(r.exitCode).toBe(1)
  expect(r.annotations).toEqual([
    { level: 'error', title, message: expect.stringContaining(advice) }
  ])
  expect(text(r.summary)).toContain(advice)
}

describe('one mistake, one message', () => {
  it('a dataset that does not exist: one pre-flight error, no warning first, no create', async () => {
    const missing = datasetOf('nope')
    const r = await run({ 'job-name': 'missing-1', 'dataset-arn': missing })
    oneError(
      r,
      'Pre-flight check failed',
      `Dataset ${missing} was not found in region us-east-1 (DescribeDataset: ResourceNotFoundException). Fix: check dataset-arn (a dataset's ARN ends in dataset/<dataset group>/<TYPE>, such as dataset/retail/INTERACTIONS), and that region is the dataset's region.`
    )
    expect(r.stdout).toContain('Pre-flight Dataset schema: failed (1 error)')
    expect(r.stdout).not.toContain('could not run')
    expect(r.stdout).toContain('No import job was created: fix what the error names and run again.')
    expect(r.stdout).not.toContain('preflight: off')
    expect(emu.jobs().some((j: { jobName: string }) => j.jobName === 'missing-1')).toBe(false)
  }, 30_000)

  it("a dataset group's ARN as dataset-arn: an input error naming the datasets to give", async () => {
    const group = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset-group/retail`
    const before = emu.requests.length
    const r = await run({ 'job-name': 'group-1', 'dataset-arn': group })
    oneError(
      r,
      'Invalid input',
      `is a dataset group's ARN (${group}), not a dataset's. Give the ARN of the dataset that receives the data: arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/retail/INTERACTIONS, ITEMS, USERS, ACTIONS or ACTION_INTERACTIONS.`
    )
    expect(text(r.summary)).toContain('dataset-arn')
    expect(emu.requests.length).toBe(before)
  }, 30_000)

  it('a create denied by IAM: the advice names the import job resource AWS names', async () => {
    emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'access-denied', count: 1 })
    try {
      const r = await run({ 'job-name': 'denied-1', 'dataset-arn': datasetOf('a') })
      const resource = jobArn('denied-1')
      oneError(
        r,
        'CreateDatasetImportJob failed',
        `The caller lacks permission personalize:CreateDatasetImportJob on ${resource}, the import job it would create. Allow personalize:CreateDatasetImportJob on arn:aws:personalize:us-east-1:${ACCOUNT}:dataset-import-job/* (as well as on the dataset) in the IAM policy of the role used by configure-aws-credentials.`
      )
      expect(r.annotations[0].message).toContain(`on resource: ${resource} because`)
    } finally {
      emu.clearFaults()
    }
  }, 30_000)

  it('a lower-case header: the failed import points back to the pre-flight warning', async () => {
    const r = await run({
      'job-name': 'lower-1',
      'dataset-arn': datasetOf('b'),
      'data-source': 's3://data/lower/'
    })
    const warning =
      's3://data/lower/part-1.csv: the header writes "user_id" for USER_ID, "item_id" for ITEM_ID, "timestamp" for TIMESTAMP;'
    expect(r.exitCode).toBe(1)
    expect(r.annotations.map((a) => [a.level, a.title])).toEqual([
      ['warning', 'Pre-flight check warning'],
      ['error', 'Personalize import CREATE FAILED']
    ])
    expect(r.annotations[0].message).toContain(warning)
    const error = r.annotations[1].message
    expect(error).toContain(
      'Input CSV is missing the following columns: [USER_ID, ITEM_ID, TIMESTAMP]'
    )
    expect(error).toContain(`The pre-flight check warned of this: ${warning}`)
    expect(error).toContain('Fix: rename "user_id" to USER_ID; rename "item_id" to ITEM_ID')
    // The summary's "What to do" row says the same.
    expect(text(r.summary)).toMatch(
      /What to do The CSV header must name [^<]*The pre-flight check warned of this: s3:\/\/data\/lower\/part-1\.csv: the header writes "user_id"/
    )
  }, 30_000)

  it('a header that passes points back to nothing', async () => {
    emu.injectFault({
      operation: 'DescribeDatasetImportJob',
      kind: 'forged-text',
      message: 'Input CSV is missing the following columns: [X].',
      count: Infinity
    })
    try {
      const r = await run({ 'job-name': 'good-1', 'dataset-arn': datasetOf('c') })
      expect(r.exitCode).toBe(1)
      expect(visibleText(r)).not.toContain('The pre-flight check warned')
    } finally {
      emu.clearFaults()
    }
  }, 30_000)

  it('INCREMENTAL into a new dataset: refused, and no "passed" is logged before it', async () => {
    const r = await run({
      'job-name': 'incr-1',
      'dataset-arn': datasetOf('d'),
      'import-mode': 'INCREMENTAL'
    })
    oneError(
      r,
      'Pre-flight check failed',
      'import-mode is INCREMENTAL, but this dataset has never had an ACTIVE import job.'
    )
    expect(r.stdout).not.toMatch(/data check passed/)
    expect(r.stdout).toContain('Pre-flight data check failed in')
    expect(text(r.summary)).toContain(
      'No import job was created: fix what the error names and run again.'
    )
  }, 30_000)
})

const visibleText = (r: ActionRun) => `${r.stdout}\n${text(r.summary)}`
