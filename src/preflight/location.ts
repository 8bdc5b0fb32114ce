import { SAMPLE_FILES, SIZE_LIMIT_BYTES } from './limits.js'
import { finding, formatBytes, listQuoted, plural } from './format.js'
import type { Finding, LocationInput, LocationResult } from './types.js'

const INVALID_LOCATION = 'Personalize would fail the import with "Invalid Data location."'

/**
 * What was found at the data location: something to import, nothing empty, no more data than one
 * import job of the mode takes. Also picks the objects whose start the header and row checks read.
 */
export function checkLocation({
  location,
  folder,
  objects,
  importMode
}: LocationInput): LocationResult {
  // A zero-byte key ending in "/" is the marker the S3 console creates for a folder, not data.
  const files = objects.filter((o) => !(o.uri.endsWith('/') && o.size === 0))
  const total = files.reduce((n, o) => n + o.size, 0)
  const summary = folder
    ? `${location}: ${plural(files.length, 'object')}, ${formatBytes(total)} in total.`
    : `${location}: ${files.length ? formatBytes(total) : 'no object'}.`
  const empty = files.filter((o) => o.size === 0)
  const sample = files.filter((o) => o.size > 0).slice(0, SAMPLE_FILES)
  const findings: Finding[] = []
  const error = (problem: string, fix: string) =>
    findings.push(finding({ severity: 'error', check: 'location', file: location, problem, fix }))

  if (files.length === 0) {
    if (folder) {
      error(
        `${location} holds no objects (ListObjectsV2 found none under the prefix). ${INVALID_LOCATION}`,
        'upload the CSV files under that prefix, or correct dataLocation in data-source.'
      )
    } else {
      error(
        `${location} does not exist (HeadObject found no object). ${INVALID_LOCATION}`,
        'correct dataLocation in data-source; it names one object, or every object under a prefix when it ends with "/".'
      )
    }
  } else if (sample.length === 0) {
    error(
      folder
        ? `${location} holds only empty objects (${plural(empty.length, 'object')} of 0 bytes).`
        : `${location} is empty (0 bytes).`,
      'upload the data (a header line and the rows) and run again.'
    )
  } else if (empty.length > 0) {
    findings.push(
      finding({
        severity: 'warning',
        check: 'location',
        file: location,
        problem: `${location} holds ${plural(empty.length, 'empty object')}: ${listQuoted(
          empty.map((o) => o.uri),
          3
        )}.`,
        fix:
          empty.length === 1
            ? 'remove it, or upload its data.'
            : 'remove them, or upload their data.'
      })
    )
  }

  const limit = SIZE_LIMIT_BYTES[importMode]
  if (total > limit) {
    // Just over the limit, the rounded size ("1.0 GiB") would not show the excess; the bytes do.
    const exact = total < limit * 1.05 ? ` (${total} bytes)` : ''
    error(
      `${location} holds ${formatBytes(total)}${exact}; one ${importMode} import takes at most ${formatBytes(limit)} (the Personalize quota for data per import job).`,
      `split the data into imports of at most ${formatBytes(limit)} each, or, if AWS raised this quota for the account, set preflight: off for this import.`
    )
  }
  return { findings, summary, sample }
}
