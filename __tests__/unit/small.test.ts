import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { formatDuration, parseWaitTimeout } from '../../src/duration.js'
import { defaultJobName } from '../../src/job-name.js'
import { nextCheckDelay, retryDelay } from '../../src/schedule.js'
import { jobArnFor, renderSkeleton } from '../../src/skeleton.js'
import { JOB_NAME } from '../../src/validate.js'
import { ACTION_VERSION } from '../../src/version.js'
import { DATASET_ARN } from './fixtures.js'

describe('parseWaitTimeout', () => {
  it.each([
    ['90', 5400],
    ['45s', 45],
    ['30m', 1800],
    ['2h', 7200],
    ['1.5h', 5400],
    [' 10 M ', 600]
  ])('%j -> %d s', (raw, seconds) => {
    expect(parseWaitTimeout('wait-timeout', raw)).toBe(seconds)
  })

  it.each(['', '0', '-5', 'soon', '1d', '0.5s', '7201m', '2h30m'])('rejects %j', (raw) => {
    expect(() => parseWaitTimeout('wait-timeout', raw)).toThrow(
      `Input \`wait-timeout\`: "${raw.trim()}" is not a duration from 1s to 5 days. Expected minutes (90) or a number with a unit: 45s, 30m, 2h.`
    )
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59.6, '1m'],
    [75, '1m 15s'],
    [3600, '1h'],
    [3725, '1h 2m 5s']
  ])('%d -> %s', (s, text) => expect(formatDuration(s)).toBe(text))
})

describe('defaultJobName', () => {
  const run = { repo: 'shop.web', runId: '1234567890', runAttempt: '2', step: 'import/__self' }

  it('is built from the repository, run ID, attempt and a hash of the step and dataset', () => {
    expect(defaultJobName(run, DATASET_ARN)).toMatch(/^shop-web-1234567890-2-[0-9a-f]{6}$/)
  })

  it('is the same for the same attempt and differs for another attempt, step or dataset', () => {
    expect(defaultJobName(run, DATASET_ARN)).toBe(defaultJobName(run, DATASET_ARN))
    expect(defaultJobName({ ...run, runAttempt: '3' }, DATASET_ARN)).not.toBe(
      defaultJobName(run, DATASET_ARN)
    )
    expect(defaultJobName(run, DATASET_ARN.replace('INTERACTIONS', 'ITEMS'))).not.toBe(
      defaultJobName(run, DATASET_ARN)
    )
  })

  it.each(['a'.repeat(100), '...___repo', '.github', '-', 'ünïcode-repo'])(
    'stays valid for repo %j',
    (repo) => {
      const name = defaultJobName({ ...run, repo }, DATASET_ARN)
      expect(name.length).toBeLessThanOrEqual(63)
      expect(name).toMatch(JOB_NAME.pattern)
      expect(name).toMatch(/-1234567890-2-[0-9a-f]{6}$/)
      expect(name).not.toContain('--')
    }
  )
})

describe('nextCheckDelay', () => {
  const delay = (elapsedSeconds: number, pollIntervalSeconds = 30, throttles = 0) =>
    nextCheckDelay({ elapsedSeconds, pollIntervalSeconds, throttles })

  it('checks at 15, 30, 45 and 60 s, then on a poll-interval grid counted from the start', () => {
    expect([0, 15, 30, 45, 60, 90, 120].map((e) => delay(e))).toEqual([15, 15, 15, 15, 30, 30, 30])
    // A slow check does not push the grid back: the next one is still at a grid point.
    expect([20, 52, 100, 1000].map((e) => delay(e))).toEqual([10, 8, 20, 20])
  })

  it('moves past a grid point that a check reached a hair early', () => {
    expect(delay(14.95)).toBe(15)
    expect(delay(59.95)).toBe(30)
    // Half a second before one is not a hair: that grid point is still to come.
    expect(delay(89.5)).toBe(0.5)
  })

  it('keeps gaps within 15 s in the first minute whatever the poll interval', () => {
    expect([0, 45, 59, 60].map((e) => delay(e, 600))).toEqual([15, 15, 1, 600])
    expect(delay(7, 7)).toBe(7)
    // With poll-interval 7 the first-minute grid is 7, 14, ... 56, and then every 7 s.
    expect([56, 63].map((e) => delay(e, 7))).toEqual([7, 7])
  })

  it('doubles after each throttle, up to 5 minutes (or poll-interval if longer)', () => {
    expect([1, 2, 3, 4].map((t) => delay(1000, 30, t))).toEqual([60, 120, 240, 300])
    expect(delay(5, 30, 1)).toBe(30)
    expect(delay(5000, 600, 1)).toBe(600)
    expect(delay(5000, 1, 2)).toBe(4)
  })
})

describe('retryDelay', () => {
  it('waits a quarter of the time so far, 5 s at least, capped as the checks are', () => {
    expect([0, 20, 40, 59, 60, 100, 120, 1000].map((e) => retryDelay(e, 30))).toEqual([
      5, 5, 10, 14.75, 15, 25, 30, 30
    ])
    expect(retryDelay(59, 600)).toBe(14.75)
    expect(retryDelay(600, 600)).toBe(150)
    expect(retryDelay(0, 1)).toBe(1)
  })
})

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
