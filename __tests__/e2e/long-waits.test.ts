// Issue 15, end to end on the bundle (Node 24) against the emulator: credentials that expire
// mid-wait and are renewed through GitHub's OIDC provider and STS; the advice when they cannot be;
// a window of refused connections survived by both actions; a create race with on-busy: wait; a
// nextToken that repeats; a proxy without a scheme with the pre-flight on; a partial environment;
// a runner clock ten minutes off.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  startEmulator,
  startS3Folder,
  type Emulator,
  type EmulatorOptions
} from '../../emulator/index.js'
import { CREDENTIALS, runAction, runWaitAction, visible, type ActionRun } from './runner.js'
import { ACCOUNT, DATASET, ROLE, jobArn } from './fixture.js'
import { recordFigures } from './figures.js'
import { startForwardProxy } from './forward-proxy.js'

const GHA_ROLE = `arn:aws:iam::${ACCOUNT}:role/gha-role`
const ACTION = { GITHUB_ACTION_REPOSITORY: 'acme/personalize-import', GITHUB_ACTION_REF: 'v2' }

const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
})
const runs: ActionRun[] = []

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({
    region: 'us-east-1',
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    datasets: [{ datasetArn: DATASET }],
    incrementalRequiresFullImport: false,
    jobs: { pendingSeconds: 0.5, inProgressSeconds: 1 },
    ...options
  })
  closers.push(() => emu.close())
  return emu
}

/** The environment a job with `id-token: write` gives, and STS on the emulator. */
const idToken = (emu: Emulator) => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: emu.oidc!.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.oidc!.requestToken,
  AWS_ENDPOINT_URL_STS: emu.url
})

async function importRun(
  emu: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  timeoutMs = 60_000
): Promise<ActionRun> {
  const run = await runAction({
    inputs: {
      'dataset-arn': DATASET,
      'data-source': 's3://retail-data/interactions/',
      'role-arn': ROLE,
      'endpoint-url': emu.url,
      region: 'us-east-1',
      'poll-interval': '1',
      'wait-timeout': '60s',
      'import-mode': 'INCREMENTAL',
      ...inputs
    },
    env,
    timeoutMs
  })
  runs.push(run)
  return run
}

async function waitRun(
  emu: Emulator,
  arn: string,
  env: Record<string, string | undefined> = {}
): Promise<ActionRun> {
  const run = await runWaitAction({
    inputs: {
      'dataset-import-job-arn': arn,
      'endpoint-url': emu.url,
      region: 'us-east-1',
      'poll-interval': '1',
      'wait-timeout': '60s'
    },
    env,
    timeoutMs: 60_000
  })
  runs.push(run)
  return run
}

const count = (emu: Emulator, what: (r: Emulator['requests'][number]) => boolean) =>
  emu.requests.filter(what).length

