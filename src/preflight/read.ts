// What the pre-flight checks read: the objects at the data location (HeadObject or a bounded
// ListObjectsV2), the start of each sampled file (a ranged GetObject, never the whole object), and
// the dataset's schema (DescribeDataset, then DescribeSchema). I/O only; the checks are pure and
// live beside it. This module pulls in @aws-sdk/client-s3, so it is imported only when the checks
// run (src/preflight/index.ts): a run with preflight: off never loads it.
import {
  DescribeDatasetCommand,
  DescribeSchemaCommand,
  type PersonalizeClient
} from '@aws-sdk/client-personalize'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client
} from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import { companionOf, type ClientSettings } from '../aws/personalize.js'
import { ACTION_NAME, ACTION_VERSION } from '../version.js'
import type { S3Object } from './types.js'

/** At most this many ListObjectsV2 pages (1000 keys each) are read for a folder. */
export const MAX_LIST_PAGES = 10

export interface Listing {
  /** The object, or the folder's objects (folder markers left out), in S3's key order. */
  objects: S3Object[]
  /** The folder holds more than MAX_LIST_PAGES pages: count and size are lower bounds. */
  truncated: boolean
  /** The bucket's region, when S3 answered from another region than the client's (a 301). */
  region?: string
}

// The region each client was redirected to (S3's 301 names it in x-amz-bucket-region). The SDK
// follows the redirect; this keeps it from being followed in silence.
const redirected = new WeakMap<S3Client, string>()

/**
 * The S3 client for the checks. It shares the Personalize client's transport (the ca-bundle and
 * the timeouts, with the proxy chosen for S3's own host) and its credentials, renewal included.
 */
export function createS3Client(
  personalize: PersonalizeClient,
  settings: ClientSettings,
  endpoint: string | undefined
): S3Client {
  const companion = companionOf(
    personalize,
    new URL(endpoint ?? `https://s3.${settings.region}.amazonaws.com`)
  )
  const s3 = new S3Client({
    region: settings.region,
    endpoint,
    // S3-compatible servers and test servers answer on one host, not bucket.host.
    forcePathStyle: endpoint !== undefined,
    followRegionRedirects: true,
    // Only the start of an object is read: a whole-object checksum cannot be checked on it.
    responseChecksumValidation: 'WHEN_REQUIRED',
    customUserAgent: [[ACTION_NAME, ACTION_VERSION]],
    retryMode: 'standard',
    maxAttempts: 3,
    requestHandler: companion.requestHandler,
    ...(companion.credentials ? { credentials: companion.credentials } : {})
  })
  companion.watch(s3)
  // In the build step, inside the SDK's region redirect (initialize) and outside the deserializer,
  // which gives the error its $response.
  s3.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        const region = bucketRegion(error)
        if (region) redirected.set(s3, region)
        throw error
      }
    },
    { step: 'build', name: 'preflightBucketRegion' }
  )
  return s3
}

/** The region a 301 from S3 names, if the error is one. */
export function bucketRegion(error: unknown): string | undefined {
  const e = error as { $response?: { statusCode?: number; headers?: Record<string, string> } }
  if (status(error) !== 301 && e.$response?.statusCode !== 301) return undefined
  return e.$response?.headers?.['x-amz-bucket-region'] || undefined
}

/**
 * s3://bucket/key, s3://bucket/folder/ or s3://bucket (the top level, as s3://bucket/) into its
 * parts; undefined for any other form.
 */
export function parseS3Url(location: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(location.trim())
  return m ? { bucket: m[1], key: m[2] ?? '' } : undefined
}

/** The location names every object under a prefix: it ends in "/", or is a bucket's top level. */
export function isFolder(location: string): boolean {
  const key = parseS3Url(location)?.key
  return key !== undefined && (key === '' || key.endsWith('/'))
}

export const uri = (bucket: string, key: string) => `s3://${bucket}/${key}`

/**
 * The key of a listed object's URI, cut off rather than parsed again: a key is any bytes, so one
 * with a newline or a trailing space (parseS3Url would miss or trim them) is read as it was listed.
 */
export const keyOf = (bucket: string, objectUri: string) => objectUri.slice(uri(bucket, '').length)

/** The object a key names (none when it does not exist), or the objects under a folder. */
export async function listLocation(
  s3: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal
): Promise<Listing> {
  if (!key.endsWith('/') && key !== '') {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal
      })
      return {
        objects: [{ uri: uri(bucket, key), size: head.ContentLength ?? 0 }],
        truncated: false,
        ...regionOf(s3)
      }
    } catch (error) {
      if (isNotFound(error)) return { objects: [], truncated: false }
      throw new ReadError('HeadObject', error)
    }
  }
  const objects: S3Object[] = []
  let token: string | undefined
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    let answer
    try {
      answer = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }),
        { abortSignal: signal }
      )
    } catch (error) {
      if (isNoSuchBucket(error)) return { objects: [], truncated: false }
      throw new ReadError('ListObjectsV2', error)
    }
    for (const o of answer.Contents ?? [])
      if (o.Key && !o.Key.endsWith('/'))
        objects.push({ uri: uri(bucket, o.Key), size: o.Size ?? 0 })
    const previous = token
    token = answer.IsTruncated ? answer.NextContinuationToken : undefined
    if (!token) return { objects, truncated: false, ...regionOf(s3) }
    // A token that repeats would read the same page forever: what was read is what there is.
    if (token === previous) break
  }
  return { objects, truncated: true, ...regionOf(s3) }
}

