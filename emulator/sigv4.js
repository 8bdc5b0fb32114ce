// SigV4 verification of the Authorization header, answering as AWS does when a check fails, so
// a client that signs with the wrong key, region or service fails here as it would in AWS. Also
// the signing side, for the emulator's own S3 reads (no SDK: the emulator has no dependencies).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { ApiError } from './errors.js'

const ALGORITHM = 'AWS4-HMAC-SHA256'
const SERVICE = 'personalize'
const MAX_SKEW_MS = 5 * 60 * 1000

/**
 * @typedef {{ accessKeyId: string, date: string, region: string, service: string }} CredentialScope
 * @typedef {{ credential?: string, signedHeaders?: string, signature?: string }} AuthParts
 */

/**
 * The parts of an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
 * @param {string | undefined} header
 * @returns {AuthParts}
 */
function parseAuthorization(header) {
  /** @type {Record<string, string>} */
  const parts = {}
  const rest = (header ?? '').slice(ALGORITHM.length)
  for (const piece of rest.split(',')) {
    const eq = piece.indexOf('=')
    if (eq > 0) parts[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim()
  }
  return {
    credential: parts.Credential,
    signedHeaders: parts.SignedHeaders,
    signature: parts.Signature
  }
}

/**
 * The credential scope a request claims, for recording; null when there is none.
 * @param {string | undefined} header the Authorization header
 * @returns {CredentialScope | null}
 */
export function credentialScope(header) {
  if (!header?.startsWith(`${ALGORITHM} `)) return null
  const [accessKeyId, date, region, service, terminator] = (
    parseAuthorization(header).credential ?? ''
  ).split('/')
  if (terminator !== 'aws4_request') return null
  return { accessKeyId, date, region, service }
}

/**
 * Verifies a request's signature; throws the ApiError AWS would answer with.
 * @param {{
 *   method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: Buffer,
 *   credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string },
 *   region: string, nowMs: number, service?: string
 * }} req
 */
export function verifySignature({
  method,
  url,
  headers,
  body,
  credentials,
  region,
  nowMs,
  service = SERVICE
}) {
  const authorization = headers.authorization
  if (!authorization)
    throw new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token')
  if (!authorization.startsWith(`${ALGORITHM} `))
    throw new ApiError(
      'IncompleteSignatureException',
      `Unsupported authorization type: ${authorization.split(' ')[0]}`
    )
  const { credential, signedHeaders, signature } = parseAuthorization(authorization)
  const missing = [
    ['Credential', credential],
    ['Signature', signature],
    ['SignedHeaders', signedHeaders]
  ]
    .filter(([, v]) => !v)
    .map(([name]) => `Authorization header requires '${name}' parameter.`)
  const amzDate = header(headers, 'x-amz-date')
  if (!amzDate)
    missing.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    )
  const scope = credentialScope(authorization)
  if (!scope && credential) missing.push(`Credential is malformed: ${credential}`)
  if (missing.length > 0 || !scope || !signedHeaders || !signature || !amzDate)
    throw new ApiError(
      'IncompleteSignatureException',
      `${missing.join(' ')} Authorization=${authorization}`
    )
  if (!signedHeaders.split(';').includes('host'))
    throw new ApiError(
      'IncompleteSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
    )

  if (scope.accessKeyId !== credentials.accessKeyId)
    throw new ApiError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    )
  if (header(headers, 'x-amz-security-token') !== credentials.sessionToken)
    throw new ApiError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    )
  if (scope.region !== region)
    throw new ApiError(
      'InvalidSignatureException',
      'Credential should be scoped to a valid region.'
    )
  if (scope.service !== service)
    throw new ApiError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${service}'.`
    )
  if (scope.date !== amzDate.slice(0, 8))
    throw new ApiError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`
    )
  checkTime(amzDate, nowMs)

  const canonical = canonicalRequest(method, url, headers, signedHeaders, body)
  const expected = Buffer.from(signatureOf(canonical, amzDate, scope, credentials.secretAccessKey))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new ApiError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
    )
}

/**
 * The hex signature of a canonical request.
 * @param {string} canonical
 * @param {string} amzDate
 * @param {{ date: string, region: string, service: string }} scope
 * @param {string} secretAccessKey
 */
function signatureOf(canonical, amzDate, scope, secretAccessKey) {
  const stringToSign = [
    ALGORITHM,
    amzDate,
    `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
    sha256(canonical)
  ].join('\n')
  let key = hmac(`AWS4${secretAccessKey}`, scope.date)
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part)
  return hmac(key, stringToSign).toString('hex')
}

