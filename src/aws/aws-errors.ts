// Turns an error from an AWS call into a sentence for people: what failed, in which call, and what
// to do. It also says whether waiting may simply try again. Pure.
import type { Tag } from '@aws-sdk/client-personalize'

export type Operation =
  'CreateDatasetImportJob' | 'DescribeDatasetImportJob' | 'ListDatasetImportJobs'

export interface AwsFailure {
  operation: Operation
  /** The AWS error code (e.g. AccessDeniedException) or the network error code. */
  code: string
  /** throttle and transient failures may be retried; fatal ones end the run. */
  kind: 'throttle' | 'transient' | 'fatal'
  /** One paragraph: what happened and what to do. */
  text: string
  /** What happened: the start of text, up to the advice (the service's message may span lines). */
  said?: string
}

/** What happened, without the advice. */
export const whatHappened = (f: AwsFailure) => f.said ?? f.text.split('\n')[0]

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
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN'
])
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND'])

interface ErrorLike {
  name?: string
  code?: string
  message?: string
  $fault?: string
  $metadata?: { httpStatusCode?: number; requestId?: string }
  $response?: unknown
}

/** The service answered with a 4xx: it refused the request, so that attempt created nothing. */
export function refused(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode
  return status !== undefined && status >= 400 && status < 500
}

export function describeAwsError(
  operation: Operation,
  error: unknown,
  ctx: CallContext
): AwsFailure {
  const e = (error ?? {}) as ErrorLike
  // The name comes from the answer (its error type): keep it to the characters a code has.
  const code = (
    e.code && (TRANSIENT_NETWORK.has(e.code) || UNREACHABLE.has(e.code))
      ? e.code
      : String(e.name ?? 'Error')
  )
    .replace(/[^\w.-]/g, '_')
    .slice(0, 100)
  const message = redactTags((e.message ?? String(error)).trim(), ctx.tags)
  const said = `${operation} failed: ${code}: ${message}`
  const fatal = (advice: string): AwsFailure => ({
    operation,
    code,
    kind: 'fatal',
    text: `${said}\n${advice}`,
    said
  })

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
  if (THROTTLE.has(code) || e.$metadata?.httpStatusCode === 429) {
    return {
      operation,
      code,
      kind: 'throttle',
      text: `${said}\nAWS is throttling the calls; the action backs off.`,
      said
    }
  }
  if (
    TRANSIENT_NETWORK.has(code) ||
    code === 'TimeoutError' ||
    code === 'RequestTimeout' ||
    e.$fault === 'server' ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    (code === 'SyntaxError' && e.$response !== undefined)
  ) {
    return {
      operation,
      code,
      kind: 'transient',
      text: `${said}\nThis is usually a passing network or service fault.`,
      said
    }
  }
  switch (code) {
    case 'CredentialsProviderError':
      return fatal(
        'No AWS credentials were found. Add aws-actions/configure-aws-credentials before this step (with `permissions: id-token: write` for OIDC), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
      )
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'RequestExpired':
      return fatal(
        "The AWS credentials expired while the action was running. Raise role-duration-seconds in aws-actions/configure-aws-credentials (and the role's maximum session duration), or set wait: false here and wait for the job with the wait action (our-org/personalize-dataset-import/wait) in a later job, after a fresh configure-aws-credentials."
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
          : `Import job ${ctx.jobArn ?? ''} was not found in region ${ctx.region}. Check the ARN, and that the credentials belong to the job's account.`
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
  if (UNREACHABLE.has(code)) {
    return fatal(
      `The Personalize endpoint cannot be reached (${code}). Check the region${ctx.region ? ` (${ctx.region})` : ''}, the endpoint-url input, and the runner's network or proxy (HTTPS_PROXY).`
    )
  }
  return fatal('See the AWS error above.')
}

function accessAdvice(operation: Operation, message: string, ctx: CallContext): string {
  if (/iam:PassRole/i.test(message)) {
    return `The caller may not pass the service role to Personalize. Grant iam:PassRole on ${ctx.roleArn ?? 'the role-arn role'} (with condition iam:PassedToService = personalize.amazonaws.com) to the role of configure-aws-credentials.`
  }
  return `The caller lacks permission personalize:${operation} (resource ${
    operation === 'DescribeDatasetImportJob' ? ctx.jobArn : ctx.datasetArn
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
