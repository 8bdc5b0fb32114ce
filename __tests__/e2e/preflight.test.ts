// The pre-flight data check end to end: the committed bundle under Node 24, the Personalize
// emulator and s3rver (an independent S3 server) behind a counting TCP relay, no mocks.
// Each check refuses bad data before any CreateDatasetImportJob; the same bad data with
// preflight: off is created and fails only after polling; a check that cannot run is a warning in
// auto and refuses the run in strict; off reads nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { relayTo, type Relay } from '../../tools/relay.js'
import { ROOT, runAction, type ActionRun } from './runner.js'
import { S3_CREDENTIALS, S3_REFUSED_CREDENTIALS, startS3, type S3Server } from './s3.js'

const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const GOOD = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,1700000000,click\nu2,i2,1700000100,buy\n'

let s3: S3Server
let relay: Relay
let emu: Emulator
/** A second emulator that does not know s3rver's key pair, so S3 refuses the same credentials. */
let refusing: Emulator

const emulatorOptions = {
  port: 0,
  region: 'us-east-1',
  accountId: ACCOUNT,
  // Each run adds a dataset of its own (see check).
  datasets: [],
  jobs: { pendingSeconds: 0.5, inProgressSeconds: 1 }
}

beforeAll(async () => {
  s3 = await startS3()
  relay = await relayTo(s3.port)
  await s3.fill('data', {
    'good.csv': GOOD,
    'no-timestamp.csv': 'USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,click\n',
    'bom.csv': `\uFEFF${GOOD}`,
    'quoted.csv': '"USER_ID","ITEM_ID","TIMESTAMP"\nu1,i1,1700000000\n',
    'ms.csv': 'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000000\n',
    'wrong-type.csv': 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_VALUE\nu1,i1,1700000000,lots\n',
    'mixed/a.csv': GOOD,
    'mixed/b.csv': 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_VALUE\nu1,i1,1700000000,1.5\n',
    'folder/a.csv': GOOD,
    'folder/b.csv': GOOD,
    // What spreadsheets and pandas write: CRLF, a quoted comma, a lowercase name, a whole number
    // with a decimal point, no newline at the end; the console's 0-byte folder marker beside it.
    'exported/': '',
    'exported/part-0.csv':
      'user_id,ITEM_ID,TIMESTAMP,EVENT_TYPE\r\nu1,"i,1",1700000000.0,click\r\nu2,i2,1700000100,buy'
  })
  await s3.createBucket('empty')
  // The emulator's import jobs read the data from s3rver as Personalize reads it.
  emu = await startEmulator({
    ...emulatorOptions,
    credentials: S3_CREDENTIALS,
    s3: { endpoint: s3.endpoint }
  })
  refusing = await startEmulator({ ...emulatorOptions, credentials: S3_REFUSED_CREDENTIALS })
})

afterAll(async () => {
  await emu.close()
  await refusing.close()
  await relay.close()
  await s3.close()
})

let n = 0
async function check(
  inputs: Record<string, string>,
  o: { emulator?: Emulator; entry?: string } = {}
): Promise<ActionRun & { creates: number; operations: string[] }> {
  const target = o.emulator ?? emu
  // A dataset per run: a job left pending by one run would make the next wait for it (on-busy).
  const dataset = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/run-${++n}/INTERACTIONS`
  for (const e of [emu, refusing]) e.addDataset({ datasetArn: dataset })
  const credentials = target === emu ? S3_CREDENTIALS : S3_REFUSED_CREDENTIALS
  target.clearRequests()
  relay.reset()
  const run = await runAction({
    ...(o.entry ? { entry: o.entry } : {}),
    inputs: {
      'job-name': `pre-${n}`,
      'dataset-arn': dataset,
      'role-arn': ROLE,
      'endpoint-url': target.url,
      's3-endpoint-url': `http://127.0.0.1:${relay.port}`,
      'poll-interval': '1',
      wait: 'false',
      preflight: 'auto',
      ...inputs
    },
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: undefined
    }
  })
  const operations = target.requests.map((r) => r.operation)
  if (process.env.SHOW) console.log(JSON.stringify(run.annotations, null, 1), run.stdout)
  return {
    ...run,
    operations,
    creates: operations.filter((op) => op === 'CreateDatasetImportJob').length
  }
}

