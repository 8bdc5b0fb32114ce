import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { jobArnFor } from '../../../src/aws/arn.js'
import { renderSkeleton } from '../../../src/inputs/skeleton.js'
import { ACTION_VERSION } from '../../../src/version.js'
import { DATASET_ARN } from '../fixtures.js'
describe('skeletons', () => {
  const request = {
    jobName: 'nightly-1',
    datasetArn: DATASET_ARN,
    roleArn: 'r',
    dataSource: { dataLocation: 's3://b/' }
  }

  it('prints the input skeleton as the CLI does', () => {
    expect(JSON.parse(renderSkeleton('input', request))).toEqual({
      jobName: '',
      datasetArn: '',
      dataSource: { dataLocation: '' },
      roleArn: '',
      tags: [{ tagKey: '', tagValue: '' }],
      importMode: 'FULL',
      publishAttributionMetricsToS3: true
    })
    expect(renderSkeleton('input', request)).toContain('\n    "jobName": ""')
  })

  it('prints a YAML skeleton that parses to the same keys', async () => {
    const { parse } = await import('yaml')
    expect(Object.keys(parse(renderSkeleton('yaml-input', request)))).toEqual([
      'jobName',
      'datasetArn',
      'dataSource',
      'roleArn',
      'tags',
      'importMode',
      'publishAttributionMetricsToS3'
    ])
  })

  it('prints a sample output with the ARN the job will get', () => {
    expect(JSON.parse(renderSkeleton('output', request))).toEqual({
      datasetImportJobArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/nightly-1'
    })
    expect(jobArnFor('arn:aws-cn:personalize:cn-north-1:1:dataset/g/ITEMS', 'j')).toBe(
      'arn:aws-cn:personalize:cn-north-1:1:dataset-import-job/j'
    )
  })
})

it('the user agent version is package.json version', () => {
  expect(ACTION_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
})
