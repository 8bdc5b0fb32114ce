// The HTTP side: awsJson1_1 over `POST /`, dispatch on X-Amz-Target, recording, faults, SigV4,
// validation, then the job store. A form-encoded POST without X-Amz-Target is STS (sts.js), on the
// same port, so one endpoint outage (a refuse fault) cuts both. Every request is recorded first,
// so a test can tell that a request reached the emulator even when a fault or a signature check
// stopped it.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { ApiError } from './errors.js'
import { faultError, forgeAnswer, OPERATIONS } from './faults.js'
import { DESCRIBES } from './resources.js'
import { validateInput } from './shapes.js'
import { credentialScope, verifySignature } from './sigv4.js'
import { stsError, stsResult } from './sts.js'

const TARGET_PREFIX = 'AmazonPersonalize.'
const CONTENT_TYPE = 'application/x-amz-json-1.1'
const FORM_TYPE = 'application/x-www-form-urlencoded'
/** trickle: whitespace before the answer (valid JSON), so a byte at a time it never ends. */
const TRICKLE_PADDING = 100_000
/** What a proxy that cut the response short would deliver. */
const TRUNCATED_BODY = '{"datasetImportJob": {"jobName": "'
const RECORDED_HEADERS = [
  'user-agent',
  'x-amz-target',
  'content-type',
  'amz-sdk-request',
  'amz-sdk-invocation-id'
]

/**
 * @typedef {import('./index.js').RecordedRequest} RecordedRequest
 * @typedef {{
 *   partition: string, region: string, accountId: string, maxRunningImports: number,
 *   credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string },
 *   now: () => number, onRequest?: (r: RecordedRequest) => void,
 *   sts: ReturnType<typeof import('./sts.js').createSts>
 * }} ServerConfig
 */

/**
 * @param {ServerConfig} config
 * @param {import('./jobs.js').JobStore} store
 * @param {import('./faults.js').FaultQueue} faults
 * @param {import('./resources.js').ResourceStore} resources
 */
