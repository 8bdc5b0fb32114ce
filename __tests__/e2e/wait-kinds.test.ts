// The wait action (dist/wait/) waits on every kind of Personalize resource the kinds table has:
// each on its own and all in one mixed list, a failure with its reason, a timeout, a cancel that
// stops a training with stop-on-cancel and one that does not without it, and the README's
// pipeline (train, wait, update the campaign, wait) driven through the SDK. Each test gets an
// emulator of its own.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateSolutionVersionCommand,
  DescribeSolutionVersionCommand,
  PersonalizeClient,
  UpdateCampaignCommand
} from '@aws-sdk/client-personalize'
import type { ChildProcess } from 'node:child_process'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import { ACCOUNT, DATASET, REGION, jobArn } from './fixture.js'
import { CREDENTIALS, runWaitAction, type ActionRun, type RunMore } from './runner.js'

const BASE = `arn:aws:personalize:${REGION}:${ACCOUNT}`
const SOLUTION = `${BASE}:solution/shop`
const VERSION = `${SOLUTION}/3ba6a5be`
const NEW_VERSION = `${SOLUTION}/5286e329`
const CAMPAIGN = `${BASE}:campaign/shop`
const GROUP = `${BASE}:dataset-group/retail`

let emu: Emulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

/**
 * The emulator's clock stands still until the first request, then runs: a seeded resource's
 * secondsLeft counts from the action's first check, however long Node takes to start on a busy
 * machine.
 */
async function emulator(more: Partial<EmulatorOptions> = {}) {
  let armed = false
  let firstAt: number | undefined
  const T0 = Date.UTC(2026, 5, 1, 12)
  emu = await startEmulator({
    credentials: CREDENTIALS,
    accountId: ACCOUNT,
    datasets: [{ datasetArn: DATASET }],
    now: () => (armed ? T0 + Date.now() - (firstAt ??= Date.now()) : T0),
    ...more
  })
  armed = true
  return emu
}

function waitRun(e: Emulator, inputs: Record<string, string>, more: RunMore = {}) {
  return runWaitAction({
    inputs: { 'endpoint-url': e.url, 'poll-interval': '1', ...inputs },
    ...more
  })
}

const operations = (e: Emulator) => e.requests.map((r) => r.operation)

/** Every kind, each ending a second or two after the start (the deletion ends gone). */
const EVERY_KIND: [string, string, Record<string, unknown>][] = [
  [
    VERSION,
    'ACTIVE',
    {
      status: 'CREATE IN_PROGRESS',
      secondsLeft: 1,
      fields: { solutionArn: SOLUTION, trainingMode: 'FULL' }
    }
  ],
  [
    CAMPAIGN,
    'ACTIVE',
    {
      fields: { solutionVersionArn: VERSION },
      update: {
        status: 'CREATE IN_PROGRESS',
        secondsLeft: 1,
        fields: { solutionVersionArn: NEW_VERSION }
      }
    }
  ],
  [
    `${BASE}:recommender/top-picks`,
    'INACTIVE',
    { status: 'STOP IN_PROGRESS', secondsLeft: 1, then: 'INACTIVE' }
  ],
  [
    `${BASE}:data-deletion-job/gdpr-1`,
    'COMPLETED',
    { status: 'IN_PROGRESS', secondsLeft: 1, fields: { numDeleted: 42 } }
  ],
  [`${BASE}:dataset-export-job/export-1`, 'ACTIVE', { status: 'CREATE PENDING', secondsLeft: 1 }],
  // The model's spelling for batch jobs: "IN PROGRESS", no prefix.
  [`${BASE}:batch-inference-job/nightly`, 'ACTIVE', { status: 'IN PROGRESS', secondsLeft: 1 }],
  [`${BASE}:batch-segment-job/segments`, 'ACTIVE', { status: 'PENDING', secondsLeft: 1 }],
  [GROUP, 'ACTIVE', { status: 'CREATE IN_PROGRESS', secondsLeft: 1 }],
  [SOLUTION, 'ACTIVE', { status: 'CREATE IN_PROGRESS', secondsLeft: 1 }],
  [`${BASE}:event-tracker/a1b2c3`, 'DELETED', { status: 'DELETE IN_PROGRESS', secondsLeft: 1 }],
  [`${BASE}:filter/no-bought`, 'ACTIVE', { status: 'CREATE PENDING', secondsLeft: 1 }]
]

