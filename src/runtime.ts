// What a run takes from the world outside its logic: the environment, time, randomness, the
// Personalize client and the runner's cancel signals. Tests pass their own; both actions share it.
import * as core from './report/log.js'
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import { setMaxListeners } from 'node:events'
import { createClient, type ClientSettings } from './aws/personalize.js'
import { InputErrors } from './inputs/errors.js'
import { systemClock, type Clock } from './job/poll.js'

export interface Deps {
  env: Record<string, string | undefined>
  clock: Clock
  random: () => number
  createClient: (
    settings: ClientSettings,
    env: Record<string, string | undefined>
  ) => Promise<PersonalizeClient>
  /** Aborts at the first signal the runner sends to cancel the step (SIGINT or SIGTERM). */
  cancel: AbortSignal
  /** Aborts at a later signal (the runner's SIGTERM 7.5 s after SIGINT): it kills the step next. */
  hurry?: AbortSignal
}

export function defaultDeps(): Deps {
  const cancel = new AbortController()
  const hurry = new AbortController()
  // Every job the wait action watches, and each request in flight, listens to this one signal.
  setMaxListeners(0, cancel.signal)
  // process.on, not once: with no listener left, a second SIGINT would kill the process at once,
  // before it says where a job it may have created is.
  const onSignal = (signal: string) => {
    if (!cancel.signal.aborted) {
      core.info(`Received ${signal}: the step is being cancelled.`)
      cancel.abort(new Error(`Cancelled (${signal})`))
    } else if (!hurry.signal.aborted) {
      core.info(`Received ${signal} again: ending now.`)
      hurry.abort(new Error(`Cancelled (${signal})`))
    }
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    env: process.env,
    clock: systemClock,
    random: Math.random,
    createClient: (settings, env) => createClient(settings, env, (line) => core.info(line)),
    cancel: cancel.signal,
    hurry: hurry.signal
  }
}

/** Builds a configuration, or gives every input problem at once. */
export async function checkedConfig<T>(
  build: () => T | Promise<T>
): Promise<T | { errors: InputErrors }> {
  try {
    return await build()
  } catch (error) {
    if (!(error instanceof InputErrors)) throw error
    return { errors: error }
  }
}
