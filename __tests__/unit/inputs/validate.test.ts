import { describe, expect, it } from '@jest/globals'
import { validateRequest } from '../../../src/inputs/validate.js'
import { DATASET_ARN, ROLE_ARN } from '../fixtures.js'

const valid = {
  jobName: 'nightly-1',
  datasetArn: DATASET_ARN,
  dataSource: { dataLocation: 's3://retail-data/interactions/' },
  roleArn: ROLE_ARN,
  importMode: 'FULL' as const
}
const sourceOf = (member: string) => `<${member}>`
const messages = (request: object) => validateRequest(request, sourceOf).map((e) => e.message)

describe('validateRequest', () => {
  it('accepts a valid request', () => {
    expect(messages(valid)).toEqual([])
  })

  it.each([
    [
      { jobName: 'bad name' },
      'Input `<jobName>`: "bad name" is not a job name. Expected 1-63 letters, digits, hyphens and underscores, starting with a letter or digit (^[a-zA-Z0-9][a-zA-Z0-9\\-_]*).'
    ],
    [{ jobName: '-lead' }, 'Input `<jobName>`: "-lead" is not a job name.'],
    [
      { jobName: 'a'.repeat(64) },
      `Input \`<jobName>\`: "${'a'.repeat(64)}" is 64 characters; at most 63 are allowed.`
    ],
    [
      { datasetArn: 'arn:aws:s3:::bucket' },
      'Input `<datasetArn>`: "arn:aws:s3:::bucket" is not a Personalize dataset ARN. Expected arn:aws:personalize:<region>:<account>:dataset/<dataset group>/<TYPE>.'
    ],
    [
      { datasetArn: `arn:aws:personalize:us-east-1:1:dataset/${'x'.repeat(250)}` },
      'characters; at most 256 are allowed'
    ],
    [
      { dataSource: { dataLocation: 'bucket/key.csv' } },
      'Input `<dataSource>`: "bucket/key.csv" is not an S3 location. Expected s3://bucket/key.csv, or s3://bucket/folder/ for every file in a folder.'
    ],
    [{ dataSource: {} }, 'Input `<dataSource>`: has no dataLocation.'],
    [
      { roleArn: 'arn:aws:iam::12345:role/x' },
      'Input `<roleArn>`: "arn:aws:iam::12345:role/x" is not an IAM role ARN. Expected arn:aws:iam::<12-digit account>:role/<role name>'
    ],
    [{ roleArn: 'arn:aws:iam::123456789012:user/x' }, 'is not an IAM role ARN'],
    [{ jobName: undefined }, 'Input `<jobName>`: is required but was not given.'],
    [{ datasetArn: '' }, 'Input `<datasetArn>`: is required but was not given.'],
    [
      { roleArn: '' },
      'Input `<roleArn>`: "" is not an IAM role ARN. Expected arn:aws:iam::<12-digit account>:role/<role name>'
    ],
    [{ dataSource: undefined }, 'Input `<dataSource>`: is required but was not given.']
  ])('%j', (change, message) => {
    const found = messages({ ...valid, ...change })
    expect(found).toHaveLength(1)
    expect(found[0]).toContain(message)
  })

  it('reports every problem at once', () => {
    expect(messages({ ...valid, jobName: '', roleArn: 'x', datasetArn: 'y' })).toHaveLength(3)
  })

  it('accepts a request without roleArn, as the 2025-12-01 model does', () => {
    expect(validateRequest({ ...valid, roleArn: undefined }, sourceOf)).toEqual([])
  })

  it('skips members it is told were reported already', () => {
    expect(
      validateRequest({ ...valid, roleArn: undefined }, sourceOf, new Set(['roleArn']))
    ).toEqual([])
  })

  describe('tags (values are never shown)', () => {
    const secret = 'SECRET'
    const tagErrors = (tags: { tagKey: string; tagValue: string }[]) => {
      const found = messages({ ...valid, tags })
      for (const m of found) expect(m).not.toContain(secret)
      return found
    }

    it('accepts letters of any script, spaces and the allowed symbols', () => {
      expect(tagErrors([{ tagKey: 'équipe data', tagValue: 'a_b.c:d/e=f+g-h@i 1' }])).toEqual([])
    })

    it.each([
      [
        { tagKey: '', tagValue: secret },
        'Input `<tags>`: tag 1: tagKey must be 1-128 characters, got 0.'
      ],
      [
        { tagKey: 'k'.repeat(129), tagValue: secret },
        'tag 1: tagKey must be 1-128 characters, got 129.'
      ],
      [
        { tagKey: 'a#b', tagValue: secret },
        'tag 1: tagKey has a character outside letters, digits, spaces and _ . : / = + - @.'
      ],
      [
        { tagKey: 'aws:owner', tagValue: secret },
        'tag 1 (key "aws:owner"): tag keys starting with "aws:" are reserved by AWS.'
      ],
      [
        { tagKey: 'team', tagValue: `${secret}!` },
        'tag 1 (key "team"): tagValue has a character outside letters'
      ],
      [
        { tagKey: 'team', tagValue: secret.repeat(50) },
        'tag 1 (key "team"): tagValue must be at most 256 characters, got 300.'
      ],
      [
        { tagKey: 'team', tagValue: `aws:${secret}` },
        'tag 1 (key "team"): tag values starting with "aws:" are reserved by AWS.'
      ]
    ])('%j', (tag, message) => {
      const found = tagErrors([tag])
      expect(found).toHaveLength(1)
      expect(found[0]).toContain(message)
    })

    it('rejects duplicate keys and more than 50 tags', () => {
      expect(
        tagErrors([
          { tagKey: 'a', tagValue: secret },
          { tagKey: 'a', tagValue: secret }
        ])
      ).toEqual([
        'Input `<tags>`: tag 2 (key "a"): the same tagKey is given twice; keys must be unique.'
      ])
      const many = Array.from({ length: 51 }, (_, i) => ({ tagKey: `k${i}`, tagValue: secret }))
      expect(tagErrors(many)).toEqual(['Input `<tags>`: 51 tags given; at most 50 per import job.'])
    })
  })
})
