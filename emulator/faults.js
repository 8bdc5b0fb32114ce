// Fault injection: on demand, per operation, a given number of times, after letting a given
// number of matching requests through. Faults are checked in the order they were added.
import { ApiError } from './errors.js'
import { INPUTS } from './shapes.js'

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
  'rate-exceeded'
]

/** Kinds that only make sense for a create: `'*'` then means every CreateDatasetImportJob. */
const CREATE_ONLY = ['pass-role-denied', 'reset-after-create']

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
  const operation = f.operation ?? '*'
  if (operation !== '*' && !OPERATIONS.includes(operation))
    throw new Error(
      `fault: unknown operation '${operation}'; use '*' or one of ${OPERATIONS.join(', ')}`
    )
  if (CREATE_ONLY.includes(f.kind) && !['*', 'CreateDatasetImportJob'].includes(operation))
    throw new Error(`fault: ${f.kind} only applies to CreateDatasetImportJob`)
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
      operation: f.operation ?? '*',
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
      (f) =>
        (f.operation === '*' || f.operation === operation) &&
        (!CREATE_ONLY.includes(f.kind) || operation === 'CreateDatasetImportJob')
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
 * (reset, hang, malformed, reset-after-create).
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
      return make('ThrottlingException', 'Rate exceeded')
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
      // Undocumented text, in the form of the service's not-found one; a create names its dataset.
      return make(
        'ResourceInUseException',
        `Resource ${ctx.operation === 'CreateDatasetImportJob' ? body.datasetArn : resourceOf(ctx, body)} is in use.`
      )
    case 'rate-exceeded':
      // The model's text for LimitExceededException, distinct from the running-imports quota.
      return make(
        'LimitExceededException',
        'The limit on the number of requests per second has been exceeded.'
      )
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
