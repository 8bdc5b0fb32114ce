// A hard deadline for a run's calls to AWS, for any AWS SDK v3 client. One AbortSignal aborts
// at the deadline or on cancel; every call goes through `call`, which passes that signal to the SDK
// (it tears down the socket and stops the SDK's retry backoff) and also settles the call's promise
// the moment the signal aborts, so nothing the endpoint does (no answer, an answer a byte at a
// time, a Retry-After longer than the time left) keeps the run past the deadline.
//
//   const deadline = startDeadline(timeoutMs, { now: Date.now, cancel })
//   const page = await deadline.call((abortSignal) => s3.send(command, { abortSignal }))
//
// `deadline.passed()` tells a deadline from a cancel once a call has rejected, and
// `deadline.stoppedBy()` says which, for people.

/** The reason of a deadline's signal when the time is up. */
export class DeadlinePassed extends Error {
  override name = 'DeadlinePassed'
}

export interface Deadline {
  /** The deadline, in ms on the clock `now` reads. */
  readonly at: number
  /** Aborts at the deadline (reason: a DeadlinePassed) or when `cancel` aborts (its reason). */
  readonly signal: AbortSignal
  /** Milliseconds left, 0 once the deadline has passed. */
  remainingMs(): number
  /** The time is up (a cancel is not a deadline). */
  passed(): boolean
  /** What stopped the run, for messages: "The step was cancelled" or "<name> ran out". */
  stoppedBy(): string
  /**
   * Runs one call with the deadline's signal; it settles by the deadline or cancel whatever the
   * call does, rejecting with the signal's reason. A call is never started once the signal has
   * aborted.
   */
  call<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T>
}

export interface DeadlineOptions {
  /** The clock, in ms. */
  now: () => number
  /** The run's cancel signal. */
  cancel: AbortSignal
  /** A signal that aborts after `ms` of real time; tests pass their own. */
  timer?: (ms: number) => AbortSignal
  /** What the deadline is called in messages, e.g. "wait-timeout (3m)". */
  name?: string
}

export function startDeadline(ms: number, o: DeadlineOptions): Deadline {
  const at = o.now() + ms
  const controller = new AbortController()
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason)
  }
  // AbortSignal.timeout does not hold the process open: a run that ends early exits at once.
  const timeUp = (o.timer ?? AbortSignal.timeout)(Math.max(0, ms))
  const onTimeUp = () => abort(new DeadlinePassed(`The deadline (${ms / 1000} s) has passed.`))
  const onCancel = () => abort(o.cancel.reason)
  if (o.cancel.aborted) onCancel()
  else o.cancel.addEventListener('abort', onCancel, { once: true })
  if (timeUp.aborted) onTimeUp()
  else timeUp.addEventListener('abort', onTimeUp, { once: true })
  const { signal } = controller
  const remainingMs = () => Math.max(0, at - o.now())
  return {
    at,
    signal,
    remainingMs,
    passed: () => remainingMs() === 0 || signal.reason instanceof DeadlinePassed,
    stoppedBy: () =>
      o.cancel.aborted ? 'The step was cancelled' : `${o.name ?? 'The deadline'} ran out`,
    call: (send) => {
      if (signal.aborted) return Promise.reject(signal.reason)
      return settleBy(send(signal), signal)
    }
  }
}

/** The promise, or a rejection with the signal's reason as soon as it aborts, whichever is first. */
export function settleBy<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {})
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      // The call may still reject later (its socket torn down): nobody listens any more.
      promise.catch(() => {})
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}