const errors = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error')
const warnings = (run: ActionRun) => run.annotations.filter((a) => a.level === 'warning')

describe('good data', () => {
  it('passes every check and creates the job', async () => {
    const run = await check({ 'data-source': 's3://data/good.csv' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.preflight).toBe('passed')
    expect(run.annotations).toEqual([])
    expect(run.operations).toEqual([
      'DescribeDataset',
      'DescribeSchema',
      'ListDatasetImportJobs',
      'CreateDatasetImportJob'
    ])
    expect(run.stdout).toContain('Pre-flight data check passed in')
    expect(run.summary).toContain('<h3>Pre-flight data check: passed</h3>')
  })

  it('reads every file of a folder', async () => {
    const run = await check({ 'data-source': 's3://data/folder/' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.preflight).toBe('passed')
    expect(run.stdout).toContain('s3://data/folder/: 2 objects,')
  })
})

describe('data the guide neither allows nor forbids', () => {
  it('is imported with warnings, not refused', async () => {
    const run = await check({ 'data-source': 's3://data/exported/' })
    expect(run.exitCode).toBe(0)
    expect(run.creates).toBe(1)
    expect(run.outputs.preflight).toBe('passed')
    expect(errors(run)).toEqual([])
    expect(warnings(run).map((a) => a.message)).toEqual([
      's3://data/exported/part-0.csv: the header writes "user_id" for USER_ID; Personalize may not take it for that column, and would then fail the import with "Input CSV is missing the following columns". Fix: rename "user_id" to USER_ID.',
      's3://data/exported/part-0.csv line 2, column TIMESTAMP: "1700000000.0" is a whole number with a decimal point; Personalize may not read it as a long (a whole number from -9223372036854775808 to 9223372036854775807). Fix: write it without the decimal point (1700000000); in pandas, write the column as integers (astype("Int64")).'
    ])
    expect(run.stdout).toContain('s3://data/exported/: 1 object,')
  })
})

describe('each check refuses bad data before creating', () => {
  async function refused(dataSource: string, extra: Record<string, string> = {}) {
    const run = await check({ 'data-source': dataSource, ...extra })
    expect(run.exitCode).toBe(1)
    expect(run.creates).toBe(0)
    expect(run.outputs.preflight).toBe('failed')
    expect(run.outputs['dataset-import-job-arn']).toBeUndefined()
    expect(run.stdout).toContain('No import job was created')
    return run
  }

  const only = (run: ActionRun) => {
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0].title).toBe('Pre-flight check failed')
    return errors(run)[0].message
  }

  it('a missing TIMESTAMP column', async () => {
    const run = await refused('s3://data/no-timestamp.csv')
    expect(only(run)).toBe(
      's3://data/no-timestamp.csv: Input CSV is missing the following columns: [TIMESTAMP]. The Interactions dataset\'s schema requires it (its type is not a union with "null"). Fix: add the column TIMESTAMP to the header, with a value on every row.'
    )
    expect(run.summary).toContain('<h3>Pre-flight data check: failed</h3>')
    expect(run.summary).toContain('<td>CSV header</td><td>❌ failed (1 error)</td>')
  })

  it('a byte-order mark', async () => {
    expect(only(await refused('s3://data/bom.csv'))).toBe(
      's3://data/bom.csv starts with a byte-order mark (EF BB BF); Personalize reads it as part of the first column name, so "USER_ID" is then missing. Fix: save the file as UTF-8 without a byte-order mark (BOM), e.g. sed -i \'1s/^\\xEF\\xBB\\xBF//\' file.csv.'
    )
  })

  it('quoted header names', async () => {
    expect(only(await refused('s3://data/quoted.csv'))).toBe(
      's3://data/quoted.csv: the header quotes its column names ("USER_ID", "ITEM_ID", "TIMESTAMP"); Personalize expects them unquoted. Fix: write the header line without quotes around the names.'
    )
  })

  it('millisecond timestamps', async () => {
    expect(only(await refused('s3://data/ms.csv'))).toBe(
      's3://data/ms.csv line 2, column TIMESTAMP: "1700000000000" looks like milliseconds; Personalize expects Unix epoch time in seconds. Fix: divide by 1000 (1700000000).'
    )
  })

  it('a value of the wrong type', async () => {
    expect(only(await refused('s3://data/wrong-type.csv'))).toBe(
      's3://data/wrong-type.csv line 2, column EVENT_VALUE: "lots" is not a float (a number such as 4.5 or 1e-3). Fix: write a number or leave it empty, or change the field\'s type in the schema.'
    )
  })

  it('an empty location', async () => {
    expect(only(await refused('s3://empty/nothing/'))).toBe(
      's3://empty/nothing/ holds no objects (ListObjectsV2 found none under the prefix). Personalize would fail the import with "Invalid Data location." Fix: upload the CSV files under that prefix, or correct dataLocation in data-source.'
    )
  })

  it('a folder whose files differ in their header', async () => {
    expect(only(await refused('s3://data/mixed/'))).toBe(
      's3://data/mixed/b.csv does not have the header of s3://data/mixed/a.csv: it lacks "EVENT_TYPE" and it adds "EVENT_VALUE". Every file of a folder is imported with one header. Fix: write every file of the folder with the same header line.'
    )
  })

  it('INCREMENTAL into a dataset that never had an ACTIVE import', async () => {
    const run = await refused('s3://data/good.csv', { 'import-mode': 'INCREMENTAL' })
    expect(only(run)).toBe(
      'import-mode is INCREMENTAL, but this dataset has never had an ACTIVE import job. "If you haven\'t imported bulk records into the dataset previously, you can only specify FULL." Fix: run the first import of this dataset with import-mode FULL.\nNo import job was created.'
    )
    expect(run.operations).toEqual(['DescribeDataset', 'DescribeSchema', 'ListDatasetImportJobs'])
  })
})

