// Turns an error from an AWS call into what happened and what to do, for people, and says whether
// waiting may simply try again. One table of error facts (code, HTTP status, network kind) serves
// every client: Personalize here, S3 and the schema reads in the pre-flight (preflight/access.ts).
// Pure.
import type { Tag } from '@aws-sdk/client-personalize'
import { ANSWERED_BEFORE } from './answer-cap.js'
import { RENEWAL, type RenewalNote } from './credentials.js'
import type { DescribeOperation } from './kinds.js'

export type Operation =
  | 'CreateDatasetImportJob'
  | 'ListDatasetImportJobs'
  | DescribeOperation
  | 'StopSolutionVersionCreation'

export interface AwsFailure {
  operation: Operation
  /** The AWS error code (e.g. AccessDeniedException) or the network error code. */
  code: string
  /** throttle and transient failures may be retried; fatal ones end the run. */
  kind: 'throttle' | 'transient' | 'fatal'
  /** What happened: "<operation> failed: <code>: <message>", the service's message whole. */
  happened: string
  /** What to do; empty when there is nothing to add. */
  advice: string
  /** The request id of the call AWS answered: what AWS support asks for. */
  requestId?: string
}

/** What happened, then what to do, one paragraph each. */
export const failureText = (f: AwsFailure): string =>
  [f.happened, f.advice].filter(Boolean).join('\n')

/** The line beside a fatal message with the request id AWS support asks for, when AWS answered. */
export const requestIdLine = (f: AwsFailure): string =>
  `AWS request id of the failed ${f.operation}: ${f.requestId}`

export interface CallContext {
  region: string
  roleArn?: string
  datasetArn?: string
  jobName?: string
  jobArn?: string
  /** The request's tags: their values are secret, even when a message echoes them. */
  tags?: Tag[]
}

const THROTTLE = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException'
])

/** Network error codes: passing faults, or an endpoint that cannot be reached at all. */
const NETWORK: Record<string, 'transient' | 'unreachable'> = {
  ECONNRESET: 'transient',
  EPIPE: 'transient',
  ETIMEDOUT: 'transient',
  EHOSTUNREACH: 'transient',
  ENETUNREACH: 'transient',
  EAI_AGAIN: 'transient',
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable'
}
/** The SDK's names for a call that got no answer in time. */
const TIMEOUTS = new Set(['TimeoutError', 'RequestTimeout'])

/** What any AWS SDK error says about itself. */
export interface ErrorFacts {
  /** The network code, else the error's name (its type, from the answer), else "HTTP <status>". */
  code: string
  message: string
  status?: number
  /** A network failure, or no answer in time: the endpoint may be out of reach. */
  network?: 'transient' | 'unreachable' | 'timeout'
  /** The service itself says the fault is its own. */
  serverFault: boolean
  /** The SDK received an answer it could not parse, or one past the size cap: an odd answer. */
  unparsed: boolean
  requestId?: string
  /** Why expired credentials were not renewed (credentials.ts). */
  renewal?: RenewalNote
}

interface ErrorLike {
  name?: string
  code?: string
  message?: string
  $fault?: string
  $metadata?: { httpStatusCode?: number; requestId?: string }
  $response?: unknown
  [ANSWERED_BEFORE]?: boolean
  [RENEWAL]?: RenewalNote
}

export function errorFacts(error: unknown): ErrorFacts {
  const e = (error ?? {}) as ErrorLike
  const status = e.$metadata?.httpStatusCode
  // The name comes from the answer (its error type): keep it to the characters a code has. A HEAD
  // answer has no body, so the SDK can only name its status.
  const name =
    e.name && e.name !== 'Unknown'
      ? String(e.name)
          .replace(/[^\w.-]/g, '_')
          .slice(0, 100)
      : status
        ? `HTTP ${status}`
        : 'Error'
  // Once the host has answered in this run, a refused connection or a failed lookup is a proxy
  // restart or a failover: passing. Before, it is most likely a wrong endpoint or region.
  const network = e.code && (e[ANSWERED_BEFORE] ? 'transient' : NETWORK[e.code])
  const code = network ? e.code! : name
  return {
    code,
    message: (e.message ?? String(error)).trim(),
    status,
    network: network || (TIMEOUTS.has(code) ? 'timeout' : undefined),
    serverFault: e.$fault === 'server',
    unparsed: (code === 'SyntaxError' && e.$response !== undefined) || code === 'AnswerTooLarge',
    requestId: e.$metadata?.requestId,
    ...(e[RENEWAL] ? { renewal: e[RENEWAL] } : {})
  }
}

