// Fault injection: on demand, per operation, a given number of times, after letting a given
// number of matching requests through. Faults are checked in the order they were added.
import { ApiError } from './errors.js'
import { resourceInUse } from './jobs.js'
import { INPUTS } from './shapes.js'
import { STS_OPERATIONS } from './sts.js'

export const OPERATIONS = Object.keys(INPUTS)

export const FAULT_KINDS = [
  'throttle',
  'limit-exceeded',
  'http-500',
  'http-503',
  'reset',
  'hang',
  'malformed',
  'expired-token',
  'access-denied',
  'pass-role-denied',
  'reset-after-create',
  'resource-in-use',
  'rate-exceeded',
  'other-job',
  'other-account',
  'other-region',
  'forged-text',
  'forged-status',
  'forged-error',
  'echo-tags',
  'trickle',
  'retry-after',
  'hang-after-create',
  'refuse',
  'create-race',
  'repeat-token',
  'idp-communication-error'
]

/**
 * Kinds that only make sense for one operation: `'*'` then means every request of it.
 * @type {Record<string, string>}
 */
const ONLY_FOR = {
  'pass-role-denied': 'CreateDatasetImportJob',
  'reset-after-create': 'CreateDatasetImportJob',
  'hang-after-create': 'CreateDatasetImportJob',
  'create-race': 'CreateDatasetImportJob',
  'repeat-token': 'ListDatasetImportJobs',
  'idp-communication-error': 'AssumeRoleWithWebIdentity'
}
/** What can happen to an STS request; `'*'` never matches one, so it must be named. */
const STS_KINDS = [
  'reset',
  'hang',
  'refuse',
  'http-500',
  'http-503',
  'throttle',
  'idp-communication-error'
]

/**
 * @typedef {import('./index.js').Fault & { operation: string, count: number, skip: number }} QueuedFault
 */

/**
 * Throws on a fault description that would never do what it says.
 * @param {import('./index.js').Fault} f
 */
function checkFault(f) {
  const known = ['operation', 'kind', 'count', 'skip', 'ms', 'message']
  for (const key of Object.keys(f))
    if (!known.includes(key))
      throw new Error(`fault: unknown key '${key}'; expected one of ${known.join(', ')}`)
  if (!FAULT_KINDS.includes(f.kind))
    throw new Error(`fault: unknown kind '${f.kind}'; use one of ${FAULT_KINDS.join(', ')}`)
  const operation = f.operation ?? ONLY_FOR[f.kind] ?? '*'
  if (operation !== '*' && !OPERATIONS.includes(operation) && !STS_OPERATIONS.includes(operation))
    throw new Error(
      `fault: unknown operation '${operation}'; use '*' or one of ${[...OPERATIONS, ...STS_OPERATIONS].join(', ')}`
    )
  if (ONLY_FOR[f.kind] && ![`*`, ONLY_FOR[f.kind]].includes(operation))
    throw new Error(`fault: ${f.kind} only applies to ${ONLY_FOR[f.kind]}`)
  if (STS_OPERATIONS.includes(operation) && !STS_KINDS.includes(f.kind))
    throw new Error(`fault: ${f.kind} does not apply to STS; use one of ${STS_KINDS.join(', ')}`)
  for (const key of /** @type {const} */ (['count', 'skip', 'ms'])) {
    const n = f[key]
    if (
      n !== undefined &&
      !(typeof n === 'number' && n >= 0 && (Number.isInteger(n) || n === Infinity))
    )
      throw new Error(`fault: ${key} must be a whole number >= 0, got ${n}`)
  }
}

export class FaultQueue {
  /** @type {QueuedFault[]} */
  #faults = []

  /** @param {import('./index.js').Fault[]} faults */
  constructor(faults = []) {
    for (const f of faults) this.add(f)
  }

  /** @param {import('./index.js').Fault} f */
  add(f) {
    checkFault(f)
    this.#faults.push({
      ...f,
      operation: ONLY_FOR[f.kind] ?? f.operation ?? '*',
      count: f.count ?? 1,
      skip: f.skip ?? 0
    })
  }

  /** Drops every fault not yet used up. */
  clear() {
    this.#faults.length = 0
  }

  /**
   * The fault this request meets, if any. Only the first fault that matches the operation is
   * looked at: while it skips, the request goes through untouched.
   * @param {string} operation
   * @returns {QueuedFault | undefined}
   */
  take(operation) {
    const index = this.#faults.findIndex(
      (f) => f.operation === operation || (f.operation === '*' && OPERATIONS.includes(operation))
    )
    if (index < 0) return undefined
    const fault = this.#faults[index]
    if (fault.skip > 0) {
      fault.skip--
      return undefined
    }
    fault.count--
    if (fault.count <= 0) this.#faults.splice(index, 1)
    return fault
  }
}

/**
 * The error answer of the kinds that are one; undefined for the kinds the server acts out
 * (reset, hang, malformed, reset-after-create, trickle, hang-after-create, refuse, create-race,
 * repeat-token).
 * @param {QueuedFault} fault
 * @param {{ operation: string, body: unknown, partition: string, region: string, accountId: string, maxRunningImports: number }} ctx
 */
