// Malformed inputs, one per row: each run of the bundle must exit 1 with an error annotation that
// names the input, and send nothing to the emulator.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { CREDENTIALS, runAction, visible } from './runner.js'

const DATASET = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/INTERACTIONS'
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
  process.stdout.write(`bad inputs refused with zero requests: ${results.length}/${CASES.length}\n`)
})