/** The service answered with a 4xx: it refused the request, so that attempt created nothing. */
export function refused(error: unknown): boolean {
  const { status } = errorFacts(error)
  return status !== undefined && status >= 400 && status < 500
}

export function describeAwsError(
  operation: Operation,
  error: unknown,
  ctx: CallContext
): AwsFailure {
  const facts = errorFacts(error)
  const { code, status } = facts
  const message = redactTags(facts.message, ctx.tags)
  const failure = (kind: AwsFailure['kind'], advice: string): AwsFailure => ({
    operation,
    code,
    kind,
    happened: `${operation} failed: ${code}: ${message}`,
    advice,
    ...(facts.requestId ? { requestId: facts.requestId } : {})
  })
  const fatal = (advice: string) => failure('fatal', advice)

  // LimitExceededException is also the request-rate limit ("...requests per second..."): that one
  // is throttling, not the quota.
  if (
    code === 'LimitExceededException' &&
    operation === 'CreateDatasetImportJob' &&
    !/per second/i.test(message)
  ) {
    return fatal(
      `At most 5 dataset import jobs may be pending or in progress per region (${ctx.region}), and the quota cannot be raised. Wait for the running imports to finish, or run this step in a concurrency group.`
    )
  }
  if (THROTTLE.has(code) || status === 429) {
    return failure('throttle', 'AWS is throttling the calls; the action backs off.')
  }
  if (
    facts.network === 'transient' ||
    facts.network === 'timeout' ||
    facts.serverFault ||
    (status ?? 0) >= 500 ||
    facts.unparsed
  ) {
    return failure('transient', 'This is usually a passing network or service fault.')
  }
  switch (code) {
    case 'CredentialsProviderError':
      return fatal(
        'No AWS credentials were found. Add aws-actions/configure-aws-credentials before this step (with `permissions: id-token: write` for OIDC), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
      )
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      return fatal(expiredAdvice(facts.renewal))
    case 'RequestExpired':
      return fatal(
        "The request's signing time is too far from AWS's clock: check the runner's clock (its time sync)."
      )
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
      return fatal(
        'AWS does not recognise the access key or session token. Check the credentials configure-aws-credentials produced, and that they belong to the partition of the region.'
      )
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
      return fatal(
        'The request signature was rejected: the secret access key does not match the access key, or the region does not match the endpoint. Check the credentials and the region input.'
      )
    case 'MissingAuthenticationTokenException':
      return fatal(
        'The request reached AWS unsigned. Check the credentials and the endpoint-url input.'
      )
    case 'AccessDeniedException':
      return fatal(accessAdvice(operation, message, ctx))
    case 'ResourceNotFoundException':
      return fatal(
        operation === 'CreateDatasetImportJob'
          ? `Dataset ${ctx.datasetArn} was not found in region ${ctx.region}. Check dataset-arn, and that region is the dataset's region.`
          : `${operation === 'DescribeDatasetImportJob' ? 'Import job' : 'The resource'} ${ctx.jobArn ?? ''} was not found in region ${ctx.region}. Check the ARN, and that the credentials belong to its account.`
      )
    case 'ResourceAlreadyExistsException':
      return fatal(
        `An import job named ${ctx.jobName} already exists in this account and region, and job names can never be reused. Give a new job-name, or leave job-name empty: a new run attempt gets a new default name.`
      )
    case 'ResourceInUseException':
      return fatal(
        'The dataset is busy (another import or a deletion is in progress). Wait for it to finish, then run again.'
      )
    case 'TooManyTagsException':
    case 'TooManyTagKeysException':
      return fatal(
        'Too many tags: an import job may have at most 50. Remove some from the tags input.'
      )
    case 'InvalidInputException':
      return fatal('Personalize rejected the request. Check the inputs named in the message.')
    case 'UnexpectedAnswer':
      return fatal(
        'The answer is not about what the action asked for, so it is not used. Check endpoint-url, and any proxy between the runner and AWS (HTTPS_PROXY).'
      )
  }
  if (facts.network === 'unreachable') {
    return fatal(
      `The Personalize endpoint cannot be reached (${code}). Check the region${ctx.region ? ` (${ctx.region})` : ''}, the endpoint-url input, and the runner's network or proxy (HTTPS_PROXY).`
    )
  }
  return fatal('See the AWS error above.')
}

/**
 * What to do when the credentials expired, by why the action could not renew them. Also for the
 * pre-flight's S3 reads (preflight/access.ts). Pure.
 */
