// An independent S3 for the end-to-end suite: s3rver (from the npm registry, not our code) on a
// free 127.0.0.1 port, path-style, storing in a fresh temporary folder. Objects are put with the
// real @aws-sdk/client-s3. s3rver accepts any SigV4 request signed with its one key pair
// (S3RVER/S3RVER) without checking the signature, and refuses any other access key with 403
// InvalidAccessKeyId: that is how a test makes S3 refuse.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

/** The only key pair s3rver knows. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
/** Credentials s3rver refuses with 403 (InvalidAccessKeyId). */
export const S3_REFUSED_CREDENTIALS = {
  accessKeyId: 'AKIANOTKNOWNTOS3RVER',
  secretAccessKey: 'not/known/to/s3rver/at/all/000000000000'
}
export const S3_REGION = 'us-east-1'

export interface S3Server {
  /** http://127.0.0.1:<port>, for path-style addressing. */
  endpoint: string
  port: number
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** The folder s3rver stores in; removed by close(). */
  directory: string
  /** A client for this server (path-style, the S3RVER key pair). */
  client: S3Client
  /** Bucket names have at least 3 characters, as S3's rules want. */
  createBucket(bucket: string): Promise<void>
  putObject(bucket: string, key: string, body: string | Uint8Array): Promise<void>
  /** Puts each `key: body` into the bucket, creating the bucket first. */
  fill(bucket: string, objects: Record<string, string | Uint8Array>): Promise<void>
  close(): Promise<void>
}

interface S3rverInstance {
  run(): Promise<{ port: number }>
  close(): Promise<void>
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance

/** Starts s3rver; `buckets` are created before it returns. */
export async function startS3({ buckets = [] }: { buckets?: string[] } = {}): Promise<S3Server> {
  // s3rver is CommonJS without type declarations.
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    vhostBuckets: false
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({
    endpoint,
    region: S3_REGION,
    credentials: S3_CREDENTIALS,
    forcePathStyle: true,
    // s3rver predates the flexible checksums the SDK now sends by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  })
  const s3: S3Server = {
    endpoint,
    port,
    region: S3_REGION,
    credentials: S3_CREDENTIALS,
    directory,
    client,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
    },
    async putObject(bucket, key, body) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body
      // The length said outright: the SDK cannot tell an empty body from a stream otherwise.
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length })
      )
    },
    async fill(bucket, objects) {
      await s3.createBucket(bucket)
      for (const [key, body] of Object.entries(objects)) await s3.putObject(bucket, key, body)
    },
    async close() {
      client.destroy()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    }
  }
  for (const bucket of buckets) await s3.createBucket(bucket)
  return s3
}
