// The pre-flight data checks of one run: read what they need (./read.ts) and judge it with the
// pure checks. It returns what they found; the import action reports it. Loaded by the import
// action only when preflight is not off, so @aws-sdk/client-s3 and csv-parse stay out of a run
// that does not check.
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import type { Deadline } from '../aws/deadline.js'
import type { ClientSettings, ImportRequest } from '../aws/personalize.js'
import { whyReadFailed } from './access.js'
import { checkFile, checkSameHeader } from './file.js'
import { finding } from './format.js'
import { READ_CAP_BYTES } from './limits.js'
import { checkLocation } from './location.js'
import {
  createS3Client,
  isFolder,
  keyOf,
  listLocation,
  MAX_LIST_PAGES,
  parseS3Url,
  readSchema,
  readStart,
  ReadError,
  type Listing
} from './read.js'
import { parseSchema } from './schema.js'
import type { CheckName, Finding, HeaderOfFile, SchemaField, Skipped } from './types.js'
import type { Checked } from './verdict.js'

export interface CheckOptions {
  personalize: PersonalizeClient
  /** The Personalize client's settings, which the S3 client shares. */
  client: ClientSettings
  /** Undefined: the regional S3 endpoint. */
  s3Endpoint?: string
  request: ImportRequest
  /** Every read goes through it: the checks end at wait-timeout or on cancel. */
  deadline: Deadline
}

/** The data checks; `stopped` when the deadline or a cancel cut the reads short. */
export async function checkData(o: CheckOptions): Promise<Checked | { stopped: true }> {
  try {
    return await check(o)
  } catch (error) {
    // Only the deadline or a cancel stops the reads: a read failing is a check that cannot run.
    if (!o.deadline.signal.aborted) throw error
    return { stopped: true }
  }
}

async function check({
  personalize,
  client,
  s3Endpoint,
  request,
  deadline
}: CheckOptions): Promise<Checked> {
  const location = request.dataSource.dataLocation
  const importMode = request.importMode === 'INCREMENTAL' ? 'INCREMENTAL' : 'FULL'
  const findings: Finding[] = []
  const ran: CheckName[] = []
  const skipped: Skipped[] = []
  const skip = (checks: CheckName[], reason: string) =>
    skipped.push(...checks.map((c) => ({ check: c, reason })))

  const parts = parseS3Url(location)
  if (!parts) {
    skip(
      ['location', 'header', 'rows'],
      `the data location ${location} is not an s3:// URL, so it cannot be read.`
    )
  }
  const s3 = parts && createS3Client(personalize, client, s3Endpoint)
  // The listing and the schema do not depend on each other: read both at once.
  const [listing, schema] = await Promise.all([
    s3
      ? settle(deadline.call((signal) => listLocation(s3, parts.bucket, parts.key, signal)))
      : undefined,
    settle(deadline.call((signal) => readSchema(personalize, request.datasetArn, signal)))
  ])

  let sample: { uri: string; size: number }[] = []
  let found: string | undefined
  if (listing && 'error' in listing) {
    skip(['location', 'header', 'rows'], reason(listing.error, location))
  } else if (listing) {
    const result = checkLocation({
      location,
      folder: isFolder(location),
      objects: listing.value.objects,
      importMode,
      ...(listing.value.region && {
        regions: { bucket: listing.value.region, dataset: client.region }
      })
    })
    ran.push('location')
    findings.push(...result.findings, ...truncation(location, listing.value))
    sample = result.sample
    found = result.summary
  }

  let fields: SchemaField[] | undefined
  let datasetType = ''
  if ('error' in schema && noDataset(schema.error)) {
    // The create would fail on the same ARN: one error now, not a warning then that error.
    findings.push(
      finding({
        rule: 'schema.no-dataset',
        problem: `Dataset ${request.datasetArn} was not found in region ${client.region} (DescribeDataset: ResourceNotFoundException).`,
        fix: `check dataset-arn (a dataset's ARN ends in dataset/<dataset group>/<TYPE>, such as dataset/retail/INTERACTIONS), and that region is the dataset's region.`
      })
    )
  } else if ('error' in schema) {
    skip(['schema', 'header', 'rows'], reason(schema.error, request.datasetArn))
  } else {
    try {
      fields = parseSchema(schema.value.schema)
      datasetType = schema.value.datasetType ?? datasetType
      ran.push('schema')
    } catch (error) {
      skip(
        ['schema', 'header', 'rows'],
        `the schema ${schema.value.schemaArn} could not be read: ${(error as Error).message}`
      )
    }
  }

  if (s3 && fields && sample.length) {
    const files = await Promise.all(
      sample.map(async (object) => ({
        object,
        read: await settle(
          deadline.call((signal) =>
            readStart(
              s3,
              parts.bucket,
              keyOf(parts.bucket, object.uri),
              READ_CAP_BYTES,
              object.size,
              signal
            )
          )
        )
      }))
    )
    const headers: HeaderOfFile[] = []
    for (const { object, read } of files) {
      if ('error' in read) {
        skip(['header', 'rows'], reason(read.error, object.uri))
        continue
      }
      const result = checkFile({
        file: object.uri,
        bytes: read.value,
        complete: object.size <= read.value.length,
        fields,
        datasetType
      })
      findings.push(...result.findings)
      if (result.skipped) skipped.push(result.skipped)
      else ran.push('header', 'rows')
      if (result.header) headers.push({ file: object.uri, header: result.header })
    }
    findings.push(...checkSameHeader(headers))
  }
  return { findings, ran: [...new Set(ran)], skipped: dedupe(skipped), found }
}

/** A folder with more keys than were listed: say the count and size are lower bounds. */
function truncation(location: string, listing: Listing): Finding[] {
  if (!listing.truncated) return []
  const listed = listing.objects.length
  return [
    {
      severity: 'warning',
      check: 'location',
      message: `${location} holds more than the ${listed} objects listed (${MAX_LIST_PAGES} pages of ListObjectsV2): its count and total size are lower bounds, and the size limit was checked against them.`
    }
  ]
}

type Settled<T> = { value: T } | { error: unknown }

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { value: await promise }
  } catch (error) {
    return { error }
  }
}

function reason(error: unknown, what: string): string {
  if (error instanceof ReadError) return whyReadFailed(error.call, error.cause, what)
  throw error
}

/** DescribeDataset said the dataset does not exist. */
function noDataset(error: unknown): boolean {
  return (
    error instanceof ReadError &&
    error.call === 'DescribeDataset' &&
    (error.cause as Error)?.name === 'ResourceNotFoundException'
  )
}

function dedupe(skipped: Skipped[]): Skipped[] {
  const seen = new Set<string>()
  return skipped.filter((s) => {
    const key = `${s.check}\n${s.reason}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