export function faultError(fault, ctx) {
  const make = (/** @type {string} */ type, /** @type {string} */ message) =>
    new ApiError(type, fault.message ?? message)
  const caller = `arn:${ctx.partition}:sts::${ctx.accountId}:assumed-role/gha-role/session`
  const body = /** @type {Record<string, any>} */ (
    typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}
  )
  switch (fault.kind) {
    case 'throttle':
    case 'retry-after':
      // STS (query protocol) names it Throttling.
      return make(
        STS_OPERATIONS.includes(ctx.operation) ? 'Throttling' : 'ThrottlingException',
        'Rate exceeded'
      )
    case 'idp-communication-error':
      // The model's text for IDPCommunicationError.
      return make(
        'IDPCommunicationError',
        'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions.'
      )
    case 'limit-exceeded':
      return make(
        'LimitExceededException',
        `More than ${ctx.maxRunningImports} resources with PENDING or IN_PROGRESS status.`
      )
    case 'http-500':
      return make(
        'InternalFailure',
        'The request processing has failed because of an unknown error, exception or failure.'
      )
    case 'http-503':
      return make(
        'ServiceUnavailable',
        'The request has failed due to a temporary failure of the server.'
      )
    case 'expired-token':
      return make('ExpiredTokenException', 'The security token included in the request is expired')
    case 'access-denied': {
      const action = `personalize:${ctx.operation}`
      return make(
        'AccessDeniedException',
        `User: ${caller} is not authorized to perform: ${action} on resource: ${resourceOf(ctx, body)} because no identity-based policy allows the ${action} action`
      )
    }
    case 'resource-in-use':
      // A create names its dataset.
      return make(
        'ResourceInUseException',
        resourceInUse(
          ctx.operation === 'CreateDatasetImportJob' ? body.datasetArn : resourceOf(ctx, body)
        ).message
      )
    case 'rate-exceeded':
      // The model's text for LimitExceededException, distinct from the running-imports quota.
      return make(
        'LimitExceededException',
        'The limit on the number of requests per second has been exceeded.'
      )
    case 'forged-error':
      return make('InvalidInputException', FORGED_TEXT)
    case 'echo-tags': {
      const tags = Array.isArray(body.tags) ? body.tags : []
      const shown = tags.map((t) => `{tagKey: ${t.tagKey}, tagValue: ${t.tagValue}}`).join(', ')
      return make(
        'InvalidInputException',
        `1 validation error detected: Value '[${shown}]' at 'tags' failed to satisfy constraint: ${JSON.stringify(tags)} (${tags.map((t) => encodeURIComponent(t.tagValue)).join('&')})`
      )
    }
    case 'pass-role-denied':
      return make(
        'AccessDeniedException',
        `User: ${caller} is not authorized to perform: iam:PassRole on resource: ${body.roleArn ?? '*'} because no identity-based policy allows the iam:PassRole action`
      )
  }
  return undefined
}

/**
 * The resource an IAM denial names: the ARN the request is about.
 * @param {{ operation: string, partition: string, region: string, accountId: string }} ctx
 * @param {Record<string, any>} body
 */
function resourceOf(ctx, body) {
  const jobs = `arn:${ctx.partition}:personalize:${ctx.region}:${ctx.accountId}:dataset-import-job/`
  switch (ctx.operation) {
    case 'CreateDatasetImportJob':
      return `${jobs}${body.jobName}`
    case 'DescribeDatasetImportJob':
      return body.datasetImportJobArn
    case 'DescribeDataset':
      return body.datasetArn
    case 'DescribeSchema':
      return body.schemaArn
    case 'ListTagsForResource':
      return body.resourceArn
  }
  return `${jobs}*`
}

/**
 * Service text that tries everything: workflow commands at line starts (after LF, CR, spaces and
 * NEL), the legacy ##[ form, HTML, markdown that would leave a summary table, pipes, ANSI colours.
 */
export const FORGED_TEXT =
  [
    'Forged reason',
    '::error title=Forged::a forged annotation',
    '::set-output name=status::ACTIVE',
    '  ::add-mask::indented',
    '\u0085::notice::after a NEL',
    '##[error]legacy command',
    '<img src=x onerror=alert(1)> <b>bold</b> | a | pipe | </td></tr></table>',
    '',
    '# A heading',
    '[a link](https://evil.example) ![an image](https://evil.example/x.png) \u001b[31mred\u001b[0m'
  ].join('\n') + '\r::warning::after a CR'

/** A status no job has, that would set an output if printed as it is. */
export const FORGED_STATUS = 'ACTIVE\n::set-output name=status::ACTIVE'

/**
 * The answer of the kinds that change a successful one: about another job (its name, account or
 * region), or with forged text in its failure reason or status. Other kinds leave it as it is.
 * @param {QueuedFault} fault
 * @param {any} result
 * @param {{ region: string, accountId: string }} ctx
 */
export function forgeAnswer(fault, result, ctx) {
  /** @type {(value: any, key?: string) => any} */
  const map = (value, key) => {
    if (Array.isArray(value)) return value.map((v) => map(v))
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v, k)]))
    if (typeof value !== 'string') return value
    switch (fault.kind) {
      case 'other-job':
        return key === 'jobName'
          ? 'someone-elses-job'
          : value.replace(/:dataset-import-job\/.+$/, ':dataset-import-job/someone-elses-job')
      case 'other-account':
        return value.replaceAll(`:${ctx.accountId}:`, ':999999999999:')
      case 'other-region':
        return value.replaceAll(`:${ctx.region}:`, ':eu-west-3:')
      case 'forged-status':
        return key === 'status' ? FORGED_STATUS : value
    }
    return value
  }
  if (fault.kind === 'forged-text' && result?.datasetImportJob)
    return {
      datasetImportJob: {
        ...result.datasetImportJob,
        status: 'CREATE FAILED',
        failureReason: fault.message ?? FORGED_TEXT
      }
    }
  return map(result)
}