function regionOf(s3: S3Client): { region?: string } {
  const region = redirected.get(s3)
  return region ? { region } : {}
}

/**
 * The first `cap` bytes of an object, by a ranged GET. A server that ignores the range and sends
 * the whole object is cut off at the cap: the rest is never read. An answer that is not the
 * object of the listed `size` (another status, an HTML or XML page from a proxy, a size that
 * disagrees) is a ReadError: a check that could not run, never bad data.
 */
export async function readStart(
  s3: S3Client,
  bucket: string,
  key: string,
  cap: number,
  size: number,
  signal?: AbortSignal
): Promise<Uint8Array> {
  let body: Readable
  let answer
  try {
    answer = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${cap - 1}` }),
      { abortSignal: signal }
    )
    body = answer.Body as Readable
  } catch (error) {
    throw new ReadError('GetObject', error)
  }
  const code = answer.$metadata?.httpStatusCode
  if (code !== undefined && code !== 200 && code !== 206) {
    body?.destroy()
    throw notTheObject(`S3 answered HTTP ${code}, not 200 or 206`)
  }
  // The object's real size: the total of Content-Range, or the whole body of a 200.
  const total = answer.ContentRange
    ? Number(/\/(\d+)$/.exec(answer.ContentRange)?.[1] ?? NaN)
    : code === 200
      ? answer.ContentLength
      : undefined
  if (total !== undefined && total !== size) {
    body.destroy()
    throw notTheObject(
      `the answer is ${Number.isNaN(total) ? `of an unknown size (Content-Range ${answer.ContentRange})` : `${total} bytes`}, but the object was listed with ${size}`
    )
  }
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer)
      length += (chunk as Buffer).length
      if (length >= cap) break
    }
  } catch (error) {
    throw new ReadError('GetObject', error)
  } finally {
    body.destroy()
  }
  const bytes = new Uint8Array(Buffer.concat(chunks).subarray(0, cap))
  const page = markup(bytes, answer.ContentType)
  if (page) throw notTheObject(`the answer is ${page}`)
  return bytes
}

// A proxy's or S3's error page answered with 200 starts with markup; CSV never does.
function markup(bytes: Uint8Array, contentType: string | undefined): string | undefined {
  const start = Buffer.from(bytes.subarray(0, 256)).toString('latin1').trimStart().toLowerCase()
  if (start.startsWith('<?xml')) return 'an XML document'
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'an HTML page'
  if (start.startsWith('<') && /html|xml/i.test(contentType ?? ''))
    return `a ${contentType} document`
  return undefined
}

function notTheObject(what: string): ReadError {
  const error = new Error(
    `${what}, not the object: a proxy, a cache or an error page answered instead of S3. Check s3-endpoint-url and the runner's proxy.`
  )
  error.name = 'NotTheObject'
  return new ReadError('GetObject', error)
}

export interface DatasetSchema {
  datasetType?: string
  schemaArn: string
  /** The Avro schema, as JSON text. */
  schema: string
}

/** DescribeDataset for the schema's ARN, then DescribeSchema for the schema itself. */
export async function readSchema(
  personalize: PersonalizeClient,
  datasetArn: string,
  signal?: AbortSignal
): Promise<DatasetSchema> {
  let dataset
  try {
    dataset = (
      await personalize.send(new DescribeDatasetCommand({ datasetArn }), { abortSignal: signal })
    ).dataset
  } catch (error) {
    throw new ReadError('DescribeDataset', error)
  }
  const schemaArn = dataset?.schemaArn
  if (!schemaArn)
    throw new ReadError(
      'DescribeDataset',
      new Error('DescribeDataset answered without a schemaArn.')
    )
  let schema
  try {
    schema = (
      await personalize.send(new DescribeSchemaCommand({ schemaArn }), { abortSignal: signal })
    ).schema?.schema
  } catch (error) {
    throw new ReadError('DescribeSchema', error)
  }
  if (!schema)
    throw new ReadError('DescribeSchema', new Error('DescribeSchema answered without a schema.'))
  return { datasetType: dataset?.datasetType, schemaArn, schema }
}

export type ReadCall =
  'HeadObject' | 'ListObjectsV2' | 'GetObject' | 'DescribeDataset' | 'DescribeSchema'

/** A read that failed: which call, and the SDK's error (classified by ./access.ts). */
export class ReadError extends Error {
  constructor(
    readonly call: ReadCall,
    readonly cause: unknown
  ) {
    super(`${call} failed: ${(cause as Error)?.message ?? String(cause)}`)
    this.name = 'ReadError'
  }
}

const status = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode

function isNotFound(error: unknown): boolean {
  const name = (error as Error)?.name
  return (
    name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || status(error) === 404
  )
}

function isNoSuchBucket(error: unknown): boolean {
  return (error as Error)?.name === 'NoSuchBucket'
}
