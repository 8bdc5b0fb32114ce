// Faults the bundle must survive, faults it must report clearly, the regional quota, cancellation
// and proxies: dist/index.js against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { type Emulator } from '../../emulator/index.js'
import { CREDENTIALS, importRunner, visible, type ActionRun, type RunMore } from './runner.js'
import { ACCOUNT, DATASET, ROLE, jobArn, startWorld } from './fixture.js'
import { recordFigures } from './figures.js'
import { startForwardProxy, type ForwardProxy } from './forward-proxy.js'

// Slow imports and the quota matrix get datasets of their own: a running import makes later runs
// on its dataset wait (on-busy: wait).
const datasetNamed = (group: string) =>
  `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/${group}/INTERACTIONS`
const MATRIX = Array.from({ length: 12 }, (_, i) => datasetNamed(`matrix-${i + 1}`))

let emu: Emulator
const runs: ActionRun[] = []

beforeAll(async () => {
  emu = await startWorld({
    datasets: [DATASET, datasetNamed('slow-1'), datasetNamed('slow-2'), ...MATRIX].map(
      (datasetArn) => ({ datasetArn })
    ),
    // These tests are about faults, not import modes: INCREMENTAL without a FULL import first
    // keeps FULL's replace-warning out of their annotations.
    incrementalRequiresFullImport: false,
    jobs: { pendingSeconds: 0.5, inProgressSeconds: 1 },
    outcomes: [
      {
        match: { dataLocationPrefix: 's3://retail-data/slow/' },
        pendingSeconds: 1,
        inProgressSeconds: 120
      }
    ]
  })
})
afterAll(async () => emu.close())
beforeEach(() => emu.clearRequests())

const runWith = importRunner(
  () => ({
    'dataset-arn': DATASET,
    'data-source': 's3://retail-data/interactions/',
    'role-arn': ROLE,
    'endpoint-url': emu.url,
    region: 'us-east-1',
    'poll-interval': '1',
    'wait-timeout': '60s',
    'import-mode': 'INCREMENTAL'
  }),
  runs
)
const importRun = (name: string, inputs: Record<string, string> = {}, more: RunMore = {}) =>
  runWith({ 'job-name': name, ...inputs }, more)

describe('faults it survives: the job still reaches ACTIVE', () => {
  const survived: string[] = []
  it.each([
    [
      'a throttling burst on Describe',
      { operation: 'DescribeDatasetImportJob', kind: 'throttle', count: 5 }
    ],
    [
      'LimitExceededException on Describe',
      { operation: 'DescribeDatasetImportJob', kind: 'limit-exceeded', count: 4 }
    ],
    ['a burst of 500s', { operation: 'DescribeDatasetImportJob', kind: 'http-500', count: 4 }],
    ['a burst of 503s', { operation: 'DescribeDatasetImportJob', kind: 'http-503', count: 4 }],
    ['connection resets', { operation: 'DescribeDatasetImportJob', kind: 'reset', count: 4 }],
    [
      'a response that hangs past cli-read-timeout',
      { operation: 'DescribeDatasetImportJob', kind: 'hang', count: 2 }
    ],
    [
      'malformed response bodies',
      { operation: 'DescribeDatasetImportJob', kind: 'malformed', count: 3 }
    ],
    ['a throttled create', { operation: 'CreateDatasetImportJob', kind: 'throttle', count: 2 }],
    ['a 503 on create', { operation: 'CreateDatasetImportJob', kind: 'http-503', count: 2 }]
  ] as const)('%s', async (what, fault) => {
    emu.injectFault({ ...fault })
    const name = `survive-${survived.length + 1}`
    const run = await importRun(name, { 'cli-read-timeout': '1' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn(name))
    expect(
      emu.requests.filter((r) => r.operation === 'CreateDatasetImportJob' && r.status === 200)
    ).toHaveLength(1)
    survived.push(what)
  })

  it('adopts its own job when the answer to the create call is lost', async () => {
    emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'reset-after-create', count: 1 })
    const run = await importRun('lost-answer')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('lost-answer'))
    expect(run.stdout).toContain(
      'The answer to CreateDatasetImportJob was lost, but job lost-answer exists with this request: carrying on with it.'
    )
    expect(emu.jobs().filter((j) => j.jobName === 'lost-answer')).toHaveLength(1)
  })
})

