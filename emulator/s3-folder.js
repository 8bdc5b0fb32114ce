// A minimal read-only S3 over a local folder, for the demo, which runs without node_modules and so
// cannot start s3rver: each folder under the root is a bucket, each file below it an object (its
// key is the path, with /). Path-style HeadBucket, HeadObject, GetObject (with Range) and
// ListObjectsV2 (prefix, delimiter, max-keys, start-after, continuation-token), with S3's XML
// errors. Signatures are not checked. Plain Node, no dependencies. The end-to-end suite uses s3rver,
// an independent S3, not this.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, relative, resolve, sep } from 'node:path'

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

/**
 * @typedef {{ method: string, bucket: string, key: string, range?: string, status: number, bytes: number }} S3FolderRequest
 */

/**
 * Starts the server on 127.0.0.1.
 * @param {{ root: string, port?: number, deniedBuckets?: string[], refuse?: (authorization: string | undefined) => { status: number, code: string, message: string } | undefined }} options
 */
export async function startS3Folder({ root, port = 0, deniedBuckets = [], refuse }) {
  const base = resolve(root)
  if (!isDir(base)) throw new Error(`s3-folder: ${root} is not a folder`)
  /** @type {S3FolderRequest[]} */
  const requests = []

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://s3.local')
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/').map(decodeURIComponent)
    const key = rest.join('/')
    /** @type {S3FolderRequest} */
    const record = { method: req.method ?? '', bucket, key, status: 0, bytes: 0 }
    if (req.headers.range) record.range = String(req.headers.range)
    requests.push(record)
    /**
     * @param {number} status
     * @param {Record<string, string | number>} headers
     * @param {string | import('node:fs').ReadStream} [body]
     */
    const answer = (status, headers, body) => {
      record.status = status
      res.writeHead(status, { 'x-amz-request-id': requestId(), ...headers })
      if (req.method === 'HEAD' || body === undefined) return void res.end()
      if (typeof body === 'string') {
        record.bytes = Buffer.byteLength(body)
        return void res.end(body)
      }
      body.on('data', (chunk) => (record.bytes += chunk.length))
      body.pipe(res)
    }
    /**
     * @param {number} status
     * @param {string} code
     * @param {string} message
     */
    const error = (status, code, message) =>
      answer(
        status,
        { 'content-type': 'application/xml' },
        xml(`<Error><Code>${code}</Code><Message>${escape(message)}</Message></Error>`)
      )

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return error(501, 'NotImplemented', 'This S3 is read-only: HEAD and GET only.')
    if (!bucket) return error(501, 'NotImplemented', 'ListBuckets is not implemented.')
    const refused = refuse?.(req.headers.authorization)
    if (refused) return error(refused.status, refused.code, refused.message)
    if (deniedBuckets.includes(bucket)) return error(403, 'AccessDenied', 'Access Denied')
    const bucketDir = inside(base, bucket)
    if (!bucketDir || !isDir(bucketDir))
      return error(404, 'NoSuchBucket', 'The specified bucket does not exist')
    if (!key) {
      if (req.method === 'HEAD') return answer(200, {})
      if (url.searchParams.get('list-type') !== '2')
        return error(501, 'NotImplemented', 'Only ListObjectsV2 (list-type=2) is implemented.')
      return answer(200, { 'content-type': 'application/xml' }, listing(bucketDir, bucket, url))
    }
    const file = inside(bucketDir, key)
    const stat = file && !key.endsWith('/') ? statOf(file) : undefined
    if (!file || !stat?.isFile())
      return error(404, 'NoSuchKey', 'The specified key does not exist.')
    const headers = {
      'content-type': 'application/octet-stream',
      'last-modified': stat.mtime.toUTCString(),
      etag: etag(stat),
      'accept-ranges': 'bytes'
    }
    const range = parseRange(req.headers.range, stat.size)
    if (range === 'invalid')
      return error(416, 'InvalidRange', 'The requested range is not satisfiable')
    if (!range)
      return answer(200, { ...headers, 'content-length': stat.size }, createReadStream(file))
    const [start, end] = range
    return answer(
      206,
      {
        ...headers,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${stat.size}`
      },
      createReadStream(file, { start, end })
    )
  })

  await new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => done(undefined))
  })
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    /** Every request so far (the live list), with the bytes of body sent. */
    requests,
    close() {
      return new Promise((done) => {
        server.close(() => done(undefined))
        server.closeAllConnections()
      })
    }
  }
}

/**
 * ListObjectsV2 over the bucket's files, sorted by key.
 * @param {string} dir
 * @param {string} bucket
 * @param {URL} url
 */
function listing(dir, bucket, url) {
  const q = url.searchParams
  const prefix = q.get('prefix') ?? ''
  const delimiter = q.get('delimiter') ?? ''
  const maxKeys = Math.min(Math.max(Number(q.get('max-keys') ?? 1000) || 0, 0), 1000)
  const token = q.get('continuation-token')
  const after = token
    ? Buffer.from(token, 'base64url').toString('utf8')
    : (q.get('start-after') ?? '')
  /** @type {{ key: string, size?: number, stat?: import('node:fs').Stats }[]} */
  const entries = []
  const prefixes = new Set()
  for (const key of walk(dir, dir)) {
    if (!key.startsWith(prefix) || key <= after) continue
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1
    if (cut >= 0) {
      const common = key.slice(0, cut + delimiter.length)
      if (!prefixes.has(common) && common > after) {
        prefixes.add(common)
        entries.push({ key: common })
      }
    } else entries.push({ key, stat: statSync(join(dir, key)) })
  }
  const page = entries.slice(0, maxKeys)
  const truncated = entries.length > page.length
  const last = page.at(-1)?.key
  const body = [
    `<Name>${escape(bucket)}</Name>`,
    `<Prefix>${escape(prefix)}</Prefix>`,
    delimiter ? `<Delimiter>${escape(delimiter)}</Delimiter>` : '',
    `<KeyCount>${page.length}</KeyCount>`,
    `<MaxKeys>${maxKeys}</MaxKeys>`,
    `<IsTruncated>${truncated}</IsTruncated>`,
    token ? `<ContinuationToken>${escape(token)}</ContinuationToken>` : '',
    truncated && last
      ? `<NextContinuationToken>${Buffer.from(last).toString('base64url')}</NextContinuationToken>`
      : '',
    ...page.map((e) =>
      e.stat
        ? `<Contents><Key>${escape(e.key)}</Key><LastModified>${e.stat.mtime.toISOString()}</LastModified><ETag>${escape(etag(e.stat))}</ETag><Size>${e.stat.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`
        : `<CommonPrefixes><Prefix>${escape(e.key)}</Prefix></CommonPrefixes>`
    )
  ]
  return xml(`<ListBucketResult xmlns="${XMLNS}">${body.join('')}</ListBucketResult>`)
}

/**
 * The keys of the files under a folder, sorted as S3 sorts them (by code unit: ASCII order).
 * @param {string} dir
 * @param {string} top
 * @returns {string[]}
 */
function walk(dir, top) {
  return (
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile())
      // parentPath from Node 20.12; path before.
      .map((d) =>
        relative(top, join(d.parentPath ?? d.path, d.name))
          .split(sep)
          .join('/')
      )
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  )
}

/**
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` as [start, end]; undefined without a (usable) Range,
 * as S3 ignores one it cannot parse; 'invalid' when it starts past the end.
 * @param {string | undefined} header
 * @param {number} size
 * @returns {[number, number] | 'invalid' | undefined}
 */
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '')
  if (!m || (m[1] === '' && m[2] === '') || size === 0) return undefined
  if (m[1] === '') return [Math.max(size - Number(m[2]), 0), size - 1]
  const start = Number(m[1])
  if (start >= size) return 'invalid'
  return [start, m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)]
}

/**
 * A path under a folder, or undefined if the name would lead out of it.
 * @param {string} dir
 * @param {string} name
 */
function inside(dir, name) {
  const path = resolve(dir, name)
  return path.startsWith(dir + sep) ? path : undefined
}

/** @param {string} path */
function isDir(path) {
  return statOf(path)?.isDirectory() === true
}

/** @param {string} path */
function statOf(path) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/**
 * Not the MD5 of the content (that would read every file to list it): stable per size and time.
 * @param {import('node:fs').Stats} stat
 */
function etag(stat) {
  return `"${createHash('md5').update(`${stat.size}-${stat.mtimeMs}`).digest('hex')}"`
}

function requestId() {
  return randomBytes(8).toString('hex').toUpperCase()
}

/** @param {string} body */
function xml(body) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
}

/** @param {string} s */
function escape(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