/**
 * Signs a request (header-based SigV4 with a real payload hash, `host` signed). `headers` must
 * hold `host`, with lower-case names; returns them with x-amz-date, x-amz-content-sha256,
 * x-amz-security-token (with a session token) and authorization added.
 * @param {{
 *   method: string, url: string, headers: Record<string, string>, body?: Buffer,
 *   credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string },
 *   region: string, service: string, nowMs: number
 * }} req
 * @returns {Record<string, string>}
 */
export function signRequest({ method, url, headers, body, credentials, region, service, nowMs }) {
  const amzDate = basic(nowMs)
  const scope = { date: amzDate.slice(0, 8), region, service }
  /** @type {Record<string, string>} */
  const signed = {
    ...headers,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': sha256(body ?? Buffer.alloc(0))
  }
  if (credentials.sessionToken) signed['x-amz-security-token'] = credentials.sessionToken
  const names = Object.keys(signed)
    .map((n) => n.toLowerCase())
    .sort()
    .join(';')
  const canonical = canonicalRequest(method, url, signed, names, body ?? Buffer.alloc(0))
  const signature = signatureOf(canonical, amzDate, scope, credentials.secretAccessKey)
  return {
    ...signed,
    authorization: `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope.date}/${region}/${service}/aws4_request, SignedHeaders=${names}, Signature=${signature}`
  }
}

/**
 * AWS accepts a request date up to 5 minutes from its own clock, either way.
 * @param {string} amzDate e.g. 20260101T120000Z
 * @param {number} nowMs
 */
function checkTime(amzDate, nowMs) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  if (!m)
    throw new ApiError(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`
    )
  const [, y, mo, d, h, mi, s] = m.map(Number)
  const t = Date.UTC(y, mo - 1, d, h, mi, s)
  if (t < nowMs - MAX_SKEW_MS)
    throw new ApiError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${basic(nowMs - MAX_SKEW_MS)} (${basic(nowMs)} - 5 min.)`
    )
  if (t > nowMs + MAX_SKEW_MS)
    throw new ApiError(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${basic(nowMs + MAX_SKEW_MS)} (${basic(nowMs)} + 5 min.)`
    )
}

/** @param {number} ms */
function basic(ms) {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/**
 * The canonical request, from the headers the client says it signed.
 * @param {string} method
 * @param {string} url path and query as received
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} signedHeaders
 * @param {Buffer} body
 */
function canonicalRequest(method, url, headers, signedHeaders, body) {
  // A forward proxy may pass the absolute URI on; the client signed only its path and query.
  const relative = /^https?:\/\//i.test(url) ? url.replace(/^https?:\/\/[^/?]*/i, '') : url
  const [path, query = ''] = relative.split('?', 2)
  const names = signedHeaders.split(';')
  return [
    method,
    path || '/',
    canonicalQuery(query),
    names
      .map((name) => `${name}:${(header(headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
      .join(''),
    signedHeaders,
    // The hash of the body received, never a value the client claims (such as UNSIGNED-PAYLOAD):
    // a signature over anything else does not match.
    sha256(body)
  ].join('\n')
}

/** @param {string} query */
function canonicalQuery(query) {
  if (!query) return ''
  const encode = (/** @type {string} */ s) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
    )
  return query
    .split('&')
    .map((pair) => {
      const [k, v = ''] = pair.split('=', 2)
      return [encode(decodeURIComponent(k)), encode(decodeURIComponent(v))]
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/**
 * One header's value; repeated headers are joined with commas as SigV4 does.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} name lower case
 */
function header(headers, name) {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** @param {string | Buffer} data */
function sha256(data) {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * @param {string | Buffer} key
 * @param {string} data
 */
function hmac(key, data) {
  return createHmac('sha256', key).update(data).digest()
}
