// Malformed inputs, one per row: each run of the bundle must exit 1 with an error annotation that
// names the input, and send nothing to the emulator.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { CREDENTIALS, runAction, visible } from './runner.js'
import { DATASET } from './fixture.js'
import { recordFigures } from './figures.js'

const SECRET_TAG = 'value-never-shown'
let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    region: 'us-east-1',
    accountId: '123456789012',
    credentials: CREDENTIALS,
    datasets: [{ datasetArn: DATASET }]
  })
})
afterAll(async () => emu.close())

const long = (n: number) => 'a'.repeat(n)
// [the input named in the error, the inputs that break it]
const CASES: [string, Record<string, string>][] = [
  ['job-name', { 'job-name': 'has space' }],
  ['job-name', { 'job-name': '-leading-hyphen' }],
  ['job-name', { 'job-name': '_leading_underscore' }],
  ['job-name', { 'job-name': 'dot.in.name' }],
  ['job-name', { 'job-name': long(64) }],
  ['job-name', { 'job-name': 'ünïcode' }],
  ['dataset-arn', { 'dataset-arn': 'not-an-arn' }],
  ['dataset-arn', { 'dataset-arn': 'arn:aws:s3:::bucket' }],
  [
    'dataset-arn',
    { 'dataset-arn': `arn:aws:personalize:us-east-1:123456789012:dataset/${long(250)}` }
  ],
  ['dataset-arn', { 'dataset-arn': 'arn:aws:personalize:' }],
  ['data-source', { 'data-source': 'bucket/key.csv' }],
  ['data-source', { 'data-source': 'dataLocation=bucket/key.csv' }],
  ['data-source', { 'data-source': 'dataLocation' }],
  ['data-source', { 'data-source': 'location=s3://bucket/' }],
  ['data-source', { 'data-source': 'dataLocation=s3://b/a,b.csv' }],
  ['data-source', { 'data-source': 'dataLocation="s3://b/unclosed' }],
  ['data-source', { 'data-source': '{"dataLocation": "s3://b/"' }],
  ['data-source', { 'data-source': '{"dataLocation": 42}' }],
  ['data-source', { 'data-source': '{"dataLocation": "s3://b/", "extra": 1}' }],
  ['data-source', { 'data-source': '["s3://b/"]' }],
  ['data-source', { 'data-source': `s3://${long(260)}` }],
  ['data-source', { 'data-source': 'dataLocation=' }],
  ['role-arn', { 'role-arn': 'PersonalizeS3Read' }],
  ['role-arn', { 'role-arn': 'arn:aws:iam::12345:role/short-account' }],
  ['role-arn', { 'role-arn': 'arn:aws:iam::123456789012:user/not-a-role' }],
  ['role-arn', { 'role-arn': `arn:aws:iam::123456789012:role/${long(240)}` }],
  ['tags', { tags: `tagKey=a,tagValue=${SECRET_TAG},x` }],
  ['tags', { tags: `tagKey=a,tagValue=${SECRET_TAG},tagKey=b` }],
  ['tags', { tags: `tagKey=a,value=${SECRET_TAG}` }],
  ['tags', { tags: 'tagKey=a' }],
  ['tags', { tags: `tagValue=${SECRET_TAG}` }],
  ['tags', { tags: `tagKey=,tagValue=${SECRET_TAG}` }],
  ['tags', { tags: `tagKey=${long(129)},tagValue=${SECRET_TAG}` }],
  ['tags', { tags: `tagKey=a,tagValue=${long(257)}` }],
  ['tags', { tags: `tagKey=aws:x,tagValue=${SECRET_TAG}` }],
  ['tags', { tags: `tagKey=a#b,tagValue=${SECRET_TAG}` }],
  ['tags', { tags: `tagKey=a,tagValue=${SECRET_TAG}! ` }],
  ['tags', { tags: `tagKey=a,tagValue=${SECRET_TAG} tagKey=a,tagValue=${SECRET_TAG}` }],
  [
    'tags',
    { tags: Array.from({ length: 51 }, (_, i) => `tagKey=k${i},tagValue=${SECRET_TAG}`).join('\n') }
  ],
  ['tags', { tags: `[{"tagKey":"a","tagValue":"${SECRET_TAG}"}` }],
  ['tags', { tags: `[{"tagKey":"a","tagValue":1}]` }],
  ['tags', { tags: `tagKey=a,tagValue="${SECRET_TAG}` }],
  ['import-mode', { 'import-mode': 'APPEND' }],
  ['import-mode', { 'import-mode': 'full mode' }],
  ['publish-attribution-metrics-to-s3', { 'publish-attribution-metrics-to-s3': 'yes' }],
  ['publish-attribution-metrics-to-s3', { 'publish-attribution-metrics-to-s3': '1' }],
  ['cli-input-yaml', { 'cli-input-json': '{}', 'cli-input-yaml': 'jobName: x' }],
  ['cli-input-json', { 'cli-input-json': '{"jobName": ' }],
  ['cli-input-json', { 'cli-input-json': '[1, 2]' }],
  ['cli-input-json', { 'cli-input-json': '{"job_name": "x"}' }],
  ['cli-input-json', { 'cli-input-json': 'file://does-not-exist.json' }],
  ['cli-input-json (importMode)', { 'cli-input-json': '{"importMode": "APPEND"}' }],
  [
    'cli-input-json (tags)',
    { 'cli-input-json': `{"tags": {"tagKey": "a", "tagValue": "${SECRET_TAG}"}}` }
  ],
  ['cli-input-json (jobName)', { 'cli-input-json': '{"jobName": "bad name"}', 'job-name': '' }],
  ['cli-input-yaml', { 'cli-input-yaml': 'jobName: [unclosed' }],
  ['cli-input-yaml', { 'cli-input-yaml': 'just a string' }],
  [
    'cli-input-yaml (publishAttributionMetricsToS3)',
    { 'cli-input-yaml': 'publishAttributionMetricsToS3: maybe' }
  ],
  ['cli-input-yaml', { 'cli-input-yaml': 'file://missing.yaml' }],
  ['generate-cli-skeleton', { 'generate-cli-skeleton': 'xml' }],
  ['region', { region: 'Mars-1' }],
  ['region', { region: 'us_east_1' }],
  ['endpoint-url', { 'endpoint-url': 'not a url' }],
  ['endpoint-url', { 'endpoint-url': 'ftp://127.0.0.1/' }],
  ['ca-bundle', { 'ca-bundle': 'certs/missing.pem' }],
  ['cli-connect-timeout', { 'cli-connect-timeout': '-1' }],
  ['cli-connect-timeout', { 'cli-connect-timeout': 'ten' }],
  ['cli-read-timeout', { 'cli-read-timeout': '1.5' }],
  ['wait', { wait: 'yes' }],
  ['wait-timeout', { 'wait-timeout': 'soon' }],
  ['wait-timeout', { 'wait-timeout': '0' }],
  ['wait-timeout', { 'wait-timeout': '-5m' }],
  ['wait-timeout', { 'wait-timeout': '10d' }],
  ['wait-timeout', { 'wait-timeout': '1h30m' }],
  ['poll-interval', { 'poll-interval': '0' }],
  ['poll-interval', { 'poll-interval': 'fast' }],
  ['poll-interval', { 'poll-interval': '3601' }]
]