describe('credentials that expire during the wait', () => {
  it('a wait of ten credential lifetimes ends ACTIVE, renewing them, with no request lost', async () => {
    // The step's credentials last 8 s from the emulator's start (a process start on a loaded
    // machine takes seconds); each renewal's last 2 s, through 20 s more of the import.
    const emu = await emulator({
      credentialsExpireSeconds: 8,
      sts: { roleArn: GHA_ROLE, subject: 'repo:our-org/*', credentialSeconds: 2 },
      oidc: { repository: 'our-org/shop.web' },
      jobs: { pendingSeconds: 1, inProgressSeconds: 27 }
    })
    const run = await importRun(emu, { 'job-name': 'long-renewed' }, idToken(emu))
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      status: 'ACTIVE',
      'dataset-import-job-arn': jobArn('long-renewed')
    })
    const issued = emu.issuedCredentials()
    const renewedLines = run.stdout.match(/Renewed the AWS credentials/g) ?? []
    expect(issued.length).toBeGreaterThanOrEqual(9)
    expect(renewedLines).toHaveLength(issued.length)
    // The role came from GetCallerIdentity on the step's own credentials, once, at the start.
    expect(emu.requests.filter((r) => r.operation === 'GetCallerIdentity')).toHaveLength(1)
    expect(run.stdout).toContain(`AssumeRoleWithWebIdentity (${GHA_ROLE})`)
    // No request lost: every expired answer was sent again and the wait never missed a check.
    expect(run.stdout).not.toContain('Status check failed')
    const expired = count(emu, (r) => r.errorType === 'ExpiredTokenException')
    recordFigures('long-waits: renewal', [
      `ten credential lifetimes (2 s each, 20 s of the import after the step's own expired): ${issued.length} renewals, ${expired} expired answers sent again, 0 requests lost, run ${run.ms} ms`
    ])
    expect(run.stdout).not.toMatch(/Unexpected error/)
  }, 90_000)

  it('without id-token: write, ends with the ARN and the advice to grant it', async () => {
    const emu = await emulator({
      credentialsExpireSeconds: 8,
      jobs: { pendingSeconds: 1, inProgressSeconds: 30 }
    })
    const run = await importRun(emu, { 'job-name': 'long-expired' }, ACTION)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('long-expired'))
    const text = visible(run)
    expect(text).toContain('ExpiredTokenException')
    expect(text).toContain('The job does not grant `permissions: id-token: write`')
    expect(text).toContain('`acme/personalize-import/wait@v2`')
    expect(text).not.toContain('our-org/personalize-dataset-import')
    // The job summary says what to do too.
    expect(run.summary).toContain('id-token: write')
  }, 60_000)

  it('when STS refuses (the trust policy does not match), says which condition', async () => {
    const emu = await emulator({
      credentialsExpireSeconds: 8,
      sts: { roleArn: GHA_ROLE, subject: 'repo:another-org/*' },
      oidc: { repository: 'our-org/shop.web' },
      jobs: { pendingSeconds: 1, inProgressSeconds: 30 }
    })
    const run = await importRun(emu, { 'job-name': 'long-refused' }, idToken(emu))
    expect(run.exitCode).toBe(1)
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('long-refused'))
    expect(visible(run)).toContain(
      `STS refused to renew them for ${GHA_ROLE} (AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity)`
    )
    expect(visible(run)).toContain('`token.actions.githubusercontent.com:sub`')
  }, 60_000)

  it('expiring while on-busy: wait waits for another import: the credentials advice, not "busy"', async () => {
    const emu = await emulator({
      credentialsExpireSeconds: 8,
      existingJobs: [
        { jobName: 'nightly', datasetArn: DATASET, status: 'CREATE IN_PROGRESS', secondsLeft: 40 }
      ]
    })
    const run = await importRun(emu, { 'job-name': 'after-nightly' })
    expect(run.exitCode).toBe(1)
    // It was waiting for nightly when they expired.
    expect(run.stdout).toContain('Import job nightly is CREATE IN_PROGRESS on this dataset')
    const text = visible(run)
    expect(text).toContain('The AWS credentials expired during the run.')
    expect(text).not.toMatch(/busy with another import/i)
    expect(text).not.toContain('longer wait-timeout')
  }, 60_000)

  it('the wait action renews them too, and without id-token: write never says to set its (absent) wait input', async () => {
    const options = {
      credentialsExpireSeconds: 8,
      sts: { roleArn: GHA_ROLE, subject: 'repo:our-org/*', credentialSeconds: 2 },
      oidc: { repository: 'our-org/shop.web' },
      existingJobs: [
        {
          jobName: 'started-earlier',
          datasetArn: DATASET,
          status: 'CREATE IN_PROGRESS' as const,
          secondsLeft: 14
        }
      ]
    }
    const renewing = await emulator(options)
    const renewed = await waitRun(renewing, jobArn('started-earlier'), idToken(renewing))
    expect(renewed.exitCode).toBe(0)
    expect(renewed.outputs.status).toBe('ACTIVE')
    expect(renewing.issuedCredentials().length).toBeGreaterThanOrEqual(2)

    const expiring = await emulator(options)
    const ended = await waitRun(expiring, jobArn('started-earlier'), ACTION)
    expect(ended.exitCode).toBe(1)
    const text = visible(ended)
    expect(text).toContain('The job does not grant `permissions: id-token: write`')
    expect(text).toContain(
      'the import step with `wait: false`, then `acme/personalize-import/wait@v2`'
    )
    expect(text).not.toContain('set wait: false')
  }, 90_000)
})

