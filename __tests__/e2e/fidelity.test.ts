// The two create-time errors the service model lists that the other suites do not provoke:
// ResourceInUseException and the request-rate LimitExceededException (same code as the 5-imports
// quota, another message). dist/index.js against the emulator, the exact outcome of each.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { CREDENTIALS, importRunner, visible, type ActionRun } from './runner.js'
import { ACCOUNT, REGION, datasetArn as dataset, jobArn } from './fixture.js'

const RATE = 'The limit on the number of requests per second has been exceeded.'

let emu: Emulator
const runs: ActionRun[] = []

beforeAll(async () => {
  emu = await startEmulator({
    region: REGION,
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    datasets: ['in-use', 'rate-1', 'rate-2', 'rate-3'].map((g) => ({ datasetArn: dataset(g) })),
    jobs: { pendingSeconds: 0.5, inProgressSeconds: 1 }
  })
})
afterAll(async () => emu.close())
beforeEach(() => emu.clearRequests())

const run = importRunner(
  () => ({
    'data-source': 's3://retail-data/interactions/',
    'role-arn': `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`,
    'endpoint-url': emu.url,
    region: REGION,
    'poll-interval': '1',
    'wait-timeout': '30s'
  }),
  runs
)

/** The creates the emulator saw: [SDK attempt header, status, error type]. */
const creates = () =>
  emu.requests
    .filter((r) => r.operation === 'CreateDatasetImportJob')
    .map((r) => [r.headers['amz-sdk-request'], r.status, r.errorType])

describe('ResourceInUseException on create', () => {
  // With on-busy: wait (the default) it is a race lost to another run: long-waits.test.ts.
  it('with on-busy: fail, fails at once, with the dataset named and what to do, and creates nothing', async () => {
    emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'resource-in-use' })
    const r = await run({
      'dataset-arn': dataset('in-use'),
      'job-name': 'in-use-1',
      'on-busy': 'fail'
    })
    expect(r.exitCode).toBe(1)
    expect(r.annotations.map((a) => [a.level, a.title, a.message])).toEqual([
      [
        'error',
        'CreateDatasetImportJob failed',
        `CreateDatasetImportJob failed: ResourceInUseException: Resource ${dataset('in-use')} is in use.\n` +
          'The dataset is busy (another import or a deletion is in progress). Wait for it to finish, then run again.\n' +
          'No import job was created.'
      ]
    ])
    // Not retried: neither the SDK nor the action counts it as passing.
    expect(creates()).toEqual([['attempt=1; max=3', 409, 'ResourceInUseException']])
    expect(r.outputs['dataset-import-job-arn']).toBeUndefined()
    expect(emu.jobs().map((j) => j.jobName)).not.toContain('in-use-1')
  })
})

describe('the request-rate LimitExceededException on create', () => {
  it('is retried by the SDK: two refusals, then the job is created and reaches ACTIVE', async () => {
    emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'rate-exceeded', count: 2 })
    const r = await run({ 'dataset-arn': dataset('rate-1'), 'job-name': 'rate-1' })
    expect([r.exitCode, r.outputs.status, r.outputs['dataset-import-job-arn']]).toEqual([
      0,
      'ACTIVE',
      jobArn('rate-1')
    ])
    expect(creates()).toEqual([
      ['attempt=1; max=3', 409, 'LimitExceededException'],
      ['attempt=2; max=3', 409, 'LimitExceededException'],
      ['attempt=3; max=3', 200, null]
    ])
    expect(r.annotations).toEqual([])
  })

  it('when it lasts, is retried by the action until the deadline and reported as throttling, not as the quota', async () => {
    emu.injectFault({ operation: 'CreateDatasetImportJob', kind: 'rate-exceeded', count: Infinity })
    try {
      const r = await run({
        'dataset-arn': dataset('rate-2'),
        'job-name': 'rate-2',
        // Room for a second round of attempts after the SDK's three even when the process starts
        // slowly on a loaded machine (4 s once left room for one round only).
        'wait-timeout': '8s'
      })
      expect(r.exitCode).toBe(1)
      expect(r.annotations.map((a) => [a.level, a.title, a.message])).toEqual([
        [
          'error',
          'CreateDatasetImportJob failed',
          `CreateDatasetImportJob failed: LimitExceededException: ${RATE}\n` +
            'AWS is throttling the calls; the action backs off.\n' +
            'No import job was created.'
        ]
      ])
      expect(visible(r)).not.toContain('At most 5 dataset import jobs')
      // More than one round of the SDK's 3 attempts: the action tried again itself.
      const seen = creates()
      expect(seen.length).toBeGreaterThan(3)
      expect(
        seen.every(([, status, type]) => status === 409 && type === 'LimitExceededException')
      ).toBe(true)
      expect(emu.jobs().map((j) => j.jobName)).not.toContain('rate-2')
    } finally {
      emu.clearFaults()
    }
  })

  it('on DescribeDatasetImportJob is throttling too: the job still reaches ACTIVE', async () => {
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'rate-exceeded', count: 4 })
    const r = await run({ 'dataset-arn': dataset('rate-3'), 'job-name': 'rate-3' })
    expect([r.exitCode, r.outputs.status]).toEqual([0, 'ACTIVE'])
    expect(
      emu.requests.filter(
        (x) => x.operation === 'DescribeDatasetImportJob' && x.fault === 'rate-exceeded'
      )
    ).toHaveLength(4)
    expect(creates()).toEqual([['attempt=1; max=3', 200, null]])
  })
})

it('never shows a credential secret, across every run', () => {
  expect(runs.length).toBeGreaterThan(0)
  for (const r of runs) {
    expect(visible(r)).not.toContain(CREDENTIALS.secretAccessKey)
    expect(visible(r)).not.toContain(CREDENTIALS.sessionToken)
  }
})