export function expiredAdvice(note?: RenewalNote): string {
  if (!note)
    return `The AWS credentials expired during the run. With \`permissions: id-token: write\` the action renews them itself. ${laterJob()}`
  const why = {
    'no-id-token':
      'The job does not grant `permissions: id-token: write`, so the action could not renew them: grant it, and the action renews its credentials itself through AssumeRoleWithWebIdentity before they run out (the role of configure-aws-credentials, or AWS_ROLE_ARN).',
    'no-role': `The action could not learn the role to renew them for (${note.detail ?? 'unknown'}): set the environment variable AWS_ROLE_ARN to the role-to-assume of configure-aws-credentials.`,
    refused: `STS refused to renew them for ${note.roleArn ?? 'the role'} (${note.detail ?? 'no answer'}). ${refusalFix(note.detail ?? '')}`
  }[note.cause]
  return `The AWS credentials expired during the run. ${why} ${laterJob(note.action)}`
}

/** The other ways out: longer credentials, or the wait in a job of its own. */
function laterJob(action?: string): string {
  const wait = action
    ? `\`${action.includes('@') ? action.replace('@', '/wait@') : `${action}/wait`}\``
    : 'the wait action of this repository (`<owner>/<repo>/wait@<version>`)'
  return `Or raise role-duration-seconds in aws-actions/configure-aws-credentials (up to the role's maximum session duration), or wait in a later job: the import step with \`wait: false\`, then ${wait} in a job of its own after a fresh configure-aws-credentials (a job on a GitHub-hosted runner may run up to 6 hours).`
}

function refusalFix(detail: string): string {
  if (/DurationSeconds|MaxSessionDuration/i.test(detail))
    return "Raise the role's maximum session duration to at least 1 hour (3600 s), what the action asks for."
  if (/^AccessDenied/.test(detail))
    return "The role's trust policy must allow sts:AssumeRoleWithWebIdentity for this workflow: a StringEquals condition `token.actions.githubusercontent.com:aud` = `sts.amazonaws.com` and a StringLike `token.actions.githubusercontent.com:sub` that matches this run (e.g. `repo:<owner>/<repo>:*`). A role with a path needs AWS_ROLE_ARN set to its full ARN (GetCallerIdentity does not show the path)."
  if (/InvalidIdentityToken|No OpenIDConnect provider/i.test(detail))
    return "The account needs GitHub's OIDC provider (token.actions.githubusercontent.com, audience sts.amazonaws.com) in IAM."
  return 'Check the role, its trust policy and the network to STS.'
}

function accessAdvice(operation: Operation, message: string, ctx: CallContext): string {
  if (/iam:PassRole/i.test(message)) {
    return `The caller may not pass the service role to Personalize. Grant iam:PassRole on ${ctx.roleArn ?? 'the role-arn role'} (with condition iam:PassedToService = personalize.amazonaws.com) to the role of configure-aws-credentials.`
  }
  // Name the resource AWS's message names: a create is authorised on the import job it makes
  // (Service Authorization Reference: CreateDatasetImportJob, resource type datasetImportJob),
  // not on the dataset, so that is the grant to add.
  const named = /on resource: (\S+)/.exec(message)?.[1]
  if (operation === 'CreateDatasetImportJob') {
    const jobs = (named ?? ctx.datasetArn ?? '').replace(
      /:(dataset-import-job|dataset)\/.*$/,
      ':dataset-import-job/*'
    )
    return `The caller lacks permission personalize:CreateDatasetImportJob on ${named ? `${named}, ` : ''}the import job it would create. Allow personalize:CreateDatasetImportJob on ${jobs} (as well as on the dataset) in the IAM policy of the role used by configure-aws-credentials.`
  }
  return `The caller lacks permission personalize:${operation} (resource ${
    named ?? (operation === 'ListDatasetImportJobs' ? ctx.datasetArn : ctx.jobArn)
  }). Add it to the IAM policy of the role used by configure-aws-credentials.`
}

/**
 * The message with every tag value replaced by ***, as it is, URL-encoded or JSON-escaped: a
 * service that echoes the request must not print them.
 */
export function redactTags(message: string, tags: Tag[] = []): string {
  const forms = tags
    .flatMap(({ tagValue = '' }) => [
      tagValue,
      encodeURIComponent(tagValue),
      JSON.stringify(tagValue)
        .slice(1, -1)
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    ])
    .filter((form) => form !== '')
  // Longest first, so a value that holds another is hidden whole.
  return [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .reduce((text, form) => text.replaceAll(form, '***'), message)
}