describe('faults it reports clearly, failing fast', () => {
  it.each([
    [
      'no credentials',
      {},
      {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined
      },
      'ListDatasetImportJobs',
      'CredentialsProviderError',
      'No AWS credentials were found. Add aws-actions/configure-aws-credentials'
    ],
    [
      'an unreachable endpoint',
      { 'endpoint-url': 'http://127.0.0.1:9' },
      {},
      'ListDatasetImportJobs',
      'ECONNREFUSED',
      'The Personalize endpoint cannot be reached (ECONNREFUSED).'
    ],
    [
      'an unknown host',
      { 'endpoint-url': 'http://personalize.invalid' },
      {},
      'ListDatasetImportJobs',
      'ENOTFOUND',
      'The Personalize endpoint cannot be reached (ENOTFOUND).'
    ],
    [
      'a wrong secret key',
      {},
      { AWS_SECRET_ACCESS_KEY: 'wrong-secret' },
      'ListDatasetImportJobs',
      'InvalidSignatureException',
      'the secret access key does not match the access key'
    ],
    [
      'an unknown access key',
      {},
      { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000000' },
      'ListDatasetImportJobs',
      'UnrecognizedClientException',
      'AWS does not recognise the access key'
    ],
    [
      'a missing personalize permission',
      {},
      {},
      'CreateDatasetImportJob',
      'AccessDeniedException',
      'The caller lacks permission personalize:CreateDatasetImportJob'
    ],
    [
      'a missing iam:PassRole',
      {},
      {},
      'CreateDatasetImportJob',
      'AccessDeniedException',
      `Grant iam:PassRole on ${ROLE}`
    ]
  ] as const)('%s', async (what, inputs, env, operation, code, advice) => {
    if (what === 'a missing personalize permission')
      emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'access-denied' })
    if (what === 'a missing iam:PassRole')
      emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'pass-role-denied' })
    const run = await importRun(`report-${code}`, inputs, { env })
    expect(run.exitCode).toBe(1)
    expect(run.ms).toBeLessThan(10_000)
    expect(run.outputs).toEqual({ 'job-name': `report-${code}`, preflight: 'off' })
    expect(run.annotations).toHaveLength(1)
    expect(run.annotations[0].title).toBe(`${operation} failed`)
    expect(run.annotations[0].message).toContain(`${operation} failed: ${code}`)
    expect(run.annotations[0].message).toContain(advice)
    expect(run.annotations[0].message).toContain('No import job was created.')
  })

  it('says the credentials expired while waiting, with the ARN and what to change', async () => {
    emu.injectFault({
      operation: 'DescribeDatasetImportJob',
      kind: 'expired-token',
      skip: 1,
      count: 1
    })
    const run = await importRun('expired', {
      'dataset-arn': datasetNamed('slow-1'),
      'data-source': 's3://retail-data/slow/'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('expired'))
    expect(run.annotations[0].title).toBe('DescribeDatasetImportJob failed')
    expect(run.annotations[0].message).toContain(
      'DescribeDatasetImportJob failed: ExpiredTokenException'
    )
    expect(run.annotations[0].message).toContain(
      'Or raise role-duration-seconds in aws-actions/configure-aws-credentials'
    )
    expect(run.annotations[0].message).toContain(`ARN: ${jobArn('expired')}`)
  })
})

it('creates 12 imports at once under the regional quota of 5, all reaching ACTIVE', async () => {
  const started = Array.from({ length: 12 }, (_, i) =>
    importRun(`matrix-${i + 1}`, { 'dataset-arn': MATRIX[i], 'wait-timeout': '90s' })
  )
  const done = await Promise.all(started)
  const limited = emu.requests.filter((r) => r.errorType === 'LimitExceededException').length
  recordFigures(
    import.meta.filename,
    `quota: ${done.filter((r) => r.outputs.status === 'ACTIVE').length}/12 ACTIVE, ${limited} LimitExceededException answers\n`
  )
  expect(done.map((r) => [r.exitCode, r.outputs.status])).toEqual(Array(12).fill([0, 'ACTIVE']))
  expect(limited).toBeGreaterThan(0)
})

it('stops within 2 s of SIGINT, saying the import goes on, with its ARN', async () => {
  let signalledAt = 0
  const run = await importRun(
    'cancelled',
    { 'dataset-arn': datasetNamed('slow-2'), 'data-source': 's3://retail-data/slow/' },
    {
      onStart: (child, stdout) => {
        const timer = setInterval(() => {
          if (/^CREATE (PENDING|IN_PROGRESS) after/m.test(stdout())) {
            clearInterval(timer)
            signalledAt = Date.now()
            child.kill('SIGINT')
          }
        }, 20)
      }
    }
  )
  const exitMs = Date.now() - signalledAt
  recordFigures(import.meta.filename, `cancel-to-exit: ${exitMs} ms`)
  expect(signalledAt).toBeGreaterThan(0)
  expect(exitMs).toBeLessThan(2000)
  expect(run.exitCode).toBe(1)
  expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('cancelled'))
  const status = run.outputs.status
  expect(['CREATE PENDING', 'CREATE IN_PROGRESS']).toContain(status)
  expect(run.annotations).toEqual([
    {
      level: 'warning',
      title: 'Stopped waiting; the import goes on',
      message: `Cancelled while import job cancelled was ${status}: stopped waiting. Personalize import jobs cannot be stopped: this one goes on.\nARN: ${jobArn('cancelled')}\nConsole: https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:${ACCOUNT}:dataset-group$slow-2/setup`
    }
  ])
})

describe('through a proxy', () => {
  let proxy: ForwardProxy

  beforeAll(async () => {
    proxy = await startForwardProxy()
  })
  afterAll(async () => proxy.close())
  beforeEach(() => {
    proxy.proxied.length = 0
  })

  it('sends every call through HTTP_PROXY', async () => {
    const run = await importRun(
      'via-proxy',
      {},
      { env: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` } }
    )
    expect(run.exitCode).toBe(0)
    expect(proxy.proxied.length).toBe(emu.requests.length)
    expect(proxy.proxied.every((url) => url.startsWith(emu.url))).toBe(true)
  })

  it('goes direct for hosts in NO_PROXY', async () => {
    const run = await importRun(
      'no-proxy',
      {},
      {
        env: {
          HTTP_PROXY: `http://127.0.0.1:${proxy.port}`,
          NO_PROXY: 'localhost,127.0.0.1'
        }
      }
    )
    expect(run.exitCode).toBe(0)
    expect(proxy.proxied).toEqual([])
  })
})

it('never shows a credential secret, across every run', () => {
  for (const run of runs) {
    expect(visible(run)).not.toContain(CREDENTIALS.secretAccessKey)
    expect(visible(run)).not.toContain(CREDENTIALS.sessionToken)
  }
})
