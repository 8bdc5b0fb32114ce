// The wait action's inputs, checked. The run itself is tested end to end on the bundle.
import { describe, expect, it } from '@jest/globals'
import { InputErrors } from '../../../src/inputs/errors.js'
import { KINDS } from '../../../src/aws/kinds.js'
import { buildWaitConfig } from '../../../src/wait/config.js'
import { WAIT_INPUT_NAMES, type WaitInputs } from '../../../src/wait/names.js'

const ARN = (name: string, region = 'us-east-1') =>
  `arn:aws:personalize:${region}:123456789012:dataset-import-job/${name}`

function inputs(overrides: Partial<WaitInputs> = {}): WaitInputs {
  const empty = Object.fromEntries(WAIT_INPUT_NAMES.map((n) => [n, ''])) as WaitInputs
  return {
    ...empty,
    'cli-connect-timeout': '60',
    'cli-read-timeout': '60',
    'wait-timeout': '180',
    'poll-interval': '30',
    ...overrides
  }
}
const environment = (env: Record<string, string> = {}) => ({
  env,
  workspace: '/w',
  readText: () => ''
})
function problems(raw: WaitInputs, env: Record<string, string> = {}): string[] {
  try {
    buildWaitConfig(raw, environment(env))
  } catch (error) {
    return (error as InputErrors).errors.map((e) => e.message)
  }
  return []
}

describe('buildWaitConfig', () => {
  it('takes ARNs one per line, or separated by spaces and commas, once each', () => {
    const config = buildWaitConfig(
      inputs({
        'dataset-import-job-arn': `${ARN('users')}\n${ARN('items')}, ${ARN('users')}\n\n ${ARN('interactions')}\n`
      }),
      environment()
    )
    expect(config).toEqual({
      targets: [ARN('users'), ARN('items'), ARN('interactions')].map((arn) => ({
        arn,
        spec: KINDS.datasetImportJob
      })),
      stopOnCancel: false,
      client: {
        region: 'us-east-1',
        endpoint: undefined,
        caBundle: undefined,
        connectTimeoutMs: 60000,
        readTimeoutMs: 60000
      },
      wait: { timeoutSeconds: 10800, pollIntervalSeconds: 30 }
    })
  })

  it('ignores the blank line of a skipped import step', () => {
    const raw = inputs({ 'dataset-import-job-arn': `${ARN('users')}\n\n${ARN('items')}\n` })
    expect(buildWaitConfig(raw, environment()).targets.map((t) => t.arn)).toEqual([
      ARN('users'),
      ARN('items')
    ])
  })

  it('takes the region from the ARNs, or from a matching region input', () => {
    const raw = inputs({ 'dataset-import-job-arn': ARN('a', 'eu-west-1'), region: 'eu-west-1' })
    expect(buildWaitConfig(raw, environment()).client.region).toBe('eu-west-1')
  })

  it('reports every problem at once, naming the input', () => {
    expect(
      problems(
        inputs({
          'dataset-import-job-arn': `${ARN('ok')}\narn:aws:personalize:us-east-1:123456789012:dataset/retail/USERS`,
          'wait-timeout': 'soon',
          'poll-interval': '0'
        })
      )
    ).toEqual([
      'Input `dataset-import-job-arn`: "arn:aws:personalize:us-east-1:123456789012:dataset/retail/USERS" is not a dataset import job ARN. Expected arn:aws:personalize:<region>:<account>:dataset-import-job/<job name>, such as the dataset-import-job-arn output of the import action; give this dataset in the arn input.',
      expect.stringMatching(/^Input `wait-timeout`: "soon" is not/),
      expect.stringMatching(/^Input `poll-interval`: "0"/)
    ])
  })

  it('refuses ARNs in several regions, and a region that is not theirs', () => {
    expect(
      problems(inputs({ 'dataset-import-job-arn': `${ARN('a')} ${ARN('b', 'eu-west-1')}` }))
    ).toEqual([
      'Input `dataset-import-job-arn`: the resources are in several regions (us-east-1, eu-west-1). Use one wait step per region.'
    ])
    expect(
      problems(inputs({ 'dataset-import-job-arn': ARN('a') }), { AWS_DEFAULT_REGION: 'eu-west-1' })
    ).toEqual([
      'Input `region`: eu-west-1 (from AWS_DEFAULT_REGION) is not the region of dataset-import-job-arn (us-east-1). Personalize resources live in one region: set region: us-east-1, or use the ARN of a resource in eu-west-1.'
    ])
  })

  it('requires at least one ARN, and says nothing of the region then', () => {
    expect(problems(inputs({ 'dataset-import-job-arn': ' \n ' }))).toEqual([
      'Input `dataset-import-job-arn`: has no ARN: give the dataset-import-job-arn output of one or more import steps, or any Personalize ARNs in arn, one per line. Blank lines (from steps that were skipped) are ignored; when every step may be skipped, give this step the same if: condition.'
    ])
  })

  const BASE = 'arn:aws:personalize:us-east-1:123456789012'

  it('takes any kind in arn, added to the import jobs, each with its kind', () => {
    const config = buildWaitConfig(
      inputs({
        'dataset-import-job-arn': ARN('users'),
        arn: `${BASE}:solution/shop/3ba6a5be\n${BASE}:campaign/shop\n${ARN('users')}`,
        'stop-on-cancel': 'true'
      }),
      environment()
    )
    expect(config.targets.map((t) => [t.arn, t.spec.kind])).toEqual([
      [ARN('users'), 'datasetImportJob'],
      [`${BASE}:solution/shop/3ba6a5be`, 'solutionVersion'],
      [`${BASE}:campaign/shop`, 'campaign']
    ])
    expect(config.stopOnCancel).toBe(true)
  })

  it('names an ARN of a kind it cannot wait on, and a stop-on-cancel that is not a boolean', () => {
    expect(
      problems(
        inputs({
          arn: `${BASE}:schema/s\n${BASE}:widget/w`,
          'stop-on-cancel': 'sometimes'
        })
      )
    ).toEqual([
      `Input \`arn\`: "${BASE}:schema/s" has nothing to wait for: a schema has no status.`,
      `Input \`arn\`: "${BASE}:widget/w" is of the resource type "widget", which is not a kind this action waits on (batch-inference-job, batch-segment-job, campaign, data-deletion-job, dataset, dataset-export-job, dataset-group, dataset-import-job, event-tracker, filter, recommender, solution).`,
      'Input `stop-on-cancel`: "sometimes" is not a boolean. Expected true or false.'
    ])
  })
})