describe('the network: a refused connection after the first answer is a passing fault', () => {
  it('the import action rides out 3 s of refused connections mid-wait', async () => {
    const emu = await emulator({ jobs: { pendingSeconds: 1, inProgressSeconds: 6 } })
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'refuse', skip: 1, ms: 3000 })
    const run = await importRun(emu, { 'job-name': 'through-refusal' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.stdout).toMatch(
      /Status check failed after .* \((ECONNREFUSED|ECONNRESET)\); trying again\./
    )
  }, 60_000)

  it('the wait action does too', async () => {
    const emu = await emulator({
      existingJobs: [
        { jobName: 'elsewhere', datasetArn: DATASET, status: 'CREATE IN_PROGRESS', secondsLeft: 7 }
      ]
    })
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'refuse', skip: 1, ms: 3000 })
    const run = await waitRun(emu, jobArn('elsewhere'))
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
  }, 60_000)

  it('before any answer, a refused connection is still a fast, clear failure', async () => {
    const emu = await emulator()
    emu.refuseConnections(10_000)
    const run = await importRun(emu, { 'job-name': 'never-reached' })
    expect(run.exitCode).toBe(1)
    expect(run.ms).toBeLessThan(10_000)
    expect(visible(run)).toContain('cannot be reached (ECONNREFUSED)')
  }, 30_000)
})

describe('a busy dataset', () => {
  it('a create race with on-busy: wait waits for the other import, then creates', async () => {
    const emu = await emulator({ faults: [{ kind: 'create-race' }] })
    const run = await importRun(emu, { 'job-name': 'raced' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      status: 'ACTIVE',
      'dataset-import-job-arn': jobArn('raced')
    })
    expect(run.stdout).toContain('the dataset became busy after it was checked')
    expect(run.stdout).toContain('Import job racing-import-1 is')
    expect(
      emu.requests
        .filter((r) => r.operation === 'CreateDatasetImportJob')
        .map((r) => r.errorType ?? 'ok')
    ).toEqual(['ResourceInUseException', 'ok'])
  }, 60_000)

  it('with on-busy: fail, the race fails at once', async () => {
    const emu = await emulator({ faults: [{ kind: 'create-race' }] })
    const run = await importRun(emu, { 'job-name': 'raced-fail', 'on-busy': 'fail' })
    expect(run.exitCode).toBe(1)
    expect(visible(run)).toContain('ResourceInUseException')
  }, 30_000)

  it('the quota error is not retried by the SDK: one request per attempt', async () => {
    const emu = await emulator({
      datasets: [
        { datasetArn: DATASET },
        ...[1, 2, 3, 4, 5].map((i) => ({ datasetArn: DATASET.replace('retail', `other-${i}`) }))
      ],
      existingJobs: [1, 2, 3, 4, 5].map((i) => ({
        jobName: `other-${i}`,
        datasetArn: DATASET.replace('retail', `other-${i}`),
        status: 'CREATE IN_PROGRESS' as const,
        secondsLeft: 6
      }))
    })
    const run = await importRun(emu, { 'job-name': 'after-quota' })
    expect(run.exitCode).toBe(0)
    const creates = emu.requests.filter((r) => r.operation === 'CreateDatasetImportJob')
    const refusedCreates = creates.filter((r) => r.errorType === 'LimitExceededException')
    expect(refusedCreates.length).toBeGreaterThan(0)
    // Each refused attempt is one request: the SDK sent no attempt=2 of its own.
    expect(refusedCreates.every((r) => /attempt=1;/.test(r.headers['amz-sdk-request'] ?? ''))).toBe(
      true
    )
    expect(run.stdout.match(/The region's 5 running imports are taken/g)).toHaveLength(
      refusedCreates.length
    )
  }, 60_000)
})

describe('pagination', () => {
  it('a nextToken that repeats stops the listing with a warning, and the import goes on', async () => {
    const emu = await emulator({
      existingJobs: Array.from({ length: 150 }, (_, i) => ({
        jobName: `failed-${i}`,
        datasetArn: DATASET,
        status: 'CREATE FAILED' as const,
        failureReason: 'Invalid Data location.'
      })),
      faults: [{ kind: 'repeat-token', count: Infinity }]
    })
    const run = await importRun(emu, { 'job-name': 'after-repeats' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(count(emu, (r) => r.operation === 'ListDatasetImportJobs')).toBe(2)
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('gave a nextToken it had given before (after 2 pages)')
      })
    )
  }, 60_000)

  it('the busy check of a dataset with 5,000 past imports reads one page', async () => {
    const emu = await emulator({ pastImports: [{ datasetArn: DATASET, count: 5000 }] })
    const run = await importRun(emu, { 'job-name': 'long-history' })
    expect(run.exitCode).toBe(0)
    const pages = count(emu, (r) => r.operation === 'ListDatasetImportJobs')
    expect(pages).toBe(1)
    recordFigures('long-waits: busy check', [
      `5,000 past imports: ${pages} page of ListDatasetImportJobs (51 before)`
    ])
  }, 60_000)
})

