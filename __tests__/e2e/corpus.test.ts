// Real producers' output (__tests__/fixtures/producers/, made by pandas, DuckDB, Polars,
// csv-stringify, Python's csv module, Spark's layouts and AWS's own sample code) end to end: the
// committed bundle under Node 24, the emulator and s3rver. Each fixture runs twice, with
// preflight: auto (the check's verdict) and preflight: off (what the import itself ends as), so
// both sides of the same data show. The expected verdicts and their evidence: verdicts.ts.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { SCHEMAS, VERDICTS, type Verdict } from '../fixtures/producers/verdicts.js'
import { recordFigures } from './figures.js'
import { ROOT, runAction, type ActionRun } from './runner.js'
import { startS3, type S3Server } from './s3.js'

const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const PRODUCERS = join(ROOT, '__tests__/fixtures/producers')
const DATASET_TYPE = {
  interactions: 'INTERACTIONS',
  items: 'ITEMS',
  'items-year': 'ITEMS',
  'poc-items': 'ITEMS'
}

let s3: S3Server
let emu: Emulator

/** Every file of a fixture: the file itself, or each file under its folder, keyed as uploaded. */
function fixtureFiles(fixture: string): Record<string, Buffer> {
  const path = join(PRODUCERS, fixture)
  if (!fixture.endsWith('/')) return { [fixture]: readFileSync(path) }
  return Object.fromEntries(
    readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const file = join(d.parentPath, d.name)
        return [relative(PRODUCERS, file).split(sep).join('/'), readFileSync(file)]
      })
  )
}

beforeAll(async () => {
  s3 = await startS3()
  await s3.fill('corpus', Object.assign({}, ...VERDICTS.map((v) => fixtureFiles(v.fixture))))
  emu = await startEmulator({
    region: 'us-east-1',
    accountId: ACCOUNT,
    credentials: s3.credentials,
    datasets: [],
    // Short, so that preflight: off with wait sees the end within a poll or two.
    jobs: { pendingSeconds: 0.1, inProgressSeconds: 0.2 },
    maxRunningImports: 1000,
    s3: { endpoint: s3.endpoint }
  })
})

afterAll(async () => {
  await emu?.close()
  await s3?.close()
})

/** One run of the bundle on a dataset of its own (no run waits for another's job). */
async function run(
  v: Verdict,
  preflight: 'auto' | 'off'
): Promise<ActionRun & { creates: number }> {
  const name = `${v.fixture.replace(/\W+/g, '-').replace(/-$/, '')}-${preflight}`
  const datasetArn = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/${name}/${DATASET_TYPE[v.schema]}`
  emu.addDataset({
    datasetArn,
    schema: { type: 'record', name: 'Corpus', fields: SCHEMAS[v.schema], version: '1.0' }
  })
  const result = await runAction({
    inputs: {
      'job-name': name.slice(0, 63),
      'dataset-arn': datasetArn,
      'role-arn': ROLE,
      'data-source': `s3://corpus/${v.fixture}`,
      'endpoint-url': emu.url,
      's3-endpoint-url': s3.endpoint,
      'poll-interval': '1',
      wait: preflight === 'off' ? 'true' : 'false',
      preflight
    },
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: undefined
    }
  })
  const creates = emu.requests.filter(
    (r) =>
      r.operation === 'CreateDatasetImportJob' &&
      (r.body as { datasetArn?: string }).datasetArn === datasetArn
  ).length
  return { ...result, creates }
}

/**
 * At most 2 cases (4 runs of the bundle) at once: more only queue for the 2 cores, and slow the
 * time-bound tests of the suites that run beside this one.
 */
const slots = { free: 2, waiting: [] as (() => void)[] }
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--
  else await new Promise<void>((go) => slots.waiting.push(go))
  try {
    return await work()
  } finally {
    const next = slots.waiting.shift()
    if (next) next()
    else slots.free++
  }
}

const level = (r: ActionRun, l: 'error' | 'warning') =>
  r.annotations.filter((a) => a.level === l).map((a) => a.message)

it("is the table of the corpus' README", () => {
  const rows = readFileSync(join(PRODUCERS, 'README.md'), 'utf8')
    .split('\n')
    .filter((line) => /^\| `[^`]+` +\| (passed|warned|refused) /.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim().replaceAll('`', ''))
    )
  expect(rows).toEqual(VERDICTS.map((v) => [v.fixture, v.auto.verdict, v.off.status]))
})

/** Per producer, what auto passed, warned and refused: the closing note's table. */
const tally = new Map<string, Record<Verdict['auto']['verdict'], number>>()
afterAll(() => {
  const lines = [...tally].map(
    ([producer, t]) =>
      `corpus, ${producer}: ${t.passed} passed, ${t.warned} warned, ${t.refused} refused`
  )
  recordFigures(import.meta.filename, lines)
})

it.concurrent.each(VERDICTS.map((v) => [v.fixture, v.auto.verdict, v.off.status, v] as const))(
  '%s: auto %s, off %s',
  async (_fixture, _auto, _off, v) => {
    const [auto, off] = await inSlot(() => Promise.all([run(v, 'auto'), run(v, 'off')]))
    if (process.env.SHOW) console.log(v.fixture, JSON.stringify(auto.annotations, null, 1))
    const errors = level(auto, 'error')
    const warnings = level(auto, 'warning')
    const seen = errors.length > 0 ? 'refused' : warnings.length > 0 ? 'warned' : 'passed'
    const counts = tally.get(v.producer) ?? { passed: 0, warned: 0, refused: 0 }
    tally.set(v.producer, { ...counts, [seen]: counts[seen] + 1 })

    // preflight: off reads nothing first, creates the job, and tells what the import ended as.
    expect({
      creates: off.creates,
      preflight: off.outputs.preflight,
      status: off.outputs.status,
      failureReason: off.outputs['failure-reason'],
      exitCode: off.exitCode
    }).toEqual({
      creates: 1,
      preflight: 'off',
      status: v.off.status,
      failureReason: 'failureReason' in v.off ? v.off.failureReason : '',
      exitCode: v.off.status === 'ACTIVE' ? 0 : 1
    })

    // auto: refused is an error (one a problem, as many as the check lists) and no job; passed
    // and warned import. Each thing the verdict mentions is in one of the errors, or warnings.
    const refused = v.auto.verdict === 'refused'
    const said = refused ? errors : warnings
    expect({
      verdict: seen,
      errors: errors.length > 0 ? 'some' : 'none',
      warnings: v.auto.warnings === undefined ? 'not counted' : warnings.length,
      mentioned: v.auto.mentions.filter((m) => said.some((text) => text.includes(m))),
      preflight: v.auto.verdict === 'warned' ? 'not checked' : auto.outputs.preflight,
      creates: auto.creates,
      exitCode: auto.exitCode
    }).toEqual({
      verdict: v.auto.verdict,
      errors: refused ? 'some' : 'none',
      warnings: v.auto.warnings ?? 'not counted',
      mentioned: v.auto.mentions,
      preflight: { passed: 'passed', refused: 'failed', warned: 'not checked' }[v.auto.verdict],
      creates: refused ? 0 : 1,
      exitCode: refused ? 1 : 0
    })
  },
  // A case may wait for a slot behind two others.
  120_000
)
