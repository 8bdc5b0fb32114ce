// The emulator's STS and GitHub OIDC token endpoint (issue 15): a workflow's renewal of its own
// credentials, through the real @actions/core getIDToken, the real STS client and credential
// providers, and the AWS CLI; credentials that expire, answered ExpiredTokenException by
// Personalize and by the emulator's S3.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getIDToken } from '@actions/core'
import {
  ListDatasetImportJobsCommand,
  PersonalizeClient,
  type PersonalizeClientConfig
} from '@aws-sdk/client-personalize'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers'
import {
  DEFAULT_CREDENTIALS,
  startEmulator,
  startS3Folder,
  type Emulator,
  type EmulatorOptions
} from '../../emulator/index.js'
import { awsCli, sdkFailure } from './witness.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/gha-role`
const SUBJECT = 'repo:our-org/our-repo:ref:refs/heads/main'

const emulators: Emulator[] = []
async function emulator(options: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator(options)
  emulators.push(emu)
  return emu
}
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()))
})

const sts = (emu: Emulator) =>
  new STSClient({ endpoint: emu.url, region: REGION, credentials: DEFAULT_CREDENTIALS })
const personalize = (emu: Emulator, credentials: PersonalizeClientConfig['credentials']) =>
  new PersonalizeClient({ endpoint: emu.url, region: REGION, credentials, maxAttempts: 1 })
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
const assume = (emu: Emulator, token: string, more: Record<string, unknown> = {}) =>
  sts(emu).send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: ROLE,
      RoleSessionName: 'renewal-1',
      WebIdentityToken: token,
      ...more
    })
  )
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('GitHub OIDC token endpoint', () => {
  const saved = { ...process.env }
  // getIDToken prints ::debug:: and ::add-mask:: lines (the token) for the runner: not for the log.
  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  })
  afterEach(() => {
    jest.restoreAllMocks()
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved.ACTIONS_ID_TOKEN_REQUEST_URL
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = saved.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    if (saved.ACTIONS_ID_TOKEN_REQUEST_URL === undefined)
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
    if (saved.ACTIONS_ID_TOKEN_REQUEST_TOKEN === undefined)
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  })

  it('issues GitHub-shaped short-lived tokens to @actions/core getIDToken', async () => {
    const emu = await emulator({ oidc: { tokenSeconds: 120 } })
    const oidc = emu.oidc!
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = oidc.requestUrl
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidc.requestToken
    const before = Math.floor(Date.now() / 1000)
    const jwt = await getIDToken('sts.amazonaws.com')
    const claims = claimsOf(jwt)
    expect(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString())).toMatchObject({
      alg: 'RS256',
      typ: 'JWT'
    })
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      sub: SUBJECT,
      aud: 'sts.amazonaws.com',
      repository: 'our-org/our-repo',
      repository_owner: 'our-org',
      ref: 'refs/heads/main',
      runner_environment: 'github-hosted'
    })
    expect(claims.exp).toBe((claims.iat as number) + 120)
    expect(claims.nbf).toBe((claims.iat as number) - 600)
    expect(claims.iat).toBeGreaterThanOrEqual(before)
    expect(oidc.requests).toEqual([
      { audience: 'sts.amazonaws.com', authorized: true, status: 200 }
    ])
  })

  it('answers a wrong bearer 401 and issues nothing', async () => {
    const emu = await emulator({ oidc: {} })
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = emu.oidc!.requestUrl
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'not-the-token'
    await expect(getIDToken('sts.amazonaws.com')).rejects.toThrow(/Error Code : 401/)
    expect(emu.oidc!.requests).toEqual([
      { audience: 'sts.amazonaws.com', authorized: false, status: 401 }
    ])
  })
})