const results: { input: string; refused: boolean; requests: number }[] = []

it.each(CASES)('%s: %j', async (input, broken) => {
  emu.clearRequests()
  const run = await runAction({
    inputs: {
      'job-name': 'bad-input',
      'dataset-arn': DATASET,
      'data-source': 's3://retail-data/interactions/',
      'role-arn': 'arn:aws:iam::123456789012:role/PersonalizeS3Read',
      'endpoint-url': emu.url,
      region: 'us-east-1',
      ...broken
    }
  })
  results.push({ input, refused: run.exitCode === 1, requests: emu.requests.length })
  expect(run.exitCode).toBe(1)
  expect(emu.requests).toHaveLength(0)
  expect(run.outputs).toEqual({})
  expect(run.annotations).toHaveLength(1)
  expect(run.annotations[0].title).toBe('Invalid input')
  expect(run.annotations[0].message).toContain(`Input \`${input}\`:`)
  expect(visible(run)).not.toContain(SECRET_TAG)
})

it('refuses every malformed input with zero requests', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60)
  expect(results.filter((r) => r.refused && r.requests === 0)).toHaveLength(CASES.length)
  recordFigures(
    import.meta.filename,
    `bad inputs refused with zero requests: ${results.length}/${CASES.length}`
  )
})

// Hostile inputs: deep, long or strange. Each must fail as an input error naming the input, fast,
// with zero requests: never "Unexpected error", a hang or an out-of-memory abort. Files outside the
// workspace (a FIFO, a directory, a non-PEM file) live in a folder of their own.
const outside = mkdtempSync(join(tmpdir(), 'hostile-'))
const FIFO = join(outside, 'fifo')
execFileSync('mkfifo', [FIFO])
const NOT_PEM = join(outside, 'not-pem.txt')
writeFileSync(NOT_PEM, 'this is not a certificate\n')
const TEST_CA = readFileSync(join(import.meta.dirname, '../fixtures/test-ca.pem'), 'utf8')
const DEEP = 10_000
const deepJson = '['.repeat(DEEP) + ']'.repeat(DEEP)
const deepShorthand = '['.repeat(DEEP) + ']'.repeat(DEEP)
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => {
    const prev = 'abcdefghi'[i]
    return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`
  }),
  'jobName: x'
].join('\n')
// Just under the runner's 128 KiB limit on one environment variable (an input is one).
const HUGE = 'x'.repeat(120_000)
const TEN_MB = `{"jobName": "${'x'.repeat(10 * 1024 * 1024)}"}`

const HOSTILE: [
  string,
  string,
  Record<string, string>,
  Record<string, string>?,
  Record<string, string>?
][] = [
  [
    'JSON 10k deep in data-source',
    'data-source',
    { 'data-source': `{"dataLocation": ${deepJson}}` }
  ],
  ['JSON 10k deep in tags', 'tags', { tags: deepJson }],
  [
    'JSON 10k deep in cli-input-json',
    'cli-input-json',
    { 'cli-input-json': `{"jobName": ${deepJson}}` }
  ],
  [
    'shorthand 10k deep in data-source',
    'data-source',
    { 'data-source': `dataLocation=${deepShorthand}` }
  ],
  [
    'shorthand 10k deep in tags',
    'tags',
    { tags: `tagKey=${'{a='.repeat(DEEP)}${'}'.repeat(DEEP)}` }
  ],
  ['YAML 10k deep', 'cli-input-yaml', { 'cli-input-yaml': `jobName: ${deepJson}` }],
  ['YAML billion laughs', 'cli-input-yaml', { 'cli-input-yaml': BILLION_LAUGHS }],
  [
    'YAML !!unknown tag',
    'cli-input-yaml',
    { 'cli-input-yaml': `jobName: !!unknown ${SECRET_TAG}` }
  ],
  [
    'YAML !local tag',
    'cli-input-yaml',
    { 'cli-input-yaml': `tags:\n  - tagKey: k\n    tagValue: !secret ${SECRET_TAG}` }
  ],
  ['YAML __proto__ key', 'cli-input-yaml', { 'cli-input-yaml': '__proto__: {jobName: x}' }],
  ['shorthand __proto__ key', 'data-source', { 'data-source': '__proto__={dataLocation=s3://b/}' }],
  ['120 kB job-name', 'job-name', { 'job-name': HUGE }],
  ['120 kB data-source', 'data-source', { 'data-source': `dataLocation=${HUGE}` }],
  ['120 kB tags', 'tags', { tags: `tagKey=k,tagValue=${HUGE}` }],
  [
    '120 kB cli-input-json',
    'cli-input-json',
    { 'cli-input-json': `{"roleArn": "${HUGE}"}`, 'role-arn': '' }
  ],
  [
    '10 MB cli-input-json file',
    'cli-input-json',
    { 'cli-input-json': 'file://huge.json' },
    {},
    { 'huge.json': TEN_MB }
  ],
  ['cli-input-json from /dev/zero', 'cli-input-json', { 'cli-input-json': 'file:///dev/zero' }],
  [
    'cli-input-yaml from /dev/urandom',
    'cli-input-yaml',
    { 'cli-input-yaml': 'file:///dev/urandom' }
  ],
  ['cli-input-json from a FIFO', 'cli-input-json', { 'cli-input-json': `file://${FIFO}` }],
  ['cli-input-json from a directory', 'cli-input-json', { 'cli-input-json': `file://${outside}` }],
  ['ca-bundle /dev/zero', 'ca-bundle', { 'ca-bundle': '/dev/zero' }],
  ['ca-bundle /dev/urandom', 'ca-bundle', { 'ca-bundle': '/dev/urandom' }],
  ['ca-bundle a FIFO', 'ca-bundle', { 'ca-bundle': FIFO }],
  ['ca-bundle a directory', 'ca-bundle', { 'ca-bundle': '.' }],
  ['ca-bundle without a PEM certificate', 'ca-bundle', { 'ca-bundle': NOT_PEM }],
  ['AWS_CA_BUNDLE without a PEM certificate', 'ca-bundle', {}, { AWS_CA_BUNDLE: NOT_PEM }],
  ['AWS_CA_BUNDLE a FIFO', 'ca-bundle', {}, { AWS_CA_BUNDLE: FIFO }]
]

