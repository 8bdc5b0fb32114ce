// Credentials that outlast a wait. Imports take hours; the credentials most workflows have
// (configure-aws-credentials with OIDC) last one hour and cannot be refreshed. When the job grants
// `id-token: write` (the runner then sets ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN), the run renews
// its own: a fresh GitHub ID token for audience sts.amazonaws.com, then STS
// AssumeRoleWithWebIdentity for the role, before the credentials run out (when their expiry is
// known) or at the first expired-token answer. Every client of the run (Personalize, S3) signs with
// the one provider here, and a call answered "expired" is sent again once renewed, so no request is
// lost. The role: AWS_ROLE_ARN when set (the SDK's own variable for web identity), else the role
// behind the step's credentials, read with GetCallerIdentity at the start (its ARN has no role path:
// a role with a path needs AWS_ROLE_ARN). Without id-token: write nothing here loads, and an expired
// answer carries why no renewal was possible, for the advice.
import type { AwsCredentialIdentity, Client } from '@smithy/types'
import type { Transport } from './transport.js'

/** Why an expired answer could not be ridden out, for the advice (aws-errors.ts). */
export interface RenewalNote {
  /** no-id-token: the job has no id-token: write; no-role: the role is unknown; refused: STS or the token endpoint said no. */
  cause: 'no-id-token' | 'no-role' | 'refused'
  /** The refusal, as "Code: message". */
  detail?: string
  roleArn?: string
  /** The action as a workflow names it (GITHUB_ACTION_REPOSITORY@GITHUB_ACTION_REF), if known. */
  action?: string
}

/** The property an expired-token error carries its RenewalNote in. */
export const RENEWAL = 'renewal'

const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken'])

export function isExpiredAnswer(error: unknown): boolean {
  return EXPIRED.has((error as { name?: string } | undefined)?.name ?? '')
}

/** The STS session name configure-aws-credentials gives by default. */
const SESSION_NAME = 'GitHubActions'
/** What configure-aws-credentials asks for by default, and every role's maximum allows. */
const SESSION_SECONDS = 3600
/** Renew this long before the expiry, or a fifth of the lifetime when that is shorter. */
const EARLY_MS = 5 * 60_000
/** Sends of one call after expired answers: the first, and one after each renewal. */
const MAX_SENDS = 3

type Provider = ((options?: unknown) => Promise<AwsCredentialIdentity>) & { memoized: true }

export interface CredentialSession {
  /** The provider every client signs with; undefined leaves the SDK's default chain. */
  provider?: Provider
  /** Credentials renewed so far. */
  renewals(): number
  /** Sends a call again after an expired answer, once renewed; else annotates the error. */
  watch(client: Client<never, never, never>): void
}

export interface SessionOptions {
  env: Record<string, string | undefined>
  region: string
  transport: Transport
  now?: () => number
  log: (line: string) => void
}

export async function startSession(o: SessionOptions): Promise<CredentialSession> {
  const { env } = o
  const action = env.GITHUB_ACTION_REPOSITORY
    ? `${env.GITHUB_ACTION_REPOSITORY}${env.GITHUB_ACTION_REF ? `@${env.GITHUB_ACTION_REF}` : ''}`
    : undefined
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const note: RenewalNote = { cause: 'no-id-token', action }
    return { renewals: () => 0, watch: (client) => watch(client, async () => note) }
  }
  return renewingSession(o, action)
}

