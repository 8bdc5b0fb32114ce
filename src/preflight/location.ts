import { SAMPLE_FILES, SIZE_LIMIT_BYTES } from './limits.js'
import { finding, formatBytes, listQuoted, plural } from './format.js'
import type { RuleId } from './rules.js'
import type { Finding, LocationInput, LocationResult } from './types.js'

const INVALID_LOCATION = 'Personalize would fail the import with "Invalid Data location."'

/**
 * What was found at the data location: something to import, nothing empty, no more data than one
 * import job of the mode takes. Also picks the objects whose start the header and row checks read:
 * data files of the folder's first level, never the side files data pipelines write beside them.
 */
export function checkLocation({
  location,
  folder,
  objects,
  importMode,
  regions
}: LocationInput): LocationResult {
  // A zero-byte key ending in "/" is the marker the S3 console creates for a folder, not data.
  const listed = objects.filter((o) => !(o.uri.endsWith('/') && o.size === 0))
  // "s3://bucket" is the bucket's top level, as "s3://bucket/" is.
  const base = location.endsWith('/') ? location : `${location}/`
  const side = folder ? listed.filter((o) => isSideFile(base, o.uri)) : []
  const nested = folder
    ? listed.filter((o) => !side.includes(o) && o.uri.slice(base.length).includes('/'))
    : []
  const files = listed.filter((o) => !side.includes(o) && !nested.includes(o))
  const total = [...files, ...side].reduce((n, o) => n + o.size, 0)
  const summary = folder
    ? `${location}: ${plural(files.length, 'object')}, ${formatBytes(total)} in total.`
    : `${location}: ${files.length ? formatBytes(total) : 'no object'}.`
  const empty = files.filter((o) => o.size === 0)
  const sample = files.filter((o) => o.size > 0).slice(0, SAMPLE_FILES)
  const findings: Finding[] = []
  const add = (rule: RuleId, problem: string, fix: string) =>
    findings.push(finding({ rule, file: location, problem, fix }))

  if (regions && regions.bucket !== regions.dataset) {
    add(
      'location.region',
      `${location}: the bucket is in ${regions.bucket}, the dataset in ${regions.dataset}; the import job runs in ${regions.dataset}, and whether Personalize imports from a bucket in another region is not documented.`,
      `keep the data in a bucket in ${regions.dataset}, or create the dataset group in ${regions.bucket}.`
    )
  }
  if (listed.length === 0) {
    if (folder) {
      add(
        'location.missing',
        `${location} holds no objects (ListObjectsV2 found none under the prefix). ${INVALID_LOCATION}`,
        'upload the CSV files under that prefix, or correct dataLocation in data-source.'
      )
    } else {
      add(
        'location.missing',
        `${location} does not exist (HeadObject found no object). ${INVALID_LOCATION}`,
        'correct dataLocation in data-source; it names one object, or every object under a prefix when it ends with "/".'
      )
    }
  } else if (sample.length === 0 && nested.length === 0) {
    add(
      'location.no-data',
      folder
        ? `${location} holds no data: ${[
            ...(empty.length ? [plural(empty.length, 'empty object')] : []),
            ...(side.length ? [plural(side.length, 'side file')] : [])
          ].join(' and ')}, and no CSV file.`
        : `${location} is empty (0 bytes).`,
      'upload the data (a header line and the rows) and run again.'
    )
  } else if (sample.length === 0) {
    add(
      'location.no-data',
      `${location} holds no data in its first level, only in sub-folders (${listQuoted(
        nested.map((o) => o.uri),
        3
      )}), and Personalize uses only the files in the first level of a folder.`,
      'point dataLocation at the sub-folder that holds the data, or move the files up.'
    )
  } else {
    if (empty.length > 0) {
      add(
        'location.empty-object',
        `${location} holds ${plural(empty.length, 'empty object')}: ${listQuoted(
          empty.map((o) => o.uri),
          3
        )}; whether Personalize skips an empty file is not documented.`,
        empty.length === 1 ? 'remove it, or upload its data.' : 'remove them, or upload their data.'
      )
    }
    if (nested.length > 0) {
      add(
        'location.sub-folder',
        `${location} holds ${plural(nested.length, 'object')} in sub-folders (${listQuoted(
          nested.map((o) => o.uri),
          3
        )}); Personalize uses only the files in the first level of a folder, so ${nested.length === 1 ? 'it is' : 'they are'} neither imported nor checked.`,
        'move the data into the first level of the folder, or point dataLocation at the sub-folder.'
      )
    }
  }
  if (side.length > 0) {
    add(
      'location.side-files',
      `${location} holds ${plural(side.length, 'side file')} of a data pipeline beside the data (${listQuoted(
        side.map((o) => o.uri.slice(base.length)),
        3
      )}); they were not checked as data, and whether Personalize skips them is not documented.`,
      'write the data under a prefix of its own (copy the part files to it), or delete the markers (_SUCCESS, _committed_*, _started_*, .crc files, _temporary/) before the import.'
    )
  }

  const limit = SIZE_LIMIT_BYTES[importMode]
  if (total > limit) {
    // Just over the limit, the rounded size ("1.0 GiB") would not show the excess; the bytes do.
    const exact = total < limit * 1.05 ? ` (${total} bytes)` : ''
    add(
      'location.size',
      `${location} holds ${formatBytes(total)}${exact}; one ${importMode} import takes at most ${formatBytes(limit)} (the Personalize quota for data per import job).`,
      `split the data into imports of at most ${formatBytes(limit)} each, or, if AWS raised this quota for the account, set preflight: off for this import.`
    )
  }
  return { findings, summary, sample }
}

// What Spark, Hadoop, Glue, EMR and Databricks write beside the part files: commit markers
// (_SUCCESS, empty or the S3A committer's JSON; Databricks' _committed_* and _started_*),
// checksum side files (.part-0000.csv.crc) and the _temporary/ folder of a running job.
const SIDE_FILE = /^(?:_SUCCESS|_committed_.*|_started_.*|\..*\.crc)$/

function isSideFile(base: string, objectUri: string): boolean {
  const parts = objectUri.slice(base.length).split('/')
  return parts.slice(0, -1).includes('_temporary') || SIDE_FILE.test(parts.at(-1)!)
}