describe('every kind', () => {
  it.each(EVERY_KIND)('waits on %s until it is %s', async (arn, status, seeded) => {
    const e = await emulator({ resources: [{ arn, ...seeded }] })
    const run = await waitRun(e, { arn })
    expect(run.annotations).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.statuses)).toEqual({ [arn]: status })
    expect(run.outputs.status).toBe(status)
    expect(run.outputs.succeeded).toBe('true')
    expect(run.outputs['failure-reasons']).toBe('{}')
    // At least one check saw it still going.
    expect(operations(e).length).toBeGreaterThanOrEqual(2)
  })

  it('waits on a dataset and an import job, whose ARNs share a prefix with other kinds', async () => {
    const e = await emulator({
      existingJobs: [
        { jobName: 'users-1', datasetArn: DATASET, status: 'CREATE IN_PROGRESS', secondsLeft: 1 }
      ]
    })
    const run = await waitRun(e, { arn: `${DATASET}\n${jobArn('users-1')}` })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.statuses)).toEqual({
      [DATASET]: 'ACTIVE',
      [jobArn('users-1')]: 'ACTIVE'
    })
    expect(new Set(operations(e))).toEqual(new Set(['DescribeDataset', 'DescribeDatasetImportJob']))
    expect(JSON.parse(run.outputs.details)[DATASET]).toEqual({
      kind: 'dataset',
      datasetType: 'Interactions',
      datasetGroupArn: GROUP
    })
  })

  it('waits on a mixed list at once, with the details each kind reports', async () => {
    const e = await emulator({
      resources: EVERY_KIND.map(([arn, , seeded]) => ({ arn, ...seeded })),
      existingJobs: [
        { jobName: 'users-1', datasetArn: DATASET, status: 'CREATE IN_PROGRESS', secondsLeft: 1 }
      ]
    })
    const arns = EVERY_KIND.map(([arn]) => arn)
    const started = Date.now()
    const run = await waitRun(e, {
      'dataset-import-job-arn': jobArn('users-1'),
      arn: arns.join('\n')
    })
    expect(run.annotations).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.statuses)).toEqual({
      [jobArn('users-1')]: 'ACTIVE',
      ...Object.fromEntries(EVERY_KIND.map(([arn, status]) => [arn, status]))
    })
    expect(run.outputs.succeeded).toBe('true')
    // All waited at once: about one lifetime, not eleven.
    expect(Date.now() - started).toBeLessThan(15_000)
    const details = JSON.parse(run.outputs.details)
    expect(details[VERSION]).toEqual({
      kind: 'solutionVersion',
      solutionArn: SOLUTION,
      trainingMode: 'FULL'
    })
    expect(details[CAMPAIGN]).toEqual({
      kind: 'campaign',
      solutionVersionArn: NEW_VERSION,
      'latestCampaignUpdate.solutionVersionArn': NEW_VERSION
    })
    expect(details[`${BASE}:data-deletion-job/gdpr-1`]).toEqual({
      kind: 'dataDeletionJob',
      numDeleted: 42
    })
    expect(run.stdout).toContain(
      'Waiting up to 3h for 12 resources (1 import job, 1 solution version, 1 campaign, 1 recommender, 1 data deletion job, 1 dataset export job, 1 batch inference job, 1 batch segment job, 1 dataset group, 1 solution, 1 event tracker, 1 filter) (checks at most 1s apart).'
    )
    expect(run.stdout).toContain(`Campaign shop's update is ACTIVE; it took`)
    expect(run.stdout).toContain(`now on solution version ${NEW_VERSION})`)
    expect(run.stdout).toContain('Data deletion job gdpr-1 is COMPLETED; it took')
    expect(run.stdout).toContain('(42 records deleted).')
    expect(run.stdout).toContain('Event tracker a1b2c3 is deleted.')
    expect(run.stdout).toContain('12 of 12 resources ended well.')
    expect(run.summary).toContain('<h3>Personalize resources</h3>')
    expect(run.summary).toContain('<td>users-1</td><td>dataset import job</td><td>✅ ACTIVE</td>')
  })
})

