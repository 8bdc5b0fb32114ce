import { describe, expect, it } from '@jest/globals'
import type { DatasetImportJob } from '@aws-sdk/client-personalize'
import { describeAwsError, failureText } from '../../../src/aws/aws-errors.js'
import { startDeadline } from '../../../src/aws/deadline.js'
import { HEARTBEAT_SECONDS, waitForImport, type WaitOptions } from '../../../src/job/poll.js'
import { FakeClock } from '../fixtures.js'

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
      'CREATE PENDING after 15s of waiting',
      'CREATE IN_PROGRESS after 30s of waiting',
      'ACTIVE after 3m 30s of waiting'
    ])
    // Every 15 s up to 60 s, then every 30 s: the job turned ACTIVE at 200 s, seen at 210 s.
    expect(clock.sleeps).toEqual([15, 15, 15, 15, 30, 30, 30, 30, 30].map((s) => s * 1000))
    expect(job.calls()).toBe(9)
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
    expect(clock.now()).toBe(1_045_000)
  })

  it('notices a failure at any second of the first minute within 15 s', async () => {
    const delays: number[] = []
    for (let failsAt = 1; failsAt <= 60; failsAt++) {
      const clock = new FakeClock()
      const job = timeline(clock, [
        [0, 'CREATE IN_PROGRESS'],
        [failsAt, 'CREATE FAILED']
      ])
      await waitForImport(options(clock, job.describe).o)
      delays.push((clock.now() - 1_000_000) / 1000 - failsAt)
    }
    expect(Math.max(...delays)).toBe(14)
    expect(delays.slice(0, 16)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 14])
  })

  it('checks at once with checkAtOnce, for a job that may have ended already', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [[-600, 'ACTIVE']])
    const result = await waitForImport(options(clock, job.describe, { checkAtOnce: true }).o)
    expect(result.end).toBe('ACTIVE')
    expect(job.calls()).toBe(1)
    expect(clock.sleeps).toEqual([])
  })

  it('never leaves more than poll-interval between checks', async () => {
    const clock = new FakeClock()
    const job = timeline(clock, [
      [0, 'CREATE PENDING'],
      [3000, 'ACTIVE']
    ])
    const { o } = options(clock, job.describe)
    await waitForImport(o)
    expect(Math.max(...clock.sleeps)).toBe(30_000)
    // A loop checking at 0 s and every 30 s makes 101 calls; the first minute costs one more.
    expect(job.calls()).toBe(102)
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
      'CREATE IN_PROGRESS after 15s of waiting',
      '… still CREATE IN_PROGRESS after 5m 15s of waiting (checked 4m 15s ago; waiting up to 1h)',
      '… still CREATE IN_PROGRESS after 10m 15s of waiting (checked 9m 15s ago; waiting up to 1h)',
      // With poll-interval 600: checks at 15, 30, 45 and 60 s, then at 660 s and 1260 s.
      '… still CREATE IN_PROGRESS after 15m 15s of waiting (checked 4m 15s ago; waiting up to 1h)',
      '… still CREATE IN_PROGRESS after 20m 15s of waiting (checked 9m 15s ago; waiting up to 1h)',
      'ACTIVE after 21m of waiting'
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
    // 15 s, doubled twice for the throttles, then back on the grid: 120, 150 and 180 s.
    expect(clock.sleeps).toEqual([15000, 30000, 60000, 15000, 30000, 30000])
    expect(lines).toEqual([
      'Status check failed after 15s of waiting (ThrottlingException); trying again.',
      'Status check failed after 45s of waiting (ThrottlingException); trying again.',
      'Status check failed after 1m 45s of waiting (InternalFailure); trying again.',
      'Status check failed after 2m of waiting (ECONNRESET); trying again.',
      'Status check failed after 2m 30s of waiting (TimeoutError); trying again.',
      'ACTIVE after 3m of waiting'
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
    expect(failureText(result.failure!)).toContain('Or raise role-duration-seconds')
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
    // Checks at 15, 30 and 45 s; the abort comes during the sleep to 60 s.
    expect(callsAtAbort).toBe(3)
    expect(job.calls()).toBe(callsAtAbort)
  })

  it('ends at the run deadline, and a check the deadline cut off is the timeout, not a failure', async () => {
    const clock = new FakeClock()
    const timeUp = new AbortController()
    const deadline = startDeadline(100_000, {
      now: () => clock.now(),
      cancel: new AbortController().signal,
      timer: () => timeUp.signal
    })
    const job = timeline(clock, [[0, 'CREATE IN_PROGRESS']])
    // The check at 90 s hangs until the deadline.
    const describe = () =>
      clock.now() - 1_000_000 >= 90_000
        ? deadline.call(() => {
            clock.t = deadline.at
            timeUp.abort()
            return new Promise<never>(() => {})
          })
        : job.describe()
    const { o, lines } = options(clock, describe, { deadline, pollIntervalSeconds: 15 })
    const result = await waitForImport(o)
    expect(result).toEqual({
      end: 'timeout',
      job: { status: 'CREATE IN_PROGRESS' },
      checkedAt: 1_075_000
    })
    expect(lines).toEqual(['CREATE IN_PROGRESS after 15s of waiting'])
  })
})
