// AWS STS over the query protocol (form-encoded POST, XML answers), as far as a GitHub workflow
// uses it: AssumeRoleWithWebIdentity (unsigned) with a GitHub OIDC token, and GetCallerIdentity
// (signed). Also the credentials every request is checked against: the step's own (which may
// expire) and those STS issued (which expire after a scenario-chosen number of seconds); an
// expired one is answered ExpiredTokenException, as Personalize and STS do. Shapes: botocore's
// sts service-2.json; texts: what AWS answers (cited in README.md).
import { randomBytes } from 'node:crypto'
import { ApiError } from './errors.js'
import { GITHUB_ISSUER } from './oidc.js'

export const STS_OPERATIONS = ['AssumeRoleWithWebIdentity', 'GetCallerIdentity']
const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const VERSION = '2011-06-15'
/** configure-aws-credentials' default role-session-name, for the step's own credentials. */
const STEP_SESSION = 'GitHubActions'

/**
 * @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken?: string }} Credentials
 * @typedef {{ credentials: Credentials, expiresMs: number, arn: string, userId: string }} Session
 */

/**
 * @param {{
 *   partition: string, accountId: string, credentials: Credentials,
 *   credentialsExpireSeconds?: number, sts?: import('./index.js').StsOptions,
 *   oidc?: { verify(token: string): Record<string, any> | null }
 * }} config
 */
export function createSts(config) {
  const { partition, accountId } = config
  const sts = config.sts ?? {}
  const roleArn = sts.roleArn ?? `arn:${partition}:iam::${accountId}:role/gha-role`
  // An assumed-role ARN names the role without its path.
  const roleName = roleArn.split('/').at(-1) ?? ''
  const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase()}`
  const maxSessionDuration = sts.maxSessionDuration ?? 3600
  const started = Date.now()
  /** @type {Session} */
  const step = {
    credentials: config.credentials,
    expiresMs:
      config.credentialsExpireSeconds === undefined
        ? Infinity
        : started + config.credentialsExpireSeconds * 1000,
    arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${STEP_SESSION}`,
    userId: `${roleId}:${STEP_SESSION}`
  }
  /** @type {Map<string, Session>} issued credentials by access key id */
  const issued = new Map()

  /**
   * The credentials a request signed with this key must match. Throws ExpiredTokenException for
   * a known key past its expiry; an unknown key gets the step's, so the signature check answers
   * UnrecognizedClientException as before.
   * @param {string | undefined} accessKeyId
   * @param {number} nowMs
   */
  function session(accessKeyId, nowMs) {
    const found = (accessKeyId && issued.get(accessKeyId)) || step
    if (found.credentials.accessKeyId === accessKeyId && nowMs >= found.expiresMs)
      throw new ApiError(
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    return found
  }

  /** @param {URLSearchParams} params */
  function assumeRoleWithWebIdentity(params) {
    for (const [param, member] of [
      ['RoleArn', 'roleArn'],
      ['RoleSessionName', 'roleSessionName'],
      ['WebIdentityToken', 'webIdentityToken']
    ])
      if (!params.get(param))
        throw new ApiError(
          'ValidationError',
          `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`
        )
    const sessionName = params.get('RoleSessionName') ?? ''
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
      throw new ApiError(
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`
      )
    const duration = params.has('DurationSeconds') ? Number(params.get('DurationSeconds')) : 3600
    if (!Number.isInteger(duration) || duration < 900)
      throw new ApiError(
        'ValidationError',
        `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`
      )
    if (duration > maxSessionDuration)
      throw new ApiError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
      )
    const token = params.get('WebIdentityToken') ?? ''
    const claims = config.oidc?.verify(token)
    if (!claims)
      throw new ApiError(
        'InvalidIdentityToken',
        'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.'
      )
    if (claims.iss !== GITHUB_ISSUER)
      throw new ApiError(
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${claims.iss}`
      )
    if (claims.aud !== 'sts.amazonaws.com')
      throw new ApiError('InvalidIdentityToken', 'Incorrect token audience')
    const nowS = Math.floor(Date.now() / 1000)
    if (nowS >= claims.exp)
      throw new ApiError(
        'ExpiredTokenException',
        `Token expired: current date/time ${nowS} must be before the expiration date/time${claims.exp}`
      )
    // The role's trust policy: its ARN, and StringLike on token.actions.githubusercontent.com:sub.
    if (params.get('RoleArn') !== roleArn || !globMatch(sts.subject ?? 'repo:*', claims.sub))
      throw new ApiError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    const lifetime = sts.credentialSeconds ?? duration
    const credentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64')
    }
    const expiresMs = Date.now() + lifetime * 1000
    /** @type {Session} */
    const s = {
      credentials,
      expiresMs,
      arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`
    }
    issued.set(credentials.accessKeyId, s)
    return `<SubjectFromWebIdentityToken>${escape(claims.sub)}</SubjectFromWebIdentityToken>
    <Audience>${escape(claims.aud)}</Audience>
    <AssumedRoleUser>
      <Arn>${escape(s.arn)}</Arn>
      <AssumedRoleId>${escape(s.userId)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <Expiration>${new Date(expiresMs).toISOString().replace(/\.\d+Z$/, 'Z')}</Expiration>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>${escape(GITHUB_ISSUER)}</Provider>`
  }

  return {
    session,
    /** The credentials STS has issued so far, oldest first, with their expiry (ms). */
    issued: () =>
      [...issued.values()].map((s) => ({ ...s.credentials, expiresMs: s.expiresMs, arn: s.arn })),
    /**
     * The XML result of one STS request; throws ApiError. `caller` is the signed-in session for
     * GetCallerIdentity (the server has checked the signature).
     * @param {URLSearchParams} params
     * @param {Session | undefined} caller
     */
    handle(params, caller) {
      const action = params.get('Action') ?? ''
      if (params.get('Version') !== VERSION || !STS_OPERATIONS.includes(action))
        throw new ApiError(
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`
        )
      if (action === 'AssumeRoleWithWebIdentity') return assumeRoleWithWebIdentity(params)
      const who = /** @type {Session} */ (caller)
      return `<Arn>${escape(who.arn)}</Arn>
    <UserId>${escape(who.userId)}</UserId>
    <Account>${accountId}</Account>`
    }
  }
}

/**
 * A successful query-protocol answer.
 * @param {string} action
 * @param {string} result the members of <ActionResult>
 * @param {string} requestId
 */
export function stsResult(action, result, requestId) {
  return `<${action}Response xmlns="${XMLNS}">
  <${action}Result>
    ${result}
  </${action}Result>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</${action}Response>
`
}

/**
 * A query-protocol error: <ErrorResponse> with Type Sender (4xx) or Receiver (5xx).
 * @param {ApiError} error
 * @param {string} requestId
 */
export function stsError(error, requestId) {
  return `<ErrorResponse xmlns="${XMLNS}">
  <Error>
    <Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type>
    <Code>${escape(error.type)}</Code>
    <Message>${escape(error.message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>
`
}

/**
 * IAM's StringLike: `*` any run of characters, `?` one character.
 * @param {string} pattern
 * @param {unknown} value
 */
function globMatch(pattern, value) {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.')
  return typeof value === 'string' && new RegExp(`^${re}$`, 's').test(value)
}

/** @param {string} s */
function escape(s) {
  return String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
