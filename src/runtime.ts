// What a run takes from the world outside its logic: the environment, time, randomness, the
// Personalize client and the runner's cancel signal. Tests pass their own; both actions share it.
import * as core from '@actions/core'
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import { setMaxListeners } from 'node:events'
import type { ClientSettings } from './config.js'
import { InputErrors } from './errors.js'
import { createClient } from './personalize.js'
import { systemClock, type Clock } from './poll.js'
import { reportInputErrors } from './report.js'

export interface Deps {
  env: Record<string, string | undefined>
  clock: Clock
  random: () => number
  createClient: (settings: ClientSettings) => Promise<PersonalizeClient>
  /** Aborts when the runner cancels the step (SIGINT, then SIGTERM). */
  cancel: AbortSignal
}

export function defaultDeps(): Deps {
  const controller = new AbortController()
  // Every job the wait action watches, and each request in flight, listens to this one signal.
  setMaxListeners(0, controller.signal)
  const onSignal = (signal: string) => {
    core.info(`Received ${signal}: the step is being cancelled.`)
    controller.abort()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return {
    env: process.env,
    clock: systemClock,
    random: Math.random,
    createClient,
    cancel: controller.signal
  }
}

/** Builds a configuration; invalid input is reported (nothing sent to AWS) and gives undefined. */
export async function checkedConfig<T>(build: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await build()
  } catch (error) {
    if (!(error instanceof InputErrors)) throw error
    reportInputErrors(error)
    return undefined
  }
}