export function createEmulatorServer(config, store, faults, resources) {
  /** @type {RecordedRequest[]} */
  const records = []
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set()

  /** @type {Record<string, (input: Record<string, any>) => unknown>} */
  const operations = {
    CreateDatasetImportJob: (input) => store.create(input),
    DescribeDatasetImportJob: (input) => store.describe(input.datasetImportJobArn),
    ListDatasetImportJobs: (input) => store.list(input),
    DescribeDataset: (input) => store.describeDataset(input.datasetArn),
    DescribeSchema: (input) => store.describeSchema(input.schemaArn),
    ListTagsForResource: (input) => store.listTags(input.resourceArn),
    ...Object.fromEntries(
      Object.entries(DESCRIBES).map(([operation, kind]) => [
        operation,
        (/** @type {Record<string, any>} */ input) => resources.describe(kind, input)
      ])
    ),
    CreateSolutionVersion: (input) => resources.createSolutionVersion(input),
    StopSolutionVersionCreation: (input) => resources.stopSolutionVersion(input),
    CreateCampaign: (input) => resources.createCampaign(input),
    UpdateCampaign: (input) => resources.updateCampaign(input),
    CreateDataDeletionJob: (input) => resources.createDataDeletionJob(input)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      // A bug in the emulator: say so loudly, and answer as AWS does for its own failures.
      console.error(error)
      if (!res.headersSent) sendError(res, new ApiError('InternalFailure', String(error)))
    })
  })
  // Longer than any poll interval, so a client's kept-alive socket is not closed under it.
  server.keepAliveTimeout = 60_000

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    /** @type {Buffer[]} */
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const raw = Buffer.concat(chunks)
    const text = raw.toString('utf8')
    const target = String(req.headers['x-amz-target'] ?? '')
    const stsParams =
      !target && String(req.headers['content-type'] ?? '').startsWith(FORM_TYPE)
        ? new URLSearchParams(text)
        : undefined
    const operation = stsParams
      ? (stsParams.get('Action') ?? '')
      : target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : target
    /** @type {unknown} */
    let body = stsParams ? Object.fromEntries(stsParams) : text
    let json = true
    if (!stsParams)
      try {
        body = JSON.parse(text)
      } catch {
        // Recorded as the raw text; an empty body counts as {}, anything else is answered with a
        // SerializationException below.
        json = text.trim() === ''
      }
    /** @type {Record<string, string | undefined>} */
    const headers = {}
    for (const name of RECORDED_HEADERS) headers[name] = req.headers[name]?.toString()
    /** @type {RecordedRequest} */
    const record = {
      operation,
      body,
      headers,
      hasSessionToken: req.headers['x-amz-security-token'] !== undefined,
      credential: credentialScope(req.headers.authorization),
      time: config.now(),
      status: null,
      errorType: null,
      fault: null,
      requestId: randomUUID()
    }
    records.push(record)
    /**
     * @param {number | null} status null when no HTTP answer was sent
     * @param {string | null} errorType
     */
    const settle = (status, errorType) => {
      record.status = status
      record.errorType = errorType
      config.onRequest?.(structuredClone(record))
    }
    const reset = () => {
      settle(null, null)
      req.socket.resetAndDestroy()
    }
    /** @param {unknown} payload */
    const ok = (payload) => {
      settle(200, null)
      send(res, 200, record.requestId, JSON.stringify(payload))
    }
    /**
     * @param {ApiError} error
     * @param {Record<string, string>} [extra] headers
     */
    const fail = (error, extra) => {
      settle(error.status, error.type)
      if (stsParams)
        send(res, error.status, record.requestId, stsError(error, record.requestId), {
          'Content-Type': 'text/xml',
          ...extra
        })
      else sendError(res, error, record.requestId, extra)
    }
    /** The answer a byte every `ms`, after a long run of whitespace: the socket is never idle. */
    const trickle = (/** @type {unknown} */ payload, /** @type {number} */ ms) => {
      settle(200, null)
      const body = Buffer.from(' '.repeat(TRICKLE_PADDING) + JSON.stringify(payload))
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPE,
        'Content-Length': body.length,
        'x-amzn-RequestId': record.requestId
      })
      res.flushHeaders()
      let sent = 0
      const timer = setInterval(() => {
        res.write(body.subarray(sent, sent + 1))
        if (++sent === body.length) stop(true)
      }, ms)
      timers.add(timer)
      const stop = (/** @type {boolean} */ done) => {
        clearInterval(timer)
        timers.delete(timer)
        if (done) res.end()
      }
      res.on('close', () => stop(false))
    }

    const fault = faults.take(operation)
    if (fault) {
      record.fault = fault.kind
      const error = faultError(fault, { ...config, operation, body })
      if (error && fault.kind === 'retry-after')
        return fail(error, { 'Retry-After': String(Math.ceil((fault.ms ?? 60_000) / 1000)) })
      if (error) return fail(error)
      if (fault.kind === 'reset') return reset()
      if (fault.kind === 'refuse') {
        settle(null, null)
        return refuse(fault.ms ?? 3000)
      }
      if (fault.kind === 'malformed') {
        settle(200, null)
        return send(res, 200, record.requestId, TRUNCATED_BODY)
      }
      if (fault.kind === 'hang') {
        if (fault.ms === undefined) return settle(null, null)
        await new Promise((resolve) => {
          const timer = setTimeout(() => resolve(timers.delete(timer)), fault.ms)
          timers.add(timer)
        })
      }
    }

    /** Checks the signature against the session of its key (expired: ExpiredTokenException). */
    const signedIn = (/** @type {string} */ service) => {
      // Signatures and credentials are checked against the real time, as the SDK signs and
      // renews with it; the injected clock only drives the jobs.
      const now = Date.now()
      const session = config.sts.session(
        credentialScope(req.headers.authorization)?.accessKeyId,
        now
      )
      verifySignature({
        method: req.method ?? '',
        url: req.url ?? '/',
        headers: req.headers,
        body: raw,
        credentials: session.credentials,
        region: config.region,
        nowMs: now,
        service
      })
      return session
    }

    try {
      if (stsParams) {
        // AssumeRoleWithWebIdentity is unsigned: its token is the proof.
        const caller = operation === 'GetCallerIdentity' ? signedIn('sts') : undefined
        const result = config.sts.handle(stsParams, caller)
        settle(200, null)
        return send(res, 200, record.requestId, stsResult(operation, result, record.requestId), {
          'Content-Type': 'text/xml'
        })
      }
      signedIn('personalize')
      if (
        req.method !== 'POST' ||
        !target.startsWith(TARGET_PREFIX) ||
        !OPERATIONS.includes(operation)
      )
        throw new ApiError(
          'UnknownOperationException',
          `Unknown operation ${target || '(no X-Amz-Target)'}`
        )
      if (!json) throw new ApiError('SerializationException', 'The request body is not valid JSON.')
      // Members sent as null count as absent, as in the service.
      const input =
        text.trim() === '' ? {} : JSON.parse(text, (_k, v) => (v === null ? undefined : v))
      validateInput(operation, input)
      if (fault?.kind === 'create-race') {
        // Another caller creates on the same dataset between this caller's busy check and its
        // create: that job runs, and this create is refused.
        store.createRacing(input)
        throw faultError({ ...fault, kind: 'resource-in-use' }, { ...config, operation, body })
      }
      const result = operations[operation](input)
      if (fault?.kind === 'repeat-token') {
        // The token asked with comes back; a first page gets its own (or one to itself).
        const page = /** @type {{ nextToken?: string }} */ (result)
        page.nextToken = input.nextToken ?? page.nextToken ?? store.firstPageToken(input.datasetArn)
      }
      if (fault?.kind === 'reset-after-create') return reset()
      if (fault?.kind === 'hang-after-create') return settle(null, null)
      if (fault?.kind === 'trickle') return trickle(result, fault.ms ?? 100)
      ok(fault ? forgeAnswer(fault, result, config) : result)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      fail(error)
    }
  }

  /**
   * A listener that goes away and comes back on the same port: every connection is dropped and
   * new ones are refused (ECONNREFUSED) for `ms`, as during a proxy restart or an endpoint
   * failover.
   * @param {number} ms
   */
  function refuse(ms) {
    const address = server.address()
    if (!address || typeof address !== 'object') return
    server.close()
    server.closeAllConnections()
    const timer = setTimeout(() => {
      timers.delete(timer)
      server.listen(address.port, '127.0.0.1')
    }, ms)
    timers.add(timer)
  }

  return {
    server,
    records,
    refuse,
    /** Stops listening and drops every connection, hanging ones included. */
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      return new Promise((resolve) => {
        // Not listening (inside a refuse window) is fine: close() then calls back at once.
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    }
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} requestId
 * @param {string} text
 * @param {Record<string, string>} [extra]
 */
function send(res, status, requestId, text, extra = {}) {
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...extra
  })
  res.end(text)
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {ApiError} error
 * @param {string} [requestId]
 * @param {Record<string, string>} [extra] headers
 */
function sendError(res, error, requestId = randomUUID(), extra = {}) {
  send(
    res,
    error.status,
    requestId,
    JSON.stringify({ __type: error.type, message: error.message }),
    {
      'x-amzn-ErrorType': error.type,
      ...extra
    }
  )
}
