// The emulator's own S3 client, for reading import data as Personalize does: HeadObject, a
// ranged GetObject and ListObjectsV2, path-style, SigV4-signed, over node:http (the emulator has
// no dependencies, so no SDK). Answers are returned, not thrown, so the caller decides what a
// 403 or a 404 means for the import.
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { signRequest } from './sigv4.js'

/** How long one S3 call may take before the read counts as failed. */
const TIMEOUT_MS = 10_000

/**
 * @typedef {{ endpoint: string, region: string, credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string } }} S3Config
 * @typedef {{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }} S3Answer
 */

/**
 * One S3 key segment or query value, encoded as SigV4 wants (RFC 3986 unreserved kept).
 * @param {string} s
 */
const encode = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * @param {S3Config} config
 * @param {'GET' | 'HEAD'} method
 * @param {string} bucket
 * @param {string} key '' for the bucket itself
 * @param {Record<string, string>} [query]
 * @param {Record<string, string>} [extra] more headers, e.g. range
 * @returns {Promise<S3Answer>}
 */
function call(config, method, bucket, key, query = {}, extra = {}) {
  const base = new URL(config.endpoint)
  const prefix = base.pathname.replace(/\/$/, '')
  const path = `${prefix}/${encode(bucket)}${key ? `/${key.split('/').map(encode).join('/')}` : ''}`
  const search = Object.entries(query)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join('&')
  const url = search ? `${path}?${search}` : path
  const headers = signRequest({
    method,
    url,
    headers: { host: base.host, ...extra },
    credentials: config.credentials,
    region: config.region,
    service: 's3',
    nowMs: Date.now()
  })
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(
      {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        method,
        path: url,
        headers,
        agent: false
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks)
          })
        )
        res.on('error', reject)
      }
    )
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
    req.on('error', reject)
    req.end()
  })
}

/**
 * @param {S3Config} config
 * @param {string} bucket
 * @param {string} key
 */
export function headObject(config, bucket, key) {
  return call(config, 'HEAD', bucket, key)
}

/**
 * The first `bytes` bytes of an object (all of it when smaller).
 * @param {S3Config} config
 * @param {string} bucket
 * @param {string} key
 * @param {number} bytes
 */
export function getStart(config, bucket, key, bytes) {
  return call(config, 'GET', bucket, key, {}, { range: `bytes=0-${bytes - 1}` })
}

/**
 * Every object under a prefix that `keep` keeps (ListObjectsV2, page after page), up to `max`.
 * @param {S3Config} config
 * @param {string} bucket
 * @param {string} prefix
 * @param {number} max
 * @param {(o: { key: string, size: number }) => boolean} [keep]
 * @returns {Promise<{ objects: { key: string, size: number }[] } | { refused: S3Answer }>}
 */
export async function listObjects(config, bucket, prefix, max, keep = () => true) {
  /** @type {{ key: string, size: number }[]} */
  const objects = []
  let token = ''
  do {
    /** @type {Record<string, string>} */
    const query = { 'list-type': '2', prefix }
    if (token) query['continuation-token'] = token
    const answer = await call(config, 'GET', bucket, '', query)
    if (answer.status !== 200) return { refused: answer }
    const xml = answer.body.toString('utf8')
    for (const [, contents] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const object = { key: unescapeXml(tag(contents, 'Key')), size: Number(tag(contents, 'Size')) }
      if (keep(object)) objects.push(object)
    }
    token = tag(xml, 'IsTruncated') === 'true' ? unescapeXml(tag(xml, 'NextContinuationToken')) : ''
  } while (token && objects.length < max)
  return { objects: objects.slice(0, max) }
}

/**
 * @param {string} xml
 * @param {string} name
 */
function tag(xml, name) {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? ''
}

/** @param {string} s */
function unescapeXml(s) {
  return s.replace(
    /&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);/gi,
    (_, e) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[
        /** @type {'amp'} */ (e.toLowerCase())
      ] ??
      String.fromCodePoint(
        e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))
      )
  )
}
