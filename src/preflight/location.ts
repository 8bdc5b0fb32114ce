import type { LocationInput, LocationResult } from './types.js'

/** What was found at the data location: something there, nothing empty, within the size limit. */
export function checkLocation(input: LocationInput): LocationResult {
  throw new Error('not yet: ' + input.location)
}