const timings: [string, number][] = []

it.each(HOSTILE)(
  '%s: an input error naming %s, fast',
  async (_what, input, broken, env = {}, files = {}) => {
    emu.clearRequests()
    const run = await runAction({
      inputs: {
        'job-name': 'hostile',
        'dataset-arn': DATASET,
        'data-source': 's3://retail-data/interactions/',
        'role-arn': 'arn:aws:iam::123456789012:role/PersonalizeS3Read',
        'endpoint-url': emu.url,
        region: 'us-east-1',
        ...broken
      },
      env,
      files,
      timeoutMs: 10_000
    })
    timings.push([_what, run.ms])
    expect(run.signal).toBeNull()
    expect(run.exitCode).toBe(1)
    expect(emu.requests).toHaveLength(0)
    expect(run.outputs).toEqual({})
    expect(run.annotations).toHaveLength(1)
    expect(run.annotations[0].title).toBe('Invalid input')
    // cli-input errors may name the member too: "cli-input-json (roleArn)".
    expect(run.annotations[0].message).toMatch(new RegExp(`Input \`${input}( \\(\\w+\\))?\``))
    expect(visible(run)).not.toContain('Unexpected error')
    expect(run.stderr).toBe('')
    expect(visible(run)).not.toContain(SECRET_TAG)
    // A bound that catches a hang or a walk through gigabytes, not a benchmark.
    expect(run.ms).toBeLessThan(5000)
  }
)