describe('how a wait ends badly', () => {
  it('fails with each failure reason, and the status of the first failure', async () => {
    const deletion = `${BASE}:data-deletion-job/gdpr-2`
    const e = await emulator({
      resources: [
        {
          arn: VERSION,
          status: 'CREATE IN_PROGRESS',
          secondsLeft: 1,
          then: 'CREATE FAILED',
          failureReason: 'Not enough interactions: at least 1000 are needed.'
        },
        {
          arn: deletion,
          status: 'PENDING',
          secondsLeft: 1,
          then: 'FAILED',
          failureReason: 'Access denied to s3://gdpr/users.csv.'
        },
        { arn: CAMPAIGN }
      ]
    })
    const run = await waitRun(e, { arn: `${VERSION}\n${deletion}\n${CAMPAIGN}` })
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs.statuses)).toEqual({
      [VERSION]: 'CREATE FAILED',
      [deletion]: 'FAILED',
      [CAMPAIGN]: 'ACTIVE'
    })
    expect(JSON.parse(run.outputs['failure-reasons'])).toEqual({
      [VERSION]: 'Not enough interactions: at least 1000 are needed.',
      [deletion]: 'Access denied to s3://gdpr/users.csv.'
    })
    expect(run.outputs.status).toBe('CREATE FAILED')
    expect(run.outputs.succeeded).toBe('false')
    expect(run.annotations.map((a) => [a.title, a.message.split('\n')[0]])).toEqual([
      [
        'Personalize solution version CREATE FAILED',
        'Solution version shop/3ba6a5be ended CREATE FAILED after 1s: Not enough interactions: at least 1000 are needed.'
      ],
      [
        'Personalize data deletion job FAILED',
        'Data deletion job gdpr-2 ended FAILED after 1s: Access denied to s3://gdpr/users.csv.'
      ]
    ])
  })

  it('says a wrong ARN was not found: never seen deleting, it is not "deleted"', async () => {
    const e = await emulator()
    const run = await waitRun(e, { arn: `${BASE}:campaign/nope` })
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs.statuses)).toEqual({ [`${BASE}:campaign/nope`]: '' })
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'DescribeCampaign failed',
        message: `DescribeCampaign failed: ResourceNotFoundException: Resource Arn ${BASE}:campaign/nope does not exist.\nThe resource ${BASE}:campaign/nope was not found in region us-east-1. Check the ARN, and that the credentials belong to its account.\nARN: ${BASE}:campaign/nope`
      }
    ])
  })

  it('refuses an ARN of a kind it cannot wait on, naming it, and sends nothing', async () => {
    const e = await emulator()
    const run = await waitRun(e, { arn: `${BASE}:schema/retail-schema\n${VERSION}` })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Invalid input',
        message: `An input is not valid; nothing was sent to AWS.\nInput \`arn\`: "${BASE}:schema/retail-schema" has nothing to wait for: a schema has no status.`
      }
    ])
    expect(operations(e)).toEqual([])
  })

  it('stops at wait-timeout saying the training goes on, and sends no stop', async () => {
    const e = await emulator({ resources: [{ arn: VERSION, status: 'CREATE IN_PROGRESS' }] })
    const run = await waitRun(e, { arn: VERSION, 'wait-timeout': '3s', 'stop-on-cancel': 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('CREATE IN_PROGRESS')
    expect(run.annotations.map((a) => a.title)).toEqual([
      'Personalize solution version still running at wait-timeout'
    ])
    expect(run.annotations[0].message).toBe(
      `Solution version shop/3ba6a5be is still CREATE IN_PROGRESS after waiting 3s (wait-timeout). Its training goes on and is billed by the hour: stop it with aws personalize stop-solution-version-creation, or set stop-on-cancel: true.\nARN: ${VERSION}\nRaise wait-timeout, or wait for it in a later step.`
    )
    expect(operations(e)).not.toContain('StopSolutionVersionCreation')
  })
})

/** Sends SIGINT once the log shows the training running. */
function cancelWhenTraining(): RunMore {
  return {
    onStart: (child: ChildProcess, stdout: () => string) => {
      const timer = setInterval(() => {
        if (!stdout().includes('[shop/3ba6a5be] CREATE IN_PROGRESS after')) return
        clearInterval(timer)
        child.kill('SIGINT')
      }, 10)
      child.on('exit', () => clearInterval(timer))
    }
  }
}

