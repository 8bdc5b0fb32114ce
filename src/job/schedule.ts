// When to check the job's status next, and how long to wait before retrying a creation. Pure:
// the caller supplies the time.
//
// Status checks fall on a grid counted from when waiting started: every 15 s up to 60 s, so a job
// that fails in its first minute is noticed within 15 s, then every poll-interval, the longest
// gap allowed. Each check is as late as those two promises let it be, so no schedule keeping them
// makes fewer calls: one more than a 30 s loop (docs/benchmarks.md). Grid points are fixed, so a
// slow status call does not push later checks back. There is no jitter: any would move checks
// earlier and cost calls, and each wait's grid starts when that wait does. After a throttling
// error the gap doubles per consecutive throttle, up to 5 minutes, to stop hammering.

const FIRST_MINUTE_S = 60
const FIRST_MINUTE_GAP_S = 15
const MAX_THROTTLED_GAP_S = 300
const MIN_RETRY_GAP_S = 5
const SLACK_S = 0.1

export interface ScheduleInput {
  /** Seconds since waiting started. */
  elapsedSeconds: number
  pollIntervalSeconds: number
  /** Consecutive throttling errors just seen (0 when the last check went through). */
  throttles: number
}

/** Seconds until the next status check. */
export function nextCheckDelay({
  elapsedSeconds,
  pollIntervalSeconds,
  throttles
}: ScheduleInput): number {
  const early = Math.min(FIRST_MINUTE_GAP_S, pollIntervalSeconds)
  // The last check of the first minute: 60 s, or the last multiple of a shorter poll-interval.
  const earlyEnd = early * Math.floor(FIRST_MINUTE_S / early)
  if (throttles > 0) {
    const gap = elapsedSeconds < earlyEnd ? early : pollIntervalSeconds
    return Math.min(gap * 2 ** throttles, Math.max(MAX_THROTTLED_GAP_S, pollIntervalSeconds))
  }
  // A timer or floating point may leave a check a hair before its grid point: aim past it.
  const from = elapsedSeconds + SLACK_S
  if (from < earlyEnd) {
    return Math.min(early * (Math.floor(from / early) + 1) - elapsedSeconds, early)
  }
  const next =
    earlyEnd + pollIntervalSeconds * (Math.floor((from - earlyEnd) / pollIntervalSeconds) + 1)
  return Math.min(next - elapsedSeconds, pollIntervalSeconds)
}

/**
 * Seconds before retrying a creation (the regional quota, a passing fault): a quarter of the time
 * waited so far, at least 5 s, at most 15 s in the first minute and poll-interval after it. The
 * caller adds its own jitter.
 */
export function retryDelay(elapsedSeconds: number, pollIntervalSeconds: number): number {
  const cap =
    elapsedSeconds < FIRST_MINUTE_S
      ? Math.min(FIRST_MINUTE_GAP_S, pollIntervalSeconds)
      : pollIntervalSeconds
  return Math.min(cap, Math.max(MIN_RETRY_GAP_S, elapsedSeconds / 4))
}

/** The longest gap between creates while the regional quota is full, in poll-intervals. */
export const MAX_QUOTA_GAP_POLLS = 2

/**
 * Seconds before the next create while the regional quota is full (5 imports pending or in
 * progress): a slot frees only when an import of minutes or hours ends, so the gap starts at
 * poll-interval and doubles per refusal in a row, up to MAX_QUOTA_GAP_POLLS poll-intervals. The
 * caller adds its jitter, which spreads the creates of a matrix that all met the quota together.
 */
export function quotaDelay(refusals: number, pollIntervalSeconds: number): number {
  return pollIntervalSeconds * Math.min(2 ** Math.max(0, refusals - 1), MAX_QUOTA_GAP_POLLS)
}
