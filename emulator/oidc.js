// GitHub's OIDC token endpoint as a runner offers it to a job with `id-token: write`: the job
// reads ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, sends
// `GET <url>&audience=<aud>` with `Authorization: Bearer <token>` and gets `{"value": "<jwt>"}`.
// The JWT is RS256-signed with GitHub's claims; the emulator's STS (sts.js) verifies it with the
// key pair made here, as AWS verifies GitHub's tokens with the keys of the issuer's JWKS.
// Token times use the real clock, as AWS and the SDK's credential expiry do.
import { generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto'
import { createServer } from 'node:http'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
/** GitHub's tokens live five minutes (exp - iat) and are valid from ten minutes back (nbf). */
const DEFAULT_TOKEN_SECONDS = 300
const NBF_SKEW_S = 600

/**
 * @typedef {import('./index.js').OidcOptions} OidcOptions
 * @typedef {Record<string, any>} Claims
 */

/**
 * Starts the token endpoint on 127.0.0.1.
 * @param {OidcOptions & { port?: number }} [options]
 */
export async function startOidc(options = {}) {
  const repository = options.repository ?? 'our-org/our-repo'
  const ref = options.ref ?? 'refs/heads/main'
  const subject = options.subject ?? `repo:${repository}:ref:${ref}`
  const tokenSeconds = options.tokenSeconds ?? DEFAULT_TOKEN_SECONDS
  const requestToken = options.requestToken ?? `oidc-request-${randomUUID()}`
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = randomUUID()
  /** @type {{ audience: string | null, authorized: boolean, status: number }[]} */
  const requests = []

  /** @param {string} audience */
  const issue = (audience) => {
    const iat = Math.floor(Date.now() / 1000)
    const [owner] = repository.split('/')
    /** @type {Claims} */
    const claims = {
      jti: randomUUID(),
      sub: subject,
      aud: audience,
      ref,
      sha: '0123456789abcdef0123456789abcdef01234567',
      repository,
      repository_owner: owner,
      repository_owner_id: '1000001',
      run_id: '4242424242',
      run_number: '7',
      run_attempt: '1',
      repository_visibility: 'private',
      repository_id: '2000002',
      actor_id: '3000003',
      actor: 'octocat',
      workflow: 'import',
      head_ref: '',
      base_ref: '',
      event_name: 'push',
      ref_protected: 'true',
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      workflow_ref: `${repository}/.github/workflows/import.yml@${ref}`,
      workflow_sha: '0123456789abcdef0123456789abcdef01234567',
      job_workflow_ref: `${repository}/.github/workflows/import.yml@${ref}`,
      job_workflow_sha: '0123456789abcdef0123456789abcdef01234567',
      runner_environment: 'github-hosted',
      iss: GITHUB_ISSUER,
      nbf: iat - NBF_SKEW_S,
      exp: iat + tokenSeconds,
      iat
    }
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }))
    const body = b64url(JSON.stringify(claims))
    const signature = sign('sha256', Buffer.from(`${head}.${body}`), privateKey)
    return `${head}.${body}.${signature.toString('base64url')}`
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    /** @param {number} status @param {unknown} payload */
    const answer = (status, payload) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(payload))
    }
    if (url.pathname === '/.well-known/openid-configuration')
      return answer(200, {
        issuer: GITHUB_ISSUER,
        jwks_uri: `${GITHUB_ISSUER}/.well-known/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository']
      })
    if (url.pathname === '/.well-known/jwks')
      return answer(200, {
        keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }]
      })
    const audience = url.searchParams.get('audience')
    const authorized = req.headers.authorization === `Bearer ${requestToken}`
    const status = url.pathname !== '/idtoken' ? 404 : authorized ? 200 : 401
    requests.push({ audience, authorized, status })
    if (status === 404) return answer(404, { message: 'Not Found' })
    // A wrong or missing bearer: the runtime's answer carries no token.
    if (status === 401) return answer(401, { message: 'Unauthorized' })
    // Without an audience GitHub uses the URL of the repository owner.
    answer(200, {
      count: 1,
      value: issue(audience ?? `https://github.com/${repository.split('/')[0]}`)
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const base = `http://127.0.0.1:${port}`

  return {
    /** The value of ACTIONS_ID_TOKEN_REQUEST_URL (getIDToken appends `&audience=...`). */
    requestUrl: `${base}/idtoken?api-version=2.0`,
    requestToken,
    subject,
    requests,
    /** A token as the endpoint would issue it now, for tests that call STS directly. */
    issue,
    /**
     * The token's claims when its signature is ours; null when it is not a JWT or not signed by
     * this issuer. Times are not checked here: STS answers an expired token with its own error.
     * @param {string} token
     * @returns {Claims | null}
     */
    verify(token) {
      const parts = token.split('.')
      if (parts.length !== 3) return null
      try {
        const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
        if (head.alg !== 'RS256' || head.kid !== kid) return null
        const ok = verify(
          'sha256',
          Buffer.from(`${parts[0]}.${parts[1]}`),
          publicKey,
          Buffer.from(parts[2], 'base64url')
        )
        return ok ? JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) : null
      } catch {
        return null
      }
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    }
  }
}

/** @param {string} text */
function b64url(text) {
  return Buffer.from(text).toString('base64url')
}
