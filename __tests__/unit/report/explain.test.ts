import { describe, expect, it } from '@jest/globals'
import { consoleUrl, explainFailure } from '../../../src/report/explain.js'

describe('explainFailure', () => {
  it.each([
    [
      'Failed to create a data import job for Users dataset. Insufficient privileges for accessing data in Amazon S3.',
      'bucket policy'
    ],
    [
      'Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [USER_ID].',
      'byte-order mark'
    ],
    ['Invalid Data location.', 'with the trailing /'],
    [
      'Failed to create a data import job for Interactions dataset. INCREMENTAL import mode is only supported after a FULL import.',
      'Run the first import with import-mode: FULL.'
    ],
    ['More than 5 resources with PENDING or IN_PROGRESS status.', 'At most 5 imports'],
    ['Length cannot be more than 256 characters for ITEM_ID', 'longer than the schema allows']
  ])('%s', (reason, fix) => {
    expect(explainFailure(reason)).toContain(fix)
  })

  it('has nothing to add for an unknown reason, which is shown as it is', () => {
    expect(explainFailure('Something new went wrong.')).toBeUndefined()
  })
})

describe('consoleUrl', () => {
  it.each([
    [
      'aws',
      'us-east-1',
      'https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:111122223333:dataset-group$shop/setup'
    ],
    [
      'aws-cn',
      'cn-north-1',
      'https://cn-north-1.console.amazonaws.cn/personalize/home?region=cn-north-1#arn:aws-cn:personalize:cn-north-1:111122223333:dataset-group$shop/setup'
    ],
    [
      'aws-us-gov',
      'us-gov-west-1',
      'https://console.amazonaws-us-gov.com/personalize/home?region=us-gov-west-1#arn:aws-us-gov:personalize:us-gov-west-1:111122223333:dataset-group$shop/setup'
    ]
  ])('%s', (partition, region, url) => {
    const prefix = `arn:${partition}:personalize:${region}:111122223333`
    expect(consoleUrl(`${prefix}:dataset-import-job/j`, `${prefix}:dataset/shop/ITEMS`)).toBe(url)
  })
})
