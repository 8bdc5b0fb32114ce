import { describe, expect, it } from '@jest/globals'
import type { DatasetImportJob } from '@aws-sdk/client-personalize'
import { describeAwsError } from '../../src/aws-errors.js'
import { HEARTBEAT_SECONDS, waitForImport, type WaitOptions } from '../../src/poll.js'
import { FakeClock } from './fixtures.js'

/** A job whose status follows a timeline (seconds after the wait started). */
function timeline(clock: FakeClock, steps: [number, string, string?][]) {
  const start = clock.now()
  let calls = 0
  const describe = async (): Promise<DatasetImportJob> => {
    calls++
    const elapsed = (clock.now() - start) / 1000
    const [, status, failureReason] = [...steps].reverse().find(([at]) => elapsed >= at)!
    return { status, failureReason }
  }
  return { describe, calls: () => calls }
}

function options(
  clock: FakeClock,
  describe: WaitOptions['describe'],
  more: Partial<WaitOptions> = {}
) {
  const lines: string[] = []
  const o: WaitOptions = {
    describe,
    classify: (error) =>
      describeAwsError('DescribeDatasetImportJob', error, { region: 'us-east-1' }),
    clock,
    random: () => 0,
    timeoutSeconds: 3600,
    pollIntervalSeconds: 30,
    log: (line) => lines.push(line),
    ...more
  }
  return { o, lines }
}

const awsError = (name: string, extra: object = {}) =>
  Object.assign(new Error(`${name} message`), { name, ...extra })

describe('waitForImport', () => {
  it('logs each status change with the elapsed time and ends ACTIVE', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [
      [0, 'CREATE PENDING'],
      [20, 'CREATE IN_PROGRESS'],
      [200, 'ACTIVE']
    ])
    const { o, lines } = options(clock, job.describe)
    const result = await waitForImport(o)
    expect(result.end).toBe('ACTIVE')
    expect(result.checkedAt).toBe(clock.now())
    expect(lines).toEqual([
      'CREATE PENDING after 5s',
      'CREATE IN_PROGRESS after 20s',
      'ACTIVE after 3m 29s'
    ])
    // Checks at 149 s, 179 s and 209 s: the job turned ACTIVE at 200 s.
    expect(Math.round((clock.now() - 1_000_000) / 1000)).toBe(209)
  })

  it('notices a failure within 15 s in the first minute and carries the reason', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [
      [0, 'CREATE PENDING'],
      [41, 'CREATE FAILED', 'Invalid Data location.']
    ])
    const { o } = options(clock, job.describe)
    const result = await waitForImport(o)
    expect(result.end).toBe('CREATE FAILED')
    expect(result.job?.failureReason).toBe('Invalid Data location.')
    expect((clock.now() - 1_000_000) / 1000 - 41).toBeLessThanOrEqual(15)
  })

  it('never leaves more than poll-interval between checks', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [
      [0, 'CREATE PENDING'],
      [3000, 'ACTIVE']
    ])
    const { o } = options(clock, job.describe, { random: Math.random })
    await waitForImport(o)
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000)
    // A 30 s loop makes 101 calls; ours adds the first minute's closer checks and 5% jitter.
    expect(job.calls()).toBeLessThanOrEqual(101 + 12)
  })

  it('writes a heartbeat at least every 5 minutes while nothing changes', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [
      [0, 'CREATE IN_PROGRESS'],
      [1000, 'ACTIVE']
    ])
    const { o, lines } = options(clock, job.describe, { pollIntervalSeconds: 600 })
    await waitForImport(o)
    expect(lines).toEqual([
      'CREATE IN_PROGRESS after 5s',
      '… still CREATE IN_PROGRESS after 5m 5s (checked 14s ago; waiting up to 1h)',
      '… still CREATE IN_PROGRESS after 10m 5s (checked 37s ago; waiting up to 1h)',
      '… still CREATE IN_PROGRESS after 15m 5s (checked 17s ago; waiting up to 1h)',
      // With poll-interval 600 the gap is a quarter of the time waited: checked at 888 s, then 1110 s.
      'ACTIVE after 18m 30s'
    ])
    expect(HEARTBEAT_SECONDS).toBe(300)
  })

  it('times out with the last status seen, checking once at the deadline', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [
      [0, 'CREATE PENDING'],
      [30, 'CREATE IN_PROGRESS']
    ])
    const { o } = options(clock, job.describe, { timeoutSeconds: 100 })
    const result = await waitForImport(o)
    expect(result).toEqual({
      end: 'timeout',
      job: { status: 'CREATE IN_PROGRESS' },
      checkedAt: 1_100_000
    })
    expect(clock.now()).toBe(1_100_000)
  })

  it('rides out throttling with longer gaps, and passing faults', async () => {
    const clock = new FakeClock()
    const errors = [
      awsError('ThrottlingException', { $fault: 'client' }),
      awsError('ThrottlingException', { $fault: 'client' }),
      awsError('InternalFailure', { $fault: 'server', $metadata: { httpStatusCode: 500 } }),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      awsError('TimeoutError')
    ]
    const describe = async (): Promise<DatasetImportJob> => {
      const next = errors.shift()
      if (next) throw next
      return { status: 'ACTIVE' }
    }
    const { o, lines } = options(clock, describe)
    const result = await waitForImport(o)
    expect(result.end).toBe('ACTIVE')
    expect(clock.sleeps).toEqual([5000, 10000, 20000, 8750, 10937.5, 13671.875])
    expect(lines).toEqual([
      'Status check failed after 5s (ThrottlingException); trying again.',
      'Status check failed after 15s (ThrottlingException); trying again.',
      'Status check failed after 35s (InternalFailure); trying again.',
      'Status check failed after 44s (ECONNRESET); trying again.',
      'Status check failed after 55s (TimeoutError); trying again.',
      'ACTIVE after 1m 8s'
    ])
  })

  it('stops on a fatal error, keeping the last job seen', async () => {
    const clock = new FakeClock()
    let calls = 0
    const describe = async (): Promise<DatasetImportJob> => {
      if (calls++ === 0) return { status: 'CREATE IN_PROGRESS' }
      throw awsError('ExpiredTokenException')
    }
    const { o } = options(clock, describe)
    const result = await waitForImport(o)
    expect(result.end).toBe('error')
    expect(result.job).toEqual({ status: 'CREATE IN_PROGRESS' })
    expect(result.failure?.code).toBe('ExpiredTokenException')
    expect(result.failure?.text).toContain('Raise role-duration-seconds')
  })

  it('stops at once when cancelled', async () => {
    const clock = new FakeClock()
    const controller = new AbortController()
    const job = timeline(clock, [[0, 'CREATE IN_PROGRESS']])
    let callsAtAbort = -1
    clock.onSleep = (now) => {
      if (now >= 1_060_000 && !controller.signal.aborted) {
        controller.abort()
        callsAtAbort = job.calls()
      }
    }
    const { o } = options(clock, job.describe, { signal: controller.signal })
    const result = await waitForImport(o)
    expect(result.end).toBe('aborted')
    expect(result.job).toEqual({ status: 'CREATE IN_PROGRESS' })
    expect(callsAtAbort).toBe(8)
    expect(job.calls()).toBe(callsAtAbort)
  })
})