describe('both sides of the same bad data', () => {
  it('off: the job is created and fails after polling; auto: refused at once', async () => {
    const off = await check({
      'data-source': 's3://data/no-timestamp.csv',
      preflight: 'off',
      wait: 'true'
    })
    expect(off.exitCode).toBe(1)
    expect(off.creates).toBe(1)
    expect(off.outputs.status).toBe('CREATE FAILED')
    expect(off.outputs['failure-reason']).toBe(
      'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [TIMESTAMP].'
    )
    expect(off.outputs.preflight).toBe('off')
    expect(off.operations.filter((op) => op === 'DescribeDatasetImportJob').length).toBeGreaterThan(
      0
    )

    const auto = await check({ 'data-source': 's3://data/no-timestamp.csv', wait: 'true' })
    expect(auto.exitCode).toBe(1)
    expect(auto.creates).toBe(0)
    expect(auto.ms).toBeLessThan(3000)
    expect(auto.ms).toBeLessThan(off.ms)
  })
})

describe('a check that cannot run', () => {
  it('S3 refuses (403): auto warns naming the permission and imports; strict refuses', async () => {
    const auto = await check({ 'data-source': 's3://data/good.csv' }, { emulator: refusing })
    expect(auto.exitCode).toBe(0)
    expect(auto.creates).toBe(1)
    expect(auto.outputs.preflight).toBe('incomplete')
    const refusal =
      'HeadObject on s3://data/good.csv was refused (HTTP 403): the credentials lack s3:GetObject (or the key does not exist and s3:ListBucket is not granted either). Grant it to the role of configure-aws-credentials, and check the bucket policy.'
    expect(warnings(auto)).toEqual([
      {
        level: 'warning',
        title: 'Pre-flight check could not run',
        message: `${refusal}\nThe import goes ahead without this check (preflight: auto).`
      }
    ])

    const strict = await check(
      { 'data-source': 's3://data/good.csv', preflight: 'strict' },
      { emulator: refusing }
    )
    expect(strict.exitCode).toBe(1)
    expect(strict.creates).toBe(0)
    expect(strict.outputs.preflight).toBe('incomplete')
    expect(errors(strict)).toEqual([
      {
        level: 'error',
        title: 'Pre-flight check could not run',
        message: `${refusal}\nWith preflight: strict a check that cannot run fails the step. Grant the permission, or use preflight: auto to import without it.`
      }
    ])
  })

  it('DescribeSchema denied: auto warns naming personalize:DescribeSchema; strict refuses', async () => {
    emu.injectFault({ operation: 'DescribeSchema', kind: 'access-denied' })
    const auto = await check({ 'data-source': 's3://data/good.csv' })
    expect(auto.exitCode).toBe(0)
    expect(auto.creates).toBe(1)
    expect(auto.outputs.preflight).toBe('incomplete')
    expect(warnings(auto)[0].message).toContain('personalize:DescribeSchema')

    emu.injectFault({ operation: 'DescribeSchema', kind: 'access-denied' })
    const strict = await check({ 'data-source': 's3://data/good.csv', preflight: 'strict' })
    expect(strict.exitCode).toBe(1)
    expect(strict.creates).toBe(0)
    expect(errors(strict)[0].message).toContain('personalize:DescribeSchema')
  })
})

