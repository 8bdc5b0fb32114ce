// When to check the job's status next. Pure: the caller supplies the time and the randomness.
//
// Checks start close together, so a job that fails in its first minute is noticed within 15 s,
// and spread out as the job ages: the gap is a quarter of the time waited so far (an import that
// has taken 8 minutes is unlikely to end in the next 2), capped at poll-interval. Jitter only
// shortens a gap, so the cap holds and many parallel imports do not poll in lockstep. After a
// throttling error the gap doubles per consecutive throttle, up to 5 minutes, to stop hammering.

export const FIRST_MINUTE_GAP_S = 15
const MIN_GAP_S = 5
const MAX_THROTTLED_GAP_S = 300
const JITTER = 0.05

export interface ScheduleInput {
  /** Seconds since waiting started. */
  elapsedSeconds: number
  pollIntervalSeconds: number
  /** Consecutive throttling errors just seen (0 when the last check went through). */
  throttles: number
  /** A number in [0, 1). */
  random: number
}

/** Seconds until the next status check. */
export function nextCheckDelay({
  elapsedSeconds,
  pollIntervalSeconds,
  throttles,
  random
}: ScheduleInput): number {
  const cap =
    elapsedSeconds < 60 ? Math.min(FIRST_MINUTE_GAP_S, pollIntervalSeconds) : pollIntervalSeconds
  const gap = Math.min(cap, Math.max(MIN_GAP_S, elapsedSeconds / 4))
  if (throttles > 0) {
    return Math.min(gap * 2 ** throttles, Math.max(MAX_THROTTLED_GAP_S, pollIntervalSeconds))
  }
  return gap * (1 - JITTER * random)
}
