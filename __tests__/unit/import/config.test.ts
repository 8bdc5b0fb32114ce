import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import * as yaml from 'yaml'
import {
  buildConfig,
  type Config,
  type ImportEnvironment as Environment
} from '../../../src/import/config.js'
import { InputErrors } from '../../../src/inputs/errors.js'
import { DATASET_ARN, ROLE_ARN, rawInputs } from '../fixtures.js'

/** The configuration of a run that imports (no skeleton asked for). */
function build(...args: Parameters<typeof buildConfig>): Config {
  const config = buildConfig(...args)
  if ('skeleton' in config) throw new Error(`a ${config.skeleton} skeleton`)
  return config
}

const TEST_CA = readFileSync(new URL('../../fixtures/test-ca.pem', import.meta.url), 'utf8')
const files: Record<string, string> = {
  '/ws/import.json': JSON.stringify({
    jobName: 'from-file',
    datasetArn: DATASET_ARN,
    dataSource: { dataLocation: 's3://file/' },
    roleArn: ROLE_ARN,
    importMode: 'INCREMENTAL',
    tags: [{ tagKey: 'team', tagValue: 'reco' }]
  }),
  '/ws/import.yaml': `jobName: from-yaml\ndatasetArn: ${DATASET_ARN}\ndataSource:\n  dataLocation: s3://yaml/\nroleArn: ${ROLE_ARN}\npublishAttributionMetricsToS3: true\n`,
  '/certs/ca.pem': TEST_CA
}
const environment: Environment = {
  env: {},
  workspace: '/ws',
  readText: (path) => {
    if (path in files) return files[path]
    throw Object.assign(new Error('nope'), { code: 'ENOENT' })
  },
  run: { repo: 'shop', runId: '42', runAttempt: '1', step: 'import/import' },
  yaml
}

function errorsOf(overrides: Parameters<typeof rawInputs>[0], env = environment): string[] {
  try {
    build(rawInputs(overrides), env)
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message)
    throw error
  }
  return []
}