describe('proxies and the environment', () => {
  it('a proxy without a scheme, with the pre-flight on: Personalize through it, S3 direct by NO_PROXY', async () => {
    const proxy = await startForwardProxy()
    closers.push(() => proxy.close())
    const root = mkdtempSync(join(tmpdir(), 'lw-s3-'))
    mkdirSync(join(root, 'retail-data', 'interactions'), { recursive: true })
    writeFileSync(
      join(root, 'retail-data', 'interactions', 'part-1.csv'),
      'USER_ID,ITEM_ID,TIMESTAMP\n' +
        Array.from({ length: 1200 }, (_, i) => `u${i % 50},i${i % 70},${1700000000 + i}`).join(
          '\n'
        ) +
        '\n'
    )
    const s3 = await startS3Folder({ root })
    closers.push(() => s3.close())
    const emu = await emulator()
    const { port, proxied } = proxy
    const base = {
      'job-name': 'via-bare-proxy',
      preflight: 'auto',
      'import-mode': 'FULL',
      's3-endpoint-url': s3.url
    }
    const through = await importRun(emu, base, { HTTP_PROXY: `127.0.0.1:${port}` })
    expect(through.exitCode).toBe(0)
    expect(through.stdout).not.toContain('Unexpected error')
    // Both clients went through the proxy: Personalize's calls and the pre-flight's S3 reads.
    expect(proxied.some((u) => u.startsWith(emu.url))).toBe(true)
    expect(proxied.some((u) => u.startsWith(s3.url))).toBe(true)

    proxied.length = 0
    const split = await importRun(
      emu,
      { ...base, 'job-name': 'via-bare-proxy-2' },
      { HTTP_PROXY: `127.0.0.1:${port}`, NO_PROXY: `127.0.0.1:${s3.port}` }
    )
    expect(split.exitCode).toBe(0)
    expect(proxied.some((u) => u.startsWith(emu.url))).toBe(true)
    expect(proxied.filter((u) => u.startsWith(s3.url))).toEqual([])
    expect(s3.requests.length).toBeGreaterThan(0)
  }, 90_000)

  it('GITHUB_RUN_ID without GITHUB_REPOSITORY: the default job name, no "Unexpected error"', async () => {
    const emu = await emulator()
    const run = await importRun(emu, { 'job-name': '' }, { GITHUB_REPOSITORY: undefined })
    expect(run.stdout + run.stderr).not.toContain('Unexpected error')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.outputs['job-name']).toMatch(/^import-7771234567-1-[0-9a-f]+$/)
  }, 60_000)

  it('a runner clock ten minutes ahead still recognises a create whose answer was lost', async () => {
    const emu = await emulator()
    emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'reset-after-create' })
    const run = await importRun(
      emu,
      { 'job-name': 'lost-answer-skewed' },
      {
        NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent('const n=Date.now;Date.now=()=>n()+600000')}`
      }
    )
    expect(run.stdout).not.toContain('The existing job is not this import')
    expect(run.stdout).toContain('The answer to CreateDatasetImportJob was lost')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('lost-answer-skewed'))
  }, 60_000)
})

it('never shows a credential secret, across every run', () => {
  for (const run of runs) {
    expect(visible(run)).not.toContain(CREDENTIALS.secretAccessKey)
    expect(visible(run)).not.toContain(CREDENTIALS.sessionToken)
  }
})
