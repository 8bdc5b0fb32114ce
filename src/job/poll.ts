// Waits for an import job to end: checks its status on the schedule, logs each change and a
// heartbeat, rides out throttling and passing faults, and stops at the timeout or on cancel.
// Time comes from an injected clock, so tests run on a fake one.
import type { DatasetImportJob } from '@aws-sdk/client-personalize'
import type { AwsFailure } from '../aws/aws-errors.js'
import type { Deadline } from '../aws/deadline.js'
import { formatDuration } from '../inputs/duration.js'
import { nextCheckDelay } from './schedule.js'

export interface Clock {
  now(): number
  /** Resolves after `ms`, or at once when the signal aborts (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    })
}

export const HEARTBEAT_SECONDS = 300

export type WaitEnd = 'ACTIVE' | 'CREATE FAILED' | 'timeout' | 'aborted' | 'error'

export interface WaitResult<T = DatasetImportJob, End = WaitEnd> {
  end: End
  /** The job as last described, if any check went through. */
  job?: T
  /** Clock time of the last successful check. */
  checkedAt?: number
  /** The fatal error that ended the wait, when end is 'error'. */
  failure?: AwsFailure
}

export interface WaitOptions<T = DatasetImportJob> {
  describe: () => Promise<T>
  classify: (error: unknown) => AwsFailure
  clock: Clock
  /** For messages, and the end of the wait when no deadline is given. */
  timeoutSeconds: number
  /** The run's deadline: the wait ends at it; a check it cut off is the timeout, not a failure. */
  deadline?: Deadline
  pollIntervalSeconds: number
  log: (line: string) => void
  signal?: AbortSignal
  /** Check once before the first gap: a job started elsewhere may have ended already. */
  checkAtOnce?: boolean
}

export async function waitForImport(o: WaitOptions): Promise<WaitResult> {
  const result = await waitForStatus({
    ...o,
    ended: (job) => job.status === 'ACTIVE' || job.status === 'CREATE FAILED'
  })
  return { ...result, end: result.end === 'ended' ? (result.job!.status as WaitEnd) : result.end }
}

/** The same wait for anything with a status (the wait action's other kinds): `ended` says when. */
export async function waitForStatus<T extends { status?: string }>(
  o: WaitOptions<T> & { ended: (item: T) => boolean }
): Promise<WaitResult<T, 'ended' | 'timeout' | 'aborted' | 'error'>> {
  const { clock, signal } = o
  const start = clock.now()
  const deadline = o.deadline?.at ?? start + o.timeoutSeconds * 1000
  // Time since this wait began, said so: a job's own duration (in the report) counts from its creation.
  const elapsed = () => `${formatDuration((clock.now() - start) / 1000)} of waiting`
  let lastLineAt = start
  let throttles = 0
  let result: WaitResult<T, 'ended' | 'timeout' | 'aborted' | 'error'> = { end: 'timeout' }
  const line = (text: string) => {
    o.log(text)
    lastLineAt = clock.now()
  }

  // Sleeps until `until`, writing a heartbeat whenever 5 minutes pass without a log line.
  const sleepUntil = async (until: number) => {
    for (let now = clock.now(); now < until && !signal?.aborted; now = clock.now()) {
      const heartbeatAt = lastLineAt + HEARTBEAT_SECONDS * 1000
      if (heartbeatAt >= until) {
        await clock.sleep(until - now, signal)
        continue
      }
      await clock.sleep(heartbeatAt - now, signal)
      if (signal?.aborted) break
      const status = result.job?.status ?? 'CREATE PENDING'
      const checked =
        result.checkedAt === undefined
          ? 'not checked yet'
          : `checked ${formatDuration((clock.now() - result.checkedAt) / 1000)} ago`
      line(
        `… still ${status} after ${elapsed()} (${checked}; waiting up to ${formatDuration(o.timeoutSeconds)})`
      )
    }
  }

  for (let first = true; ; first = false) {
    const delaySeconds = nextCheckDelay({
      elapsedSeconds: (clock.now() - start) / 1000,
      pollIntervalSeconds: o.pollIntervalSeconds,
      throttles
    })
    if (!(first && o.checkAtOnce))
      await sleepUntil(Math.min(clock.now() + delaySeconds * 1000, deadline))
    if (signal?.aborted) return { ...result, end: 'aborted' }
    try {
      const job = await o.describe()
      throttles = 0
      if (job.status !== result.job?.status) line(`${job.status} after ${elapsed()}`)
      result = { end: 'timeout', job, checkedAt: clock.now() }
      if (o.ended(job)) return { ...result, end: 'ended' }
    } catch (error) {
      if (signal?.aborted) return { ...result, end: 'aborted' }
      if (o.deadline?.passed()) return result
      const failure = o.classify(error)
      if (failure.kind === 'fatal') return { ...result, end: 'error', failure }
      throttles = failure.kind === 'throttle' ? throttles + 1 : 0
      line(`Status check failed after ${elapsed()} (${failure.code}); trying again.`)
    }
    if (clock.now() >= deadline) return result
  }
}