it('names AWS_CA_BUNDLE when it is the source, and honours a good one', async () => {
  emu.clearRequests()
  const inputs = {
    'job-name': 'ca-from-env',
    'dataset-arn': DATASET,
    'data-source': 's3://retail-data/interactions/',
    'role-arn': 'arn:aws:iam::123456789012:role/PersonalizeS3Read',
    'endpoint-url': emu.url,
    region: 'us-east-1',
    wait: 'false'
  }
  const bad = await runAction({ inputs, env: { AWS_CA_BUNDLE: NOT_PEM } })
  expect(bad.annotations[0].message).toContain(
    `Input \`ca-bundle\`: ${NOT_PEM} (from AWS_CA_BUNDLE) holds no PEM certificate`
  )
  const good = await runAction({
    inputs,
    files: { 'ca.pem': TEST_CA },
    env: { AWS_CA_BUNDLE: 'ca.pem' }
  })
  expect(good.exitCode).toBe(0)
  expect(good.outputs['job-name']).toBe('ca-from-env')
})

it('refuses every hostile input fast, with zero requests', () => {
  expect(timings).toHaveLength(HOSTILE.length)
  recordFigures(
    import.meta.filename,
    `hostile inputs refused: ${timings.length}/${HOSTILE.length}, run times (ms, whole process):\n${timings.map(([what, ms]) => `  ${what}: ${ms}`).join('\n')}\n`
  )
})
