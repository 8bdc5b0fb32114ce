// Shared test fixtures: a fake clock, a complete set of raw inputs, and the names an action.yml
// declares.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { RawInputs } from '../../src/import/names.js'
import { INPUT_NAMES } from '../../src/import/names.js'
import type { Clock } from '../../src/job/poll.js'

/** Time moves only when the code under test sleeps; every sleep is recorded. */
export class FakeClock implements Clock {
  sleeps: number[] = []
  /** Called after each sleep, e.g. to abort at a chosen time. */
  onSleep?: (now: number) => void

  constructor(public t = 1_000_000) {}

  now(): number {
    return this.t
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    if (signal?.aborted) return
    this.t += ms
    this.onSleep?.(this.t)
  }
}

export const DATASET_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/INTERACTIONS'
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/PersonalizeS3Read'

export function rawInputs(overrides: Partial<RawInputs> = {}): RawInputs {
  const empty = Object.fromEntries(INPUT_NAMES.map((n) => [n, ''])) as RawInputs
  return {
    ...empty,
    'job-name': 'nightly-1',
    'dataset-arn': DATASET_ARN,
    'data-source': 'dataLocation=s3://retail-data/interactions/',
    'role-arn': ROLE_ARN,
    region: 'us-east-1',
    // The defaults action.yml gives.
    'cli-connect-timeout': '60',
    'cli-read-timeout': '60',
    wait: 'true',
    'wait-timeout': '180',
    'poll-interval': '30',
    'if-exists': 'fail',
    'on-busy': 'wait',
    // action.yml's default is auto; the pre-flight checks have their own tests.
    preflight: 'off',
    ...overrides
  }
}

/** The input and output names an action.yml (a path from the repository's root) declares, sorted. */
export function declaredNames(path: string): { inputs: string[]; outputs: string[] } {
  const yml = parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'))
  return { inputs: Object.keys(yml.inputs).sort(), outputs: Object.keys(yml.outputs).sort() }
}