describe('S3 unreachable', () => {
  it('auto warns and imports; strict refuses', async () => {
    // A port nothing listens on: the relay's, once closed, is one.
    const closed = await relayTo(1)
    await closed.close()
    const endpoint = `http://127.0.0.1:${closed.port}`
    const reason = `HeadObject on s3://data/good.csv failed: S3 could not be reached (ECONNREFUSED). Check s3-endpoint-url and the runner's network or proxy.`
    const auto = await check({ 'data-source': 's3://data/good.csv', 's3-endpoint-url': endpoint })
    expect(auto.exitCode).toBe(0)
    expect(auto.creates).toBe(1)
    expect(auto.outputs.preflight).toBe('incomplete')
    expect(warnings(auto).map((a) => a.message)).toEqual([
      `${reason}\nThe import goes ahead without this check (preflight: auto).`
    ])
    const strict = await check({
      'data-source': 's3://data/good.csv',
      's3-endpoint-url': endpoint,
      preflight: 'strict'
    })
    expect(strict.exitCode).toBe(1)
    expect(strict.creates).toBe(0)
    expect(errors(strict)[0].message.split('\n')[0]).toBe(reason)
  })
})

describe('preflight: off', () => {
  it('makes no S3 request and no DescribeDataset or DescribeSchema', async () => {
    const run = await check({ 'data-source': 's3://data/good.csv', preflight: 'off' })
    expect(run.exitCode).toBe(0)
    expect(relay.connections).toBe(0)
    expect(run.operations).toEqual(['ListDatasetImportJobs', 'CreateDatasetImportJob'])
    expect(run.outputs.preflight).toBe('off')
  })

  it('does not load the S3 client: the bundle without its chunks still runs', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'dist-without-s3-'))
    try {
      cpSync(join(ROOT, 'dist'), dist, { recursive: true })
      const lib = join(dist, 'lib')
      const chunks = readdirSync(lib).filter(
        (f) =>
          /^\d+\.index\.js$/.test(f) && readFileSync(join(lib, f), 'utf8').includes('client-s3')
      )
      expect(chunks.length).toBeGreaterThan(0)
      for (const f of chunks) rmSync(join(lib, f))
      expect(readFileSync(join(lib, 'index.js'), 'utf8')).not.toMatch(
        /node_modules\/@aws-sdk\/client-s3\//
      )
      const entry = join(dist, 'index.js')
      const off = await check({ 'data-source': 's3://data/good.csv', preflight: 'off' }, { entry })
      expect(off.exitCode).toBe(0)
      const auto = await check({ 'data-source': 's3://data/good.csv' }, { entry })
      expect(auto.exitCode).toBe(1)
      expect(auto.creates).toBe(0)
    } finally {
      rmSync(dist, { recursive: true, force: true })
    }
  })
})