describe('a cancelled wait on a training', () => {
  const training = { resources: [{ arn: VERSION, status: 'CREATE IN_PROGRESS' }] }
  const describeVersion = (e: Emulator) =>
    new PersonalizeClient({ endpoint: e.url, region: REGION, credentials: CREDENTIALS }).send(
      new DescribeSolutionVersionCommand({ solutionVersionArn: VERSION })
    )

  it('stops the training with stop-on-cancel', async () => {
    const e = await emulator(training)
    const run: ActionRun = await waitRun(
      e,
      { arn: VERSION, 'stop-on-cancel': 'true', 'wait-timeout': '30s' },
      cancelWhenTraining()
    )
    expect(run.exitCode).toBe(1)
    const stops = e.requests.filter((r) => r.operation === 'StopSolutionVersionCreation')
    expect(stops.map((r) => [r.body, r.status])).toEqual([[{ solutionVersionArn: VERSION }, 200]])
    expect(run.annotations).toEqual([
      {
        level: 'warning',
        title: 'Stopped waiting and stopped the training',
        message: `Cancelled while Solution version shop/3ba6a5be was CREATE IN_PROGRESS: stopped waiting. StopSolutionVersionCreation sent (stop-on-cancel): the training goes CREATE STOPPING, then CREATE STOPPED, and cannot be resumed; the training done so far is billed.\nARN: ${VERSION}`
      }
    ])
    expect((await describeVersion(e)).solutionVersion?.status).toBe('CREATE STOPPING')
  })

  it('leaves the training running without it, and says so', async () => {
    const e = await emulator(training)
    const run = await waitRun(e, { arn: VERSION, 'wait-timeout': '30s' }, cancelWhenTraining())
    expect(run.exitCode).toBe(1)
    expect(operations(e)).not.toContain('StopSolutionVersionCreation')
    expect(run.annotations.map((a) => [a.level, a.title])).toEqual([['warning', 'Stopped waiting']])
    expect(run.annotations[0].message).toContain(
      'Its training goes on and is billed by the hour: stop it with aws personalize stop-solution-version-creation, or set stop-on-cancel: true.'
    )
    expect((await describeVersion(e)).solutionVersion?.status).toBe('CREATE IN_PROGRESS')
  })
})

describe("the README's pipeline: train, wait, update the campaign, wait", () => {
  it('waits on the new version, then on the campaign moving to it', async () => {
    const e = await emulator({
      jobs: { pendingSeconds: 1, inProgressSeconds: 1 },
      resources: [
        { arn: SOLUTION },
        { arn: VERSION },
        { arn: CAMPAIGN, fields: { solutionVersionArn: VERSION, minProvisionedTPS: 1 } }
      ]
    })
    const client = new PersonalizeClient({
      endpoint: e.url,
      region: REGION,
      credentials: CREDENTIALS
    })
    const { solutionVersionArn } = await client.send(
      new CreateSolutionVersionCommand({ solutionArn: SOLUTION, trainingMode: 'UPDATE' })
    )
    expect(solutionVersionArn).toMatch(
      /^arn:aws:personalize:us-east-1:123456789012:solution\/shop\/[0-9a-f]{8}$/
    )
    const trained = await waitRun(e, { arn: solutionVersionArn! })
    expect(trained.exitCode).toBe(0)
    expect(JSON.parse(trained.outputs.details)[solutionVersionArn!]).toEqual({
      kind: 'solutionVersion',
      solutionArn: SOLUTION,
      trainingMode: 'UPDATE',
      trainingType: 'MANUAL',
      trainingHours: 1 / 3600
    })
    await client.send(new UpdateCampaignCommand({ campaignArn: CAMPAIGN, solutionVersionArn }))
    const moved = await waitRun(e, { arn: CAMPAIGN })
    expect(moved.exitCode).toBe(0)
    expect(moved.outputs.status).toBe('ACTIVE')
    expect(JSON.parse(moved.outputs.details)[CAMPAIGN]).toEqual({
      kind: 'campaign',
      minProvisionedTPS: 1,
      solutionVersionArn,
      'latestCampaignUpdate.solutionVersionArn': solutionVersionArn,
      'latestCampaignUpdate.minProvisionedTPS': 1
    })
    expect(moved.stdout).toContain(`Campaign shop's update is ACTIVE`)
  })
})