async function renewingSession(o: SessionOptions, action?: string): Promise<CredentialSession> {
  const now = o.now ?? Date.now
  const [{ fromNodeProviderChain }, sts, core] = await Promise.all([
    import('@aws-sdk/credential-providers'),
    import('@aws-sdk/client-sts'),
    import('@actions/core')
  ])
  // The SDK resolves STS's regional endpoint (another domain in China); the proxy is chosen for
  // that host.
  const endpoint = o.env.AWS_ENDPOINT_URL_STS?.trim() || undefined
  const host = `https://sts.${o.region}.amazonaws.com${o.region.startsWith('cn-') ? '.cn' : ''}`
  const stsClient = (credentials?: () => Promise<AwsCredentialIdentity>) =>
    new sts.STSClient({
      region: o.region,
      endpoint,
      requestHandler: o.transport.handlerFor(new URL(endpoint ?? host)),
      ...(credentials ? { credentials } : {})
    })
  const base = fromNodeProviderChain()
  // The step's own credentials, read at the first call (as the SDK reads them).
  let current: AwsCredentialIdentity | undefined
  let obtainedAt = now()
  let generation = 0
  let renewals = 0
  let note: RenewalNote | undefined

  let roleArn = o.env.AWS_ROLE_ARN?.trim() || undefined
  if (!roleArn) {
    try {
      const me = await stsClient(async () => (current ??= await base())).send(
        new sts.GetCallerIdentityCommand({})
      )
      roleArn = roleOf(me.Arn ?? '')
      if (!roleArn) note = { cause: 'no-role', detail: `the step's identity is ${me.Arn}`, action }
    } catch (error) {
      note = { cause: 'no-role', detail: codeAndMessage(error), action }
    }
  }

  let pending: Promise<boolean> | undefined
  const renew = async (): Promise<boolean> => {
    if (!roleArn) return false
    try {
      const token = await core.getIDToken('sts.amazonaws.com')
      const out = await stsClient().send(
        new sts.AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: SESSION_NAME,
          WebIdentityToken: token,
          DurationSeconds: SESSION_SECONDS
        })
      )
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials')
      current = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration
      }
      obtainedAt = now()
      generation++
      renewals++
      note = undefined
      o.log(
        `Renewed the AWS credentials through GitHub's OIDC provider and AssumeRoleWithWebIdentity (${roleArn})${c.Expiration ? `; they expire at ${c.Expiration.toISOString()}` : ''}.`
      )
      return true
    } catch (error) {
      note = { cause: 'refused', detail: codeAndMessage(error), roleArn, action }
      o.log(`Could not renew the AWS credentials: ${note.detail}`)
      return false
    }
  }
  // Concurrent calls (the wait action's jobs) share one renewal.
  const renewOnce = () => (pending ??= renew().finally(() => (pending = undefined)))

  const due = () => {
    const expiry = current?.expiration?.getTime()
    if (expiry === undefined) return false
    const early = Math.min(EARLY_MS, (expiry - obtainedAt) / 5)
    return now() >= expiry - early
  }
  const provider = Object.assign(
    async () => {
      // Renewed early, so no call meets an expired key; a failed early renewal keeps the old
      // credentials, which still work until they expire.
      current ??= await base()
      if (due() && roleArn && !note) await renewOnce()
      return current
    },
    { memoized: true as const }
  )
  return {
    provider,
    renewals: () => renewals,
    watch: (client) =>
      watch(
        client,
        async (sentWith) => {
          // Another call renewed them meanwhile: send again with the new ones.
          if (sentWith !== generation) return undefined
          if (!roleArn) return note
          return (await renewOnce()) ? undefined : note
        },
        () => generation
      )
  }
}

/**
 * Sends a call again after an expired answer when `renewal` renews the credentials (it returns
 * undefined); otherwise the error goes on with the note of why not.
 */
function watch(
  client: Client<never, never, never>,
  renewal: (sentWith: number) => Promise<RenewalNote | undefined>,
  generation: () => number = () => 0
): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      for (let sends = 1; ; sends++) {
        const sentWith = generation()
        try {
          return await next(args)
        } catch (error) {
          if (!isExpiredAnswer(error)) throw error
          const note = sends < MAX_SENDS ? await renewal(sentWith) : undefined
          if (note || sends >= MAX_SENDS) {
            if (note && error instanceof Error) Object.assign(error, { [RENEWAL]: note })
            throw error
          }
        }
      }
    },
    // Before serializing: each send is built, signed and retried by the SDK anew.
    { step: 'initialize', priority: 'high', name: 'renewExpiredCredentials' }
  )
}

/** arn:aws:sts::123:assumed-role/NAME/session gives arn:aws:iam::123:role/NAME (no path). Pure. */
export function roleOf(callerArn: string): string | undefined {
  const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn)
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined
}

function codeAndMessage(error: unknown): string {
  const e = error as { name?: string; message?: string }
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`
}
