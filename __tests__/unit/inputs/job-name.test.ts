import { describe, expect, it } from '@jest/globals'
import { defaultJobName } from '../../../src/inputs/job-name.js'
import { JOB_NAME } from '../../../src/aws/arn.js'
import { DATASET_ARN } from '../fixtures.js'
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
