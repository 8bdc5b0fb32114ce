// An import job's read of its data, as Personalize does it: the dataLocation is one object
// (HeadObject) or, ending in `/`, a folder (ListObjectsV2); the start of each file is read with a
// ranged GET and checked (data-check.js). The answer is the job's failure reason, or undefined
// when the data is good. S3's refusals become the service's texts: 403 the privileges text, 404
// (no bucket, no key) and an empty folder `Invalid Data location.`.
//
// In a folder, keys with a part below the prefix that starts with `_` or `.` are not read: that
// is how Hadoop, Spark, Glue and EMR readers skip their own side files (`_SUCCESS`,
// `_committed_*`, `_started_*`, `.crc`, `_temporary/`). Whether Personalize skips them is not
// documented; an emulator that read them would fail every Spark output folder on its empty or
// JSON `_SUCCESS`, which nothing recorded shows. Zero-byte objects hold no records and are not
// read either.
import { checkData } from './data-check.js'
import { FAILURES } from './failures.js'
import { notCsv } from './formats.js'
import { getStart, headObject, listObjects } from './s3-client.js'

/** How much of each file is read: enough for the header and many records, cheap on loopback. */
export const READ_BYTES = 1024 * 1024
/** How many files of a folder are read. */
export const MAX_FILES = 100

/**
 * @param {import('./s3-client.js').S3Config} s3
 * @param {string} dataLocation
 * @param {string} datasetType
 * @param {string} schemaText
 * @returns {Promise<string | undefined>}
 */
export async function readImportData(s3, dataLocation, datasetType, schemaText) {
  try {
    return await read(s3, dataLocation, datasetType, schemaText)
  } catch (error) {
    return FAILURES.s3Unreadable(
      datasetType,
      // Not instanceof Error: under jest's VM the error comes from another realm.
      `${s3.endpoint}: ${/** @type {{ message?: string }} */ (error)?.message ?? error}`
    )
  }
}

/**
 * @param {import('./s3-client.js').S3Config} s3
 * @param {string} dataLocation
 * @param {string} datasetType
 * @param {string} schemaText
 */
async function read(s3, dataLocation, datasetType, schemaText) {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(dataLocation)
  if (!match) return FAILURES.invalidDataLocation()
  const [, bucket, key] = match
  /** @type {{ key: string, size: number }[]} */
  let objects
  if (key === '' || key.endsWith('/')) {
    // Zero-byte keys ending in / are the folder markers the console creates.
    const listed = await listObjects(
      s3,
      bucket,
      key,
      MAX_FILES,
      (o) =>
        o.size > 0 && isFirstLevel(o.key.slice(key.length)) && !isSideFile(o.key.slice(key.length))
    )
    if ('refused' in listed) return refusal(listed.refused, datasetType)
    objects = listed.objects
    if (objects.length === 0) return FAILURES.invalidDataLocation()
  } else {
    const head = await headObject(s3, bucket, key)
    if (head.status !== 200) return refusal(head, datasetType)
    objects = [{ key, size: Number(head.headers['content-length']) }]
  }
  /** @type {import('./data-check.js').DataFile[]} */
  const files = []
  for (const o of objects) {
    const location = `s3://${bucket}/${o.key}`
    // A ranged GET of nothing is not a request S3 servers agree on (s3rver drops it).
    if (o.size === 0) {
      files.push({ location, text: '', truncated: false })
      continue
    }
    const got = await getStart(s3, bucket, o.key, READ_BYTES)
    if (got.status !== 200 && got.status !== 206) return refusal(got, datasetType)
    const kind = notCsv(got.body)
    if (kind) return FAILURES.notCsv(datasetType, location, kind)
    files.push({ location, text: got.body.toString('utf8'), truncated: o.size > got.body.length })
  }
  return checkData(datasetType, schemaText, files)
}

/**
 * Whether a key, as it reads below the folder's prefix, is in the folder itself: the guide
 * (bulk-data-import-step) says Personalize "only uses the files in the first level of your folder,
 * it doesn't use any data in any sub folders". This also leaves out folder markers (keys ending
 * in /).
 * @param {string} rest
 */
function isFirstLevel(rest) {
  return !rest.includes('/')
}

/**
 * Whether a key, as it reads below the folder's prefix, is a side file or lies in a side folder.
 * @param {string} rest
 */
function isSideFile(rest) {
  return rest.split('/').some((part) => part.startsWith('_') || part.startsWith('.'))
}

/**
 * @param {import('./s3-client.js').S3Answer} answer
 * @param {string} datasetType
 */
function refusal(answer, datasetType) {
  if (answer.status === 403) return FAILURES.s3Privileges(datasetType)
  if (answer.status === 404) return FAILURES.invalidDataLocation()
  const code = /<Code>([^<]*)<\/Code>/.exec(answer.body.toString('utf8'))?.[1]
  return FAILURES.s3Unreadable(datasetType, `HTTP ${answer.status}${code ? ` ${code}` : ''}`)
}