describe('STS AssumeRoleWithWebIdentity', () => {
  it('issues credentials that expire after the chosen seconds, then Personalize answers ExpiredTokenException', async () => {
    const emu = await emulator({ sts: { credentialSeconds: 2 } })
    const started = Date.now()
    const out = await assume(emu, emu.oidc!.issue('sts.amazonaws.com'))
    expect(out.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/renewal-1`,
      AssumedRoleId: expect.stringMatching(/^AROA[0-9A-F]{16}:renewal-1$/)
    })
    expect(out.SubjectFromWebIdentityToken).toBe(SUBJECT)
    expect(out.Audience).toBe('sts.amazonaws.com')
    expect(out.Provider).toBe('https://token.actions.githubusercontent.com')
    const c = out.Credentials!
    expect(c.AccessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/)
    // The answer tells the truth about the short lifetime (whole seconds on the wire).
    expect(c.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 1000)
    expect(c.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 2000)
    const client = personalize(emu, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!
    })
    await expect(client.send(new ListDatasetImportJobsCommand({}))).resolves.toMatchObject({
      datasetImportJobs: []
    })
    await sleep(Math.max(0, c.Expiration!.getTime() + 1000 - Date.now()))
    expect(await sdkFailure(client.send(new ListDatasetImportJobsCommand({})))).toEqual({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      status: 400
    })
    // Unsigned, as the SDK sends it: no Authorization header, and the Action in the form body.
    const call = emu.requests.find((r) => r.operation === 'AssumeRoleWithWebIdentity')!
    expect(call.credential).toBeNull()
    expect(call.body).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'renewal-1'
    })
    expect(emu.requests.at(-1)).toMatchObject({
      operation: 'ListDatasetImportJobs',
      status: 400,
      errorType: 'ExpiredTokenException'
    })
    expect(emu.issuedCredentials().map((i) => i.accessKeyId)).toEqual([c.AccessKeyId])
  })

  it('renews through fromWebToken and fromTokenFile: fresh credentials keep working', async () => {
    const emu = await emulator({ sts: { credentialSeconds: 900 } })
    const clientConfig = { endpoint: emu.url, region: REGION }
    const web = await fromWebToken({
      roleArn: ROLE,
      roleSessionName: 'from-web-token',
      webIdentityToken: emu.oidc!.issue('sts.amazonaws.com'),
      clientConfig
    })()
    expect(web.expiration!.getTime() - Date.now()).toBeGreaterThan(890_000)
    const dir = mkdtempSync(join(tmpdir(), 'oidc-'))
    const file = join(dir, 'token')
    writeFileSync(file, emu.oidc!.issue('sts.amazonaws.com'))
    const fromFile = await fromTokenFile({
      webIdentityTokenFile: file,
      roleArn: ROLE,
      roleSessionName: 'from-token-file',
      clientConfig
    })()
    for (const credentials of [web, fromFile]) {
      const who = await new STSClient({ ...clientConfig, credentials }).send(
        new GetCallerIdentityCommand({})
      )
      expect(who.Arn).toMatch(/assumed-role\/gha-role\/from-(web-token|token-file)$/)
      await expect(
        personalize(emu, credentials).send(new ListDatasetImportJobsCommand({}))
      ).resolves.toBeDefined()
    }
    expect(emu.issuedCredentials()).toHaveLength(2)
  })

  it.each([
    [
      'a token for another audience',
      (emu: Emulator) => emu.oidc!.issue('https://github.com/our-org'),
      {},
      { name: 'InvalidIdentityTokenException', message: 'Incorrect token audience', status: 400 }
    ],
    [
      'a token not signed by the issuer',
      (emu: Emulator) => {
        const [h, b] = emu.oidc!.issue('sts.amazonaws.com').split('.')
        return `${h}.${b}.${Buffer.from('forged').toString('base64url')}`
      },
      {},
      {
        name: 'InvalidIdentityTokenException',
        message:
          'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
        status: 400
      }
    ],
    [
      'another role than the one trusting GitHub',
      (emu: Emulator) => emu.oidc!.issue('sts.amazonaws.com'),
      { RoleArn: `arn:aws:iam::${ACCOUNT}:role/other` },
      {
        name: 'AccessDenied',
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        status: 403
      }
    ],
    [
      'DurationSeconds over the role maximum',
      (emu: Emulator) => emu.oidc!.issue('sts.amazonaws.com'),
      { DurationSeconds: 7200 },
      {
        name: 'ValidationError',
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        status: 400
      }
    ],
    [
      'DurationSeconds under 900',
      (emu: Emulator) => emu.oidc!.issue('sts.amazonaws.com'),
      { DurationSeconds: 60 },
      {
        name: 'ValidationError',
        message:
          "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
        status: 400
      }
    ]
  ])('refuses %s with the real error', async (_what, token, more, expected) => {
    const emu = await emulator({ sts: {} })
    expect(await sdkFailure(assume(emu, token(emu), more))).toEqual(expected)
    expect(emu.issuedCredentials()).toEqual([])
  })

  it("refuses a sub the trust policy's condition does not match", async () => {
    const emu = await emulator({
      sts: { subject: 'repo:our-org/our-repo:ref:refs/heads/release-*' },
      oidc: { ref: 'refs/heads/feature' }
    })
    expect(await sdkFailure(assume(emu, emu.oidc!.issue('sts.amazonaws.com')))).toEqual({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      status: 403
    })
  })

  it('refuses an expired GitHub token with ExpiredTokenException and its real text', async () => {
    const emu = await emulator({ sts: {}, oidc: { tokenSeconds: 1 } })
    const token = emu.oidc!.issue('sts.amazonaws.com')
    const exp = claimsOf(token).exp as number
    await sleep(Math.max(0, exp * 1000 + 50 - Date.now()))
    const got = await sdkFailure(assume(emu, token))
    expect(got).toEqual({
      name: 'ExpiredTokenException',
      message: expect.stringMatching(
        new RegExp(
          `^Token expired: current date/time \\d+ must be before the expiration date/time${exp}$`
        )
      ),
      status: 400
    })
  })

  it('answers idp-communication-error in the query protocol (the SDK retries it), then issues', async () => {
    const emu = await emulator({
      sts: {},
      faults: [
        { operation: 'AssumeRoleWithWebIdentity', kind: 'idp-communication-error', count: Infinity }
      ]
    })
    const token = emu.oidc!.issue('sts.amazonaws.com')
    const got = await sdkFailure(assume(emu, token))
    expect(got).toEqual({
      name: 'IDPCommunicationErrorException',
      message:
        'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions.',
      status: 400
    })
    // The STS model marks it retryable: the SDK's three attempts all met the fault.
    expect(emu.requests.map((r) => [r.operation, r.errorType])).toEqual(
      Array(3).fill(['AssumeRoleWithWebIdentity', 'IDPCommunicationError'])
    )
    emu.clearFaults()
    await expect(assume(emu, token)).resolves.toMatchObject({ Credentials: expect.any(Object) })
  })

  it("GetCallerIdentity names the step's role without its path, and is signed for sts", async () => {
    const emu = await emulator({
      sts: { roleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy/gha-role` }
    })
    const who = await sts(emu).send(new GetCallerIdentityCommand({}))
    expect({ ...who, $metadata: undefined }).toEqual({
      $metadata: undefined,
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/GitHubActions`,
      UserId: expect.stringMatching(/^AROA[0-9A-F]{16}:GitHubActions$/)
    })
    expect(emu.requests.at(-1)).toMatchObject({
      operation: 'GetCallerIdentity',
      status: 200,
      credential: { accessKeyId: DEFAULT_CREDENTIALS.accessKeyId, service: 'sts' }
    })
  })
})

describe("the step's own credentials expiring", () => {
  it('answers ExpiredTokenException after credentialsExpireSeconds, from Personalize, STS and the S3 folder', async () => {
    const emu = await emulator({ credentialsExpireSeconds: 1 })
    const root = mkdtempSync(join(tmpdir(), 's3-expiry-'))
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(root, 'data'))
    writeFileSync(join(root, 'data', 'a.csv'), 'USER_ID,ITEM_ID,TIMESTAMP\n')
    const s3 = await startS3Folder({ root, refuse: (a) => emu.s3Refusal(a) })
    try {
      const s3Client = new S3Client({
        endpoint: s3.url,
        region: REGION,
        forcePathStyle: true,
        credentials: DEFAULT_CREDENTIALS,
        maxAttempts: 1
      })
      const client = personalize(emu, DEFAULT_CREDENTIALS)
      await expect(client.send(new ListDatasetImportJobsCommand({}))).resolves.toBeDefined()
      await expect(
        s3Client.send(new GetObjectCommand({ Bucket: 'data', Key: 'a.csv' }))
      ).resolves.toBeDefined()
      await sleep(1100)
      expect(await sdkFailure(client.send(new ListDatasetImportJobsCommand({})))).toEqual({
        name: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        status: 400
      })
      expect(await sdkFailure(sts(emu).send(new GetCallerIdentityCommand({})))).toEqual({
        name: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        status: 400
      })
      expect(
        await sdkFailure(s3Client.send(new GetObjectCommand({ Bucket: 'data', Key: 'a.csv' })))
      ).toEqual({ name: 'ExpiredToken', message: 'The provided token has expired.', status: 400 })
      // A key the emulator never issued is still unrecognised, not expired.
      expect(
        await sdkFailure(
          personalize(emu, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(
            new ListDatasetImportJobsCommand({})
          )
        )
      ).toMatchObject({ name: 'UnrecognizedClientException', status: 403 })
    } finally {
      await s3.close()
    }
  })
})

describe('STS through the AWS CLI', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await emulator({ sts: { credentialSeconds: 1200 } })
  })
  const assumeByCli = (token: string) =>
    awsCli(emu.url, [
      'sts',
      'assume-role-with-web-identity',
      '--role-arn',
      ROLE,
      '--role-session-name',
      'cli-witness',
      '--web-identity-token',
      token
    ])

  it('assume-role-with-web-identity returns the credentials, unsigned', async () => {
    const run = await assumeByCli(emu.oidc!.issue('sts.amazonaws.com'))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA/)
    expect(Date.parse(out.Credentials.Expiration) - Date.now()).toBeGreaterThan(1_190_000)
    expect(out.AssumedRoleUser.Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/cli-witness`
    )
    expect(out.SubjectFromWebIdentityToken).toBe(SUBJECT)
  })

  it('shows the wrong-audience error as botocore parses it', async () => {
    const run = await assumeByCli(emu.oidc!.issue('api://AzureADTokenExchange'))
    expect(run.code).toBe(255)
    expect(run.stderr.trim()).toBe(
      'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience'
    )
  })
})