describe('buildConfig', () => {
  it('builds the request, client and wait settings from the inputs', () => {
    const config = build(
      rawInputs({
        tags: 'tagKey=team,tagValue=reco',
        'import-mode': 'incremental',
        'publish-attribution-metrics-to-s3': 'false',
        'cli-read-timeout': '0',
        'wait-timeout': '2h',
        'poll-interval': '10'
      }),
      environment
    )
    expect(config).toEqual({
      request: {
        jobName: 'nightly-1',
        datasetArn: DATASET_ARN,
        dataSource: { dataLocation: 's3://retail-data/interactions/' },
        roleArn: ROLE_ARN,
        tags: [{ tagKey: 'team', tagValue: 'reco' }],
        importMode: 'INCREMENTAL',
        publishAttributionMetricsToS3: false
      },
      ifExists: 'fail',
      onBusy: 'wait',
      skeleton: undefined,
      client: {
        region: 'us-east-1',
        endpoint: undefined,
        caBundle: undefined,
        connectTimeoutMs: 60000,
        readTimeoutMs: undefined
      },
      wait: { enabled: true, timeoutSeconds: 7200, pollIntervalSeconds: 10 },
      preflight: { mode: 'off', s3Endpoint: undefined }
    })
  })

  it('sends FULL when no import mode is given, and leaves out what was not given', () => {
    const { request } = build(rawInputs(), environment)
    expect(request.importMode).toBe('FULL')
    expect(
      'publishAttributionMetricsToS3' in request &&
        request.publishAttributionMetricsToS3 !== undefined
    ).toBe(false)
    expect(request.tags).toBeUndefined()
  })

  it('sends no roleArn when role-arn is empty (optional since the December 2025 model)', () => {
    for (const empty of ['', '  \n']) {
      const { request } = build(rawInputs({ 'role-arn': empty }), environment)
      expect(request).toEqual({
        jobName: 'nightly-1',
        datasetArn: DATASET_ARN,
        dataSource: { dataLocation: 's3://retail-data/interactions/' },
        importMode: 'FULL'
      })
    }
    expect(errorsOf({ 'role-arn': 'arn:aws:iam::123456789012:user/ci' })).toEqual([
      'Input `role-arn`: "arn:aws:iam::123456789012:user/ci" is not an IAM role ARN. Expected arn:aws:iam::<12-digit account>:role/<role name> (the service role Personalize assumes to read S3).'
    ])
  })

  it('builds the default job name from the run', () => {
    expect(build(rawInputs({ 'job-name': '' }), environment).request.jobName).toMatch(
      /^shop-42-1-[0-9a-f]{6}$/
    )
  })

  it('takes the region from the input, AWS_REGION, AWS_DEFAULT_REGION, then the dataset ARN', () => {
    const region = (input: string, env: Record<string, string>) =>
      build(rawInputs({ region: input }), { ...environment, env }).client.region
    expect(region('us-east-1', { AWS_REGION: 'eu-west-1' })).toBe('us-east-1')
    expect(region('', { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-west-1' })).toBe(
      'us-east-1'
    )
    expect(region('', { AWS_DEFAULT_REGION: 'us-east-1' })).toBe('us-east-1')
    expect(region('', {})).toBe('us-east-1')
  })

  it("refuses a region that is not the dataset's", () => {
    expect(errorsOf({ region: '' }, { ...environment, env: { AWS_REGION: 'eu-west-1' } })).toEqual([
      'Input `region`: eu-west-1 (from AWS_REGION) is not the region of dataset-arn (us-east-1). Personalize resources live in one region: set region: us-east-1, or use the ARN of a resource in eu-west-1.'
    ])
  })

  it('reads ca-bundle relative to the workspace and keeps endpoint-url', () => {
    const { client } = build(
      rawInputs({ 'ca-bundle': '/certs/ca.pem', 'endpoint-url': 'http://127.0.0.1:4599' }),
      environment
    )
    expect(client.caBundle).toBe(TEST_CA)
    expect(client.endpoint).toBe('http://127.0.0.1:4599')
  })

  describe('cli-input-json and cli-input-yaml', () => {
    it('merges the file under the explicit inputs, per top-level key', () => {
      const { request } = build(
        rawInputs({
          'cli-input-json': 'file://import.json',
          'job-name': '',
          'data-source': 's3://explicit/',
          'role-arn': '',
          'dataset-arn': ''
        }),
        environment
      )
      expect(request).toEqual({
        jobName: 'from-file',
        datasetArn: DATASET_ARN,
        dataSource: { dataLocation: 's3://explicit/' },
        roleArn: ROLE_ARN,
        importMode: 'INCREMENTAL',
        tags: [{ tagKey: 'team', tagValue: 'reco' }]
      })
    })

    it('reads inline YAML', () => {
      const { request } = build(
        rawInputs({
          'cli-input-yaml': files['/ws/import.yaml'],
          'job-name': '',
          'data-source': '',
          'role-arn': '',
          'dataset-arn': ''
        }),
        environment
      )
      expect(request).toEqual({
        jobName: 'from-yaml',
        datasetArn: DATASET_ARN,
        dataSource: { dataLocation: 's3://yaml/' },
        roleArn: ROLE_ARN,
        importMode: 'FULL',
        publishAttributionMetricsToS3: true
      })
    })

    it.each([
      [
        { 'cli-input-json': '{}', 'cli-input-yaml': 'a: 1' },
        'Input `cli-input-yaml`: only one of cli-input-json and cli-input-yaml may be given, as in the CLI.'
      ],
      [
        { 'cli-input-json': 'file://missing.json' },
        'Input `cli-input-json`: file /ws/missing.json does not exist. file:// paths are relative to the workspace (/ws).'
      ],
      [
        { 'cli-input-json': '{"jobName": "x",\n "tags": [{"tagKey": "k", "tagValue": "SECRET"}' },
        'Input `cli-input-json`: invalid JSON'
      ],
      [
        { 'cli-input-yaml': 'tags:\n  - tagKey: k\n    tagValue: "SECRET\n' },
        'Input `cli-input-yaml`: invalid YAML (MISSING_CHAR) at line 3, column 22.'
      ],
      [
        { 'cli-input-json': '[1]' },
        'Input `cli-input-json`: expected a map of request members, got a list.'
      ],
      [
        { 'cli-input-json': '{"job": "x"}' },
        'Input `cli-input-json`: unknown parameter "job", must be one of: jobName, datasetArn, dataSource, roleArn, tags, importMode, publishAttributionMetricsToS3.'
      ],
      [
        { 'cli-input-json': '{"importMode": "full"}' },
        'Input `cli-input-json (importMode)`: must be one of FULL, INCREMENTAL.'
      ],
      [
        { 'cli-input-json': '{"publishAttributionMetricsToS3": "yes"}' },
        'Input `cli-input-json (publishAttributionMetricsToS3)`: must be true or false, got a string.'
      ],
      [
        { 'cli-input-json': '{"jobName": 5}' },
        'Input `cli-input-json (jobName)`: must be a string, got a number.'
      ],
      [
        { 'cli-input-json': '{"roleArn": "nope"}', 'role-arn': '' },
        'Input `cli-input-json (roleArn)`: "nope" is not an IAM role ARN.'
      ]
    ])('%j', (overrides, message) => {
      const found = errorsOf(overrides)
      expect(found).toHaveLength(1)
      expect(found[0]).toContain(message)
      expect(found[0]).not.toContain('SECRET')
    })

    it('names a member missing from both the inputs and the file', () => {
      expect(errorsOf({ 'cli-input-json': '{"jobName": "x"}', 'dataset-arn': '' })).toEqual([
        'Input `dataset-arn`: is required but was not given.'
      ])
    })

    it('does not call members missing when the file itself could not be read', () => {
      expect(
        errorsOf({ 'cli-input-json': 'file://missing.json', 'dataset-arn': '', 'role-arn': '' })
      ).toHaveLength(1)
    })
  })

  it('collects every input problem at once, naming each input', () => {
    expect(
      errorsOf({
        'job-name': 'bad name',
        'data-source': 'location=s3://x/',
        'import-mode': 'append',
        wait: 'maybe',
        'wait-timeout': 'soon',
        'poll-interval': '0',
        'cli-connect-timeout': '-1',
        region: 'Moon',
        'endpoint-url': 'ftp://x',
        'ca-bundle': 'nope.pem',
        'generate-cli-skeleton': 'xml',
        'publish-attribution-metrics-to-s3': 'yes'
      }).map((m) => m.split(':')[0])
    ).toEqual([
      'Input `data-source`',
      'Input `import-mode`',
      'Input `publish-attribution-metrics-to-s3`',
      'Input `job-name`',
      'Input `generate-cli-skeleton`',
      'Input `region`',
      'Input `endpoint-url`',
      'Input `ca-bundle`',
      'Input `cli-connect-timeout`',
      'Input `wait`',
      'Input `wait-timeout`',
      'Input `poll-interval`'
    ])
  })

  it('says where to get a region when there is none', () => {
    expect(errorsOf({ region: '', 'dataset-arn': '' }, { ...environment, env: {} })).toEqual([
      'Input `dataset-arn`: is required but was not given.',
      'Input `region`: no AWS region. Set the region input, or run aws-actions/configure-aws-credentials with aws-region before this step (it sets AWS_REGION).'
    ])
  })

  it('needs a job name outside GitHub Actions', () => {
    expect(errorsOf({ 'job-name': '' }, { ...environment, run: undefined })).toEqual([
      'Input `job-name`: is required outside GitHub Actions (GITHUB_RUN_ID is not set).'
    ])
  })

  it('prints input skeletons without any valid input or region', () => {
    const config = buildConfig(
      rawInputs({ 'generate-cli-skeleton': 'YAML-INPUT', 'dataset-arn': '', region: '' }),
      { ...environment, env: {} }
    )
    expect('skeleton' in config && config.skeleton).toBe('yaml-input')
  })

  it('validates the inputs for the output skeleton', () => {
    expect(errorsOf({ 'generate-cli-skeleton': 'output', 'role-arn': 'x' })).toHaveLength(1)
  })
})

describe('preflight and s3-endpoint-url', () => {
  const preflightOf = (overrides: Parameters<typeof rawInputs>[0], env: Environment['env'] = {}) =>
    build(rawInputs(overrides), { ...environment, env }).preflight

  it('defaults to auto and the regional S3 endpoint, any case accepted', () => {
    expect(preflightOf({ preflight: '' })).toEqual({ mode: 'auto', s3Endpoint: undefined })
    expect(preflightOf({ preflight: 'STRICT' })).toEqual({ mode: 'strict', s3Endpoint: undefined })
  })

  it('takes the input, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL_S3: 'http://s3.local:9000', AWS_ENDPOINT_URL: 'http://all:1' }
    expect(preflightOf({ 's3-endpoint-url': ' http://minio:9000 ' }, env).s3Endpoint).toBe(
      'http://minio:9000'
    )
    expect(preflightOf({}, env).s3Endpoint).toBe('http://s3.local:9000')
    expect(preflightOf({}, { AWS_ENDPOINT_URL: 'http://all:1' }).s3Endpoint).toBe('http://all:1')
  })

  it('names the input and where a bad endpoint came from', () => {
    expect(errorsOf({ preflight: 'sometimes', 's3-endpoint-url': 'minio:9000' })).toEqual([
      'Input `preflight`: "sometimes" is not one of auto, strict, off.',
      'Input `s3-endpoint-url`: "minio:9000" (from the s3-endpoint-url input) is not an http:// or https:// URL.'
    ])
    expect(errorsOf({}, { ...environment, env: { AWS_ENDPOINT_URL_S3: 'ftp://x' } })).toEqual([
      'Input `s3-endpoint-url`: "ftp://x" (from AWS_ENDPOINT_URL_S3) is not an http:// or https:// URL.'
    ])
  })
})
