import type { Finding, IncrementalInput } from './types.js'

/** INCREMENTAL needs an earlier bulk import into the dataset. */
export function checkIncremental(input: IncrementalInput): Finding[] {
  throw new Error('not yet: ' + input.importMode)
}
