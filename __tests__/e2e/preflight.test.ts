// The pre-flight data check end to end: the committed bundle under Node 24, the Personalize
// emulator and s3rver (an independent S3 server) behind a counting TCP relay, no mocks.
// Each check refuses bad data before any CreateDatasetImportJob; the same bad data with
// preflight: off is created and fails only after polling; a check that cannot run is a warning in
// auto and refuses the run in strict; off reads nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { relayTo, type Relay } from '../../scripts/relay.js'
import { ROOT, runAction, type ActionRun } from './runner.js'
import { S3_CREDENTIALS, S3_REFUSED_CREDENTIALS, startS3, type S3Server } from './s3.js'
import { ACCOUNT, ROLE } from './fixture.js'
import { recordFigures } from './figures.js'

const GOOD = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,1700000000,click\nu2,i2,1700000100,buy\n'

const FORGED_KEY = 'newline/a\n::error title=Forged::x.csv'
const FORGED_VALUE = '1\n::set-output name=status::ACTIVE <b>|</b>'

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
      'user_id,ITEM_ID,TIMESTAMP,EVENT_TYPE\r\nu1,"i,1",1700000000.0,click\r\nu2,i2,1700000100,buy',
    // A Spark job's output folder: part files with a header each, the committer's markers and
    // checksum side files beside them.
    'spark/_SUCCESS': '',
    'spark/._SUCCESS.crc': 'crc\x00\x00\x00\x00',
    'spark/part-00000-5e1f.csv': GOOD,
    'spark/.part-00000-5e1f.csv.crc': 'crc\x00\x00\x00\x01',
    'spark/part-00001-5e1f.csv': 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu3,i3,1700000200,view\n',
    // pandas to_csv(encoding='utf-8-sig') with its index: the mark lands on the unnamed column.
    'pandas-bom.csv':
      '\uFEFF,USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n0,u1,i1,1700000000,click\n1,u2,i2,1700000100,buy\n',
    'unload.csv.gz': gzipSync(GOOD)
  })
  await s3.createBucket('empty')
  // Keys are any bytes: a newline with a workflow command after it, a trailing space.
  await s3.fill('forged', {
    [FORGED_KEY]: 'USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,click\n',
    'space/b.csv ': `USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP\nu1,i1,1.5,"${FORGED_VALUE}"\n`
  })
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
  o: { emulator?: Emulator; entry?: string; onStart?: (child: ChildProcess) => void } = {}
): Promise<ActionRun & { creates: number; operations: string[]; firstRequest: number }> {
  const target = o.emulator ?? emu
  // A dataset per run: a job left pending by one run would make the next wait for it (on-busy).
  const dataset = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/run-${++n}/INTERACTIONS`
  for (const e of [emu, refusing]) e.addDataset({ datasetArn: dataset })
  const credentials = target === emu ? S3_CREDENTIALS : S3_REFUSED_CREDENTIALS
  target.clearRequests()
  relay.reset()
  const run = await runAction({
    ...(o.entry ? { entry: o.entry } : {}),
    ...(o.onStart ? { onStart: o.onStart } : {}),
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
  const firstRequest = Math.min(...target.requests.map((r) => r.time))
  if (process.env.SHOW) console.log(JSON.stringify(run.annotations, null, 1), run.stdout)
  return {
    ...run,
    operations,
    firstRequest,
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
      's3://data/exported/part-0.csv line 2, column TIMESTAMP: "1700000000.0" is not a whole number; the guide writes epoch seconds as whole numbers (881250949), and whether Personalize reads a decimal point is not documented. Fix: write whole seconds (1700000000); in pandas, write the column as integers (astype("Int64")).'
    ])
    expect(run.stdout).toContain('s3://data/exported/: 1 object,')
  })

  // Verdicts changed on purpose (issue 14): the evidence does not say these fail.
  async function warned(dataSource: string, found?: string) {
    const run = await check({ 'data-source': dataSource })
    expect(run.exitCode).toBe(0)
    expect(run.creates).toBe(1)
    expect(run.outputs.preflight).toBe('passed')
    expect(errors(run)).toEqual([])
    if (found) expect(run.stdout).toContain(found)
    return warnings(run).map((a) => a.message)
  }

  it('a byte-order mark before USER_ID', async () => {
    expect(await warned('s3://data/bom.csv')).toEqual([
      "s3://data/bom.csv starts with a byte-order mark (EF BB BF) before the column USER_ID; whether Personalize strips the mark is not documented, and if it does not, it fails the import with \"Input CSV is missing the following columns: [USER_ID]\". Fix: save the file as UTF-8 without a byte-order mark: in pandas, encoding='utf-8' rather than 'utf-8-sig'; or sed -i '1s/^\\xEF\\xBB\\xBF//' file.csv."
    ])
  })

  it("a byte-order mark on pandas' unnamed index column: nothing to say", async () => {
    const run = await check({ 'data-source': 's3://data/pandas-bom.csv' })
    expect(run.exitCode).toBe(0)
    expect(run.creates).toBe(1)
    expect(run.outputs.preflight).toBe('passed')
    expect(run.annotations).toEqual([])
  })

  it('a value that does not parse in EVENT_VALUE, as a recorded ACTIVE import had in metadata', async () => {
    expect(await warned('s3://data/wrong-type.csv')).toEqual([
      's3://data/wrong-type.csv line 2, column EVENT_VALUE: "lots" is not a float (a number such as 4.5 or 1e-3); Personalize has imported such values in metadata, but what it makes of them is not documented. Fix: write a number or leave it empty, or change the field\'s type in the schema.'
    ])
  })

  it('a folder whose files differ in their header, each with its required columns', async () => {
    expect(await warned('s3://data/mixed/')).toEqual([
      's3://data/mixed/b.csv does not have the header of s3://data/mixed/a.csv: it lacks "EVENT_TYPE" and it adds "EVENT_VALUE". What Personalize makes of files with different headers in one folder is not documented. Fix: write every file of the folder with the same header line.'
    ])
  })

  it('a Spark output folder: one warning for its side files, the part files checked', async () => {
    expect(await warned('s3://data/spark/', 's3://data/spark/: 2 objects,')).toEqual([
      's3://data/spark/ holds 3 side files of a data pipeline beside the data ("._SUCCESS.crc", ".part-00000-5e1f.csv.crc", "_SUCCESS"); they were not checked as data, and whether Personalize skips them is not documented. Fix: write the data under a prefix of its own (copy the part files to it), or delete the markers (_SUCCESS, _committed_*, _started_*, .crc files, _temporary/) before the import.'
    ])
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

  it('gzip-compressed data, whatever its name', async () => {
    expect(only(await refused('s3://data/unload.csv.gz'))).toBe(
      "s3://data/unload.csv.gz is gzip-compressed: Personalize imports uncompressed CSV. Fix: write it uncompressed: in pandas, to_csv(path, compression=None) with a name that does not end in .gz, .zip, .bz2 or .zst; in Athena UNLOAD, WITH (format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE'); in Spark, option(\"compression\", \"none\"); or decompress the file before the upload."
    )
  })

  it('an empty location', async () => {
    expect(only(await refused('s3://empty/nothing/'))).toBe(
      's3://empty/nothing/ holds no objects (ListObjectsV2 found none under the prefix). Personalize would fail the import with "Invalid Data location." Fix: upload the CSV files under that prefix, or correct dataLocation in data-source.'
    )
  })

  it('INCREMENTAL into a dataset that never had an ACTIVE import', async () => {
    const run = await refused('s3://data/good.csv', { 'import-mode': 'INCREMENTAL' })
    expect(only(run)).toBe(
      'import-mode is INCREMENTAL, but this dataset has never had an ACTIVE import job. "If you haven\'t imported bulk records into the dataset previously, you can only specify FULL." Fix: run the first import of this dataset with import-mode FULL.'
    )
    // The import mode is a pre-flight check like the others: its row, one verdict, one log line.
    expect(run.summary).toContain('<td>Import mode</td><td>❌ failed (1 error)</td>')
    expect(run.stdout).toContain('Pre-flight data check failed in ')
    expect(run.stdout).not.toContain('Pre-flight data check passed')
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

describe('the import mode check that cannot run', () => {
  it('ListDatasetImportJobs refused, strict: refused before creating, with a summary', async () => {
    emu.injectFault({ operation: 'ListDatasetImportJobs', kind: 'access-denied' })
    const run = await check({
      'data-source': 's3://data/good.csv',
      'import-mode': 'INCREMENTAL',
      preflight: 'strict'
    })
    expect(run.exitCode).toBe(1)
    expect(run.creates).toBe(0)
    expect(run.outputs).toEqual({ 'job-name': `pre-${n}`, preflight: 'incomplete' })
    const reason =
      'The import mode could not be checked: INCREMENTAL needs an earlier ACTIVE import, and ListDatasetImportJobs was refused (grant personalize:ListDatasetImportJobs).'
    expect(errors(run)).toEqual([
      {
        level: 'error',
        title: 'Pre-flight check could not run',
        message: `${reason}\nWith preflight: strict a check that cannot run fails the step. Grant the permission, or use preflight: auto to import without it.`
      }
    ])
    expect(run.summary).toContain(`<td>Import mode</td><td>⏭️ could not run: ${reason}</td>`)
    expect(run.summary).toContain(
      'No import job was created: fix the data or the permissions and run again, or set preflight: off to import it as it is.'
    )
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

/**
 * An S3 that misbehaves: `hang` takes each connection and never answers; `trickle` answers every
 * request at once with a 200 and a 100 kB body (a HEAD gets no body), then sends a GET's body a
 * byte every 100 ms, so the socket is never idle and no read timeout fires; `huge` answers every
 * request at once with one ListObjectsV2 page of 20 MB (S3's pages hold 1000 keys, about 1.5 MB).
 */
async function slowS3(kind: 'hang' | 'trickle' | 'huge') {
  const sockets = new Set<Socket>()
  let requests = 0
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    socket.on('data', (data) => {
      requests++
      if (kind === 'hang') return
      if (kind === 'huge') {
        const page = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>data</Name><IsTruncated>false</IsTruncated>${'<Contents><Key>f/a.csv</Key><Size>1</Size></Contents>'.repeat(400_000)}</ListBucketResult>`
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: ${page.length}\r\n\r\n${page}`
        )
        return
      }
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n')
      if (!data.toString('latin1').startsWith('GET ')) return
      const body = `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n${'u1,i1,1700000000,click\n'.repeat(5000)}`
      let i = 0
      const timer = setInterval(() => {
        if (socket.destroyed) clearInterval(timer)
        else socket.write(body[i++])
      }, 100)
    })
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests: () => requests,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((done) => server.close(() => done()))
    }
  }
}

/** The no-job summary of a stop during the checks. */
const stoppedSummary = (happened: string) =>
  `<tr><td>Status</td><td>⛔ not created</td></tr><tr><td>Dataset</td><td>arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/run-${n}/INTERACTIONS</td></tr><tr><td>Data location</td><td>s3://data/good.csv</td></tr><tr><td>Import mode</td><td>FULL</td></tr><tr><td>What happened</td><td>${happened}</td></tr><tr><td>What to do</td><td>Run the step again, with a longer wait-timeout if it ran out: the checks read S3 and the dataset schema first. If S3 is slow to answer, check s3-endpoint-url and the network, or set preflight: off.</td></tr></table>`

const figures: string[] = []
afterAll(() => {
  recordFigures(import.meta.filename, figures)
})

describe('wait-timeout bounds the checks: a slow S3 or schema read ends at it, no job', () => {
  const TIMEOUT_S = 3
  /** As in deadline-cancel.test.ts: the report and exit included. */
  const MAX_OVERRUN_MS = 3000
  it.each([
    ['S3 never answers', 'hang', 'auto'],
    ['S3 never answers', 'hang', 'strict'],
    ['a GetObject body a byte at a time', 'trickle', 'auto'],
    ['a GetObject body a byte at a time', 'trickle', 'strict'],
    ['DescribeSchema never answers', 'schema', 'auto'],
    ['DescribeSchema never answers', 'schema', 'strict']
  ] as const)('%s (%s, preflight: %s)', async (what, kind, mode) => {
    const slow = kind === 'schema' ? undefined : await slowS3(kind)
    if (kind === 'schema') emu.injectFault({ operation: 'DescribeSchema', kind: 'hang' })
    try {
      const run = await check({
        'data-source': 's3://data/good.csv',
        preflight: mode,
        'wait-timeout': `${TIMEOUT_S}s`,
        ...(slow ? { 's3-endpoint-url': slow.endpoint } : {})
      })
      const overrun = Date.now() - run.firstRequest - TIMEOUT_S * 1000
      figures.push(
        `deadline overrun, pre-flight, ${what} (${mode}): ${(overrun / 1000).toFixed(2)} s`
      )
      // The slow endpoint was reached (s3rver, through the relay, when the schema read hangs).
      expect(slow ? slow.requests() : relay.connections).toBeGreaterThan(0)
      expect(overrun).toBeLessThan(MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(run.creates).toBe(0)
      expect(run.outputs).toEqual({ 'job-name': `pre-${n}`, preflight: 'incomplete' })
      const happened =
        'wait-timeout (3s) ran out during the pre-flight checks. No import job was created.'
      expect(run.annotations).toEqual([
        { level: 'error', title: 'Pre-flight check stopped', message: happened }
      ])
      expect(run.summary).toContain(stoppedSummary(happened))
    } finally {
      await slow?.close()
    }
  })
})

describe('an answer larger than any real one', () => {
  it('a ListObjectsV2 page of 20 MB is cut off: the check could not run, auto imports', async () => {
    const huge = await slowS3('huge')
    try {
      const run = await check({ 'data-source': 's3://data/f/', 's3-endpoint-url': huge.endpoint })
      expect(run.exitCode).toBe(0)
      expect(run.creates).toBe(1)
      expect(run.outputs.preflight).toBe('incomplete')
      expect(warnings(run)).toEqual([
        {
          level: 'warning',
          title: 'Pre-flight check could not run',
          message:
            "ListObjectsV2 on s3://data/f/ failed: AnswerTooLarge: The endpoint's answer was larger than 16 MiB, more than any answer the action reads can be, so it was cut off: the endpoint does not answer as AWS does.\nThe import goes ahead without this check (preflight: auto)."
        }
      ])
    } finally {
      await huge.close()
    }
  })
})

describe('a cancel during the checks: no job, ever', () => {
  const TRIES = 3
  it.each([
    ['SIGINT', ['SIGINT']],
    ['SIGINT then SIGTERM (the runner)', ['SIGINT', 'SIGTERM']]
  ] as [string, NodeJS.Signals[]][])('%s while S3 does not answer', async (what, signals) => {
    let jobs = 0
    for (let i = 0; i < TRIES; i++) {
      const slow = await slowS3('hang')
      let signalledAt = 0
      try {
        const run = await check(
          { 'data-source': 's3://data/good.csv', 's3-endpoint-url': slow.endpoint },
          {
            onStart: (child) => {
              const timer = setInterval(() => {
                if (!slow.requests()) return
                clearInterval(timer)
                signalledAt = Date.now()
                // A little later each try, and the second signal 300 ms after the first.
                signals.forEach((s, k) => setTimeout(() => child.kill(s), i * 150 + k * 300))
              }, 10)
              child.on('exit', () => clearInterval(timer))
            }
          }
        )
        expect(signalledAt).toBeGreaterThan(0)
        expect(Date.now() - signalledAt).toBeLessThan(2000 + i * 150)
        expect(run.signal).toBeNull()
        expect(run.exitCode).toBe(1)
        const happened =
          'The step was cancelled during the pre-flight checks. No import job was created.'
        expect(run.annotations).toEqual([
          { level: 'error', title: 'Pre-flight check stopped', message: happened }
        ])
        expect(run.outputs).toEqual({ 'job-name': `pre-${n}`, preflight: 'incomplete' })
        expect(run.summary).toContain(stoppedSummary(happened))
        // Give a create the SDK might still send time to arrive, then count.
        await new Promise((done) => setTimeout(done, 300))
        jobs += emu.jobs().filter((j) => j.jobName === `pre-${n}`).length
        expect(emu.requests.map((r) => r.operation)).not.toContain('CreateDatasetImportJob')
      } finally {
        await slow.close()
      }
    }
    figures.push(
      `jobs created after a cancel during the pre-flight reads, ${what}: ${jobs} of ${TRIES}`
    )
    expect(jobs).toBe(0)
  })
})

describe('forged text from S3 and the data stays text', () => {
  /** Lines the runner would run as a command that are not the action's own annotations. */
  const commands = (stdout: string) =>
    stdout
      .split(/\r\n|\r|\n/)
      .filter(
        (line) =>
          line.includes('##[') ||
          (/^[\s\u0085]*::/.test(line) &&
            !/^::(error|warning) title=Pre-flight check (failed|warning|could not run)::/.test(
              line
            ))
      )

  it('a key with a newline and a workflow command is read and named, never run', async () => {
    const run = await check({ 'data-source': 's3://forged/newline/' })
    expect(run.exitCode).toBe(1)
    expect(run.creates).toBe(0)
    expect(run.outputs.preflight).toBe('failed')
    expect(commands(run.stdout)).toEqual([])
    const missing =
      ': Input CSV is missing the following columns: [TIMESTAMP]. The Interactions dataset\'s schema requires it (its type is not a union with "null"). Fix: add the column TIMESTAMP to the header, with a value on every row.'
    expect(errors(run)).toEqual([
      {
        level: 'error',
        title: 'Pre-flight check failed',
        message: `s3://forged/newline/a\n:\u200b:error title=Forged::x.csv${missing}`
      }
    ])
    expect(run.summary).toContain(
      `<p>s3://forged/newline/a<br>::error title=Forged::x.csv${missing.replace("'", '&#39;').replaceAll('"', '&quot;')}</p>`
    )
  })

  it('a key with a trailing space is read as listed; a forged value is quoted', async () => {
    const run = await check({ 'data-source': 's3://forged/space/' })
    expect(run.exitCode).toBe(1)
    expect(run.creates).toBe(0)
    expect(run.outputs.preflight).toBe('failed')
    expect(commands(run.stdout)).toEqual([])
    const message =
      's3://forged/space/b.csv  line 2, column TIMESTAMP: "1\\n::set-output name=status::ACTIVE <b>|</b>" is not epoch time; Personalize expects Unix epoch time in seconds (such as 1704067200 for 2024-01-01T00:00:00Z). Fix: convert the dates to whole seconds since 1970-01-01T00:00:00Z.'
    expect(errors(run)).toEqual([{ level: 'error', title: 'Pre-flight check failed', message }])
    expect(warnings(run)).toEqual([
      {
        level: 'warning',
        title: 'Pre-flight check warning',
        message:
          's3://forged/space/b.csv  line 2: the record spans 2 lines (a quoted value holds a line break); Personalize expects each record on one line. Fix: replace the line breaks inside values with spaces.'
      }
    ])
    expect(run.summary).toContain(
      '<p>s3://forged/space/b.csv  line 2, column TIMESTAMP: &quot;1\\n::set-output name=status::ACTIVE &lt;b&gt;&#124;&lt;/b&gt;&quot; is not epoch time'
    )
  })
})
