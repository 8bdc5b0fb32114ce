// The emulator's resources other than import jobs (emulator/resources.js), through the real SDK:
// statuses on a manual clock, the stop of a training, a campaign update, a data deletion job, the
// errors of each call, and the scenario checks.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateCampaignCommand,
  CreateDataDeletionJobCommand,
  CreateSolutionVersionCommand,
  DescribeBatchInferenceJobCommand,
  DescribeCampaignCommand,
  DescribeDataDeletionJobCommand,
  DescribeSolutionVersionCommand,
  PersonalizeClient,
  StopSolutionVersionCreationCommand,
  UpdateCampaignCommand
} from '@aws-sdk/client-personalize'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import { ACCOUNT, REGION, ROLE } from './fixture.js'
import { CREDENTIALS } from './runner.js'
import { sdkFailure } from './witness.js'

const BASE = `arn:aws:personalize:${REGION}:${ACCOUNT}`
const SOLUTION = `${BASE}:solution/shop`
const VERSION = `${SOLUTION}/3ba6a5be`
const CAMPAIGN = `${BASE}:campaign/shop`
const GROUP = `${BASE}:dataset-group/retail`
const T0 = Date.UTC(2026, 5, 1, 12)

let clock = T0
let emu: Emulator | undefined
let sdk: PersonalizeClient
beforeEach(() => {
  clock = T0
})
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

async function emulator(more: Partial<EmulatorOptions> = {}) {
  emu = await startEmulator({
    credentials: CREDENTIALS,
    accountId: ACCOUNT,
    now: () => clock,
    jobs: { pendingSeconds: 1, inProgressSeconds: 2 },
    ...more
  })
  sdk = new PersonalizeClient({ endpoint: emu.url, region: REGION, credentials: CREDENTIALS })
  return emu
}

const version = async (arn: string) =>
  (await sdk.send(new DescribeSolutionVersionCommand({ solutionVersionArn: arn }))).solutionVersion!

describe('solution versions', () => {
  it('train CREATE PENDING, CREATE IN_PROGRESS, then ACTIVE with trainingHours', async () => {
    await emulator({ resources: [{ arn: SOLUTION }] })
    const { solutionVersionArn } = await sdk.send(
      new CreateSolutionVersionCommand({ solutionArn: SOLUTION, name: 'nightly' })
    )
    const arn = solutionVersionArn!
    expect(arn).toMatch(/^arn:aws:personalize:us-east-1:123456789012:solution\/shop\/[0-9a-f]{8}$/)
    expect(await version(arn)).toEqual({
      solutionVersionArn: arn,
      solutionArn: SOLUTION,
      name: 'nightly',
      trainingMode: 'FULL',
      trainingType: 'MANUAL',
      status: 'CREATE PENDING',
      creationDateTime: new Date(T0),
      lastUpdatedDateTime: new Date(T0)
    })
    clock += 1000
    expect(await version(arn)).toMatchObject({
      status: 'CREATE IN_PROGRESS',
      lastUpdatedDateTime: new Date(T0 + 1000)
    })
    expect((await version(arn)).trainingHours).toBeUndefined()
    clock += 2000
    expect(await version(arn)).toMatchObject({ status: 'ACTIVE', trainingHours: 2 / 3600 })
  })

  it('end CREATE FAILED with the reason a rule gives', async () => {
    await emulator({
      resources: [{ arn: SOLUTION }],
      resourceOutcomes: [
        { match: { arnPrefix: `${SOLUTION}/` }, failureReason: 'Too few interactions.' }
      ]
    })
    const { solutionVersionArn } = await sdk.send(
      new CreateSolutionVersionCommand({ solutionArn: SOLUTION })
    )
    clock += 3000
    expect(await version(solutionVersionArn!)).toMatchObject({
      status: 'CREATE FAILED',
      failureReason: 'Too few interactions.'
    })
  })

  it('stop: from CREATE PENDING at once, from CREATE IN_PROGRESS through CREATE STOPPING', async () => {
    await emulator({
      resources: [
        { arn: SOLUTION },
        { arn: VERSION, status: 'CREATE PENDING' },
        { arn: `${SOLUTION}/5286e329`, status: 'CREATE IN_PROGRESS' }
      ]
    })
    const stop = (arn: string) =>
      sdk.send(new StopSolutionVersionCreationCommand({ solutionVersionArn: arn }))
    expect((await stop(VERSION)).$metadata.httpStatusCode).toBe(200)
    expect((await version(VERSION)).status).toBe('CREATE STOPPED')
    clock += 500
    await stop(`${SOLUTION}/5286e329`)
    expect(await version(`${SOLUTION}/5286e329`)).toMatchObject({
      status: 'CREATE STOPPING',
      lastUpdatedDateTime: new Date(T0 + 500)
    })
    clock += 1000
    expect((await version(`${SOLUTION}/5286e329`)).status).toBe('CREATE STOPPED')
    expect(await sdkFailure(stop(VERSION))).toEqual({
      name: 'ResourceInUseException',
      message: `Solution version ${VERSION} is CREATE STOPPED and cannot be stopped.`,
      status: 409
    })
  })

  it('answer ResourceNotFoundException for an unknown solution or version', async () => {
    await emulator()
    expect(
      await sdkFailure(sdk.send(new CreateSolutionVersionCommand({ solutionArn: SOLUTION })))
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: `Resource Arn ${SOLUTION} does not exist.`,
      status: 404
    })
    expect((await sdkFailure(version(VERSION))).name).toBe('ResourceNotFoundException')
  })

  it('validate the request as the model does', async () => {
    await emulator({ resources: [{ arn: SOLUTION }] })
    expect(
      await sdkFailure(
        sdk.send(
          new CreateSolutionVersionCommand({
            solutionArn: SOLUTION,
            trainingMode: 'SOMETIMES' as 'FULL'
          })
        )
      )
    ).toEqual({
      name: 'InvalidInputException',
      message:
        "1 validation error detected: Value 'SOMETIMES' at 'trainingMode' failed to satisfy constraint: Member must satisfy enum value set: [FULL, UPDATE, AUTOTRAIN]",
      status: 400
    })
  })
})

describe('campaigns', () => {
  const campaign = async () =>
    (await sdk.send(new DescribeCampaignCommand({ campaignArn: CAMPAIGN }))).campaign!

  it('update: latestCampaignUpdate runs, and the campaign serves the new version once it is ACTIVE', async () => {
    const next = `${SOLUTION}/5286e329`
    await emulator({
      resources: [
        { arn: VERSION },
        { arn: next },
        { arn: CAMPAIGN, fields: { solutionVersionArn: VERSION, minProvisionedTPS: 1 } }
      ]
    })
    await sdk.send(new UpdateCampaignCommand({ campaignArn: CAMPAIGN, solutionVersionArn: next }))
    expect(await campaign()).toMatchObject({
      status: 'ACTIVE',
      solutionVersionArn: VERSION,
      latestCampaignUpdate: { status: 'CREATE PENDING', solutionVersionArn: next }
    })
    expect(
      await sdkFailure(sdk.send(new UpdateCampaignCommand({ campaignArn: CAMPAIGN })))
    ).toEqual({
      name: 'ResourceInUseException',
      message: `Resource ${CAMPAIGN} is in use.`,
      status: 409
    })
    clock += 3000
    expect(await campaign()).toMatchObject({
      status: 'ACTIVE',
      solutionVersionArn: next,
      latestCampaignUpdate: { status: 'ACTIVE', solutionVersionArn: next, minProvisionedTPS: 1 }
    })
  })

  it('create: only on an ACTIVE solution version, once per name', async () => {
    await emulator({ resources: [{ arn: VERSION, status: 'CREATE IN_PROGRESS' }] })
    const create = () =>
      sdk.send(new CreateCampaignCommand({ name: 'shop', solutionVersionArn: VERSION }))
    expect(await sdkFailure(create())).toEqual({
      name: 'ResourceInUseException',
      message: `Solution version ${VERSION} is CREATE IN_PROGRESS, not ACTIVE.`,
      status: 409
    })
    await emu!.close()
    await emulator({ resources: [{ arn: VERSION }] })
    expect((await create()).campaignArn).toBe(CAMPAIGN)
    expect((await campaign()).status).toBe('CREATE PENDING')
    expect((await sdkFailure(create())).name).toBe('ResourceAlreadyExistsException')
  })

  it('a deletion ends with ResourceNotFoundException', async () => {
    await emulator({ resources: [{ arn: CAMPAIGN, status: 'DELETE PENDING', secondsLeft: 2 }] })
    expect((await campaign()).status).toBe('DELETE PENDING')
    clock += 2000
    expect((await sdkFailure(campaign())).name).toBe('ResourceNotFoundException')
  })
})

describe('data deletion jobs and seeded jobs', () => {
  it('run PENDING, IN_PROGRESS, then COMPLETED with numDeleted', async () => {
    await emulator({ resources: [{ arn: GROUP }] })
    const create = () =>
      sdk.send(
        new CreateDataDeletionJobCommand({
          jobName: 'gdpr-1',
          datasetGroupArn: GROUP,
          dataSource: { dataLocation: 's3://gdpr/users.csv' },
          roleArn: ROLE
        })
      )
    const { dataDeletionJobArn } = await create()
    expect(dataDeletionJobArn).toBe(`${BASE}:data-deletion-job/gdpr-1`)
    const job = async () =>
      (await sdk.send(new DescribeDataDeletionJobCommand({ dataDeletionJobArn }))).dataDeletionJob!
    expect((await job()).status).toBe('PENDING')
    clock += 1000
    expect((await job()).status).toBe('IN_PROGRESS')
    clock += 2000
    expect(await job()).toMatchObject({
      status: 'COMPLETED',
      numDeleted: 0,
      datasetGroupArn: GROUP
    })
    expect((await sdkFailure(create())).name).toBe('ResourceAlreadyExistsException')
  })

  it("keep a seeded batch job's documented spelling, then end as told", async () => {
    const arn = `${BASE}:batch-inference-job/nightly`
    await emulator({
      resources: [
        { arn, status: 'IN PROGRESS', secondsLeft: 1, then: 'CREATE FAILED', failureReason: 'x' }
      ]
    })
    const job = async () =>
      (await sdk.send(new DescribeBatchInferenceJobCommand({ batchInferenceJobArn: arn })))
        .batchInferenceJob!
    expect((await job()).status).toBe('IN PROGRESS')
    clock += 1000
    expect(await job()).toMatchObject({ status: 'CREATE FAILED', failureReason: 'x' })
  })

  it('refuses a scenario with an unknown key, kind or status', async () => {
    await expect(
      emulator({ resources: [{ arn: VERSION, colour: 'red' } as never] })
    ).rejects.toThrow(
      "options.resources[0]: unknown key 'colour'; expected one of arn, status, secondsLeft, then, failureReason, fields, update"
    )
    await expect(emulator({ resources: [{ arn: `${BASE}:schema/s` }] })).rejects.toThrow(
      `resources: ${BASE}:schema/s is not the ARN of a kind the emulator has`
    )
    await expect(emulator({ resources: [{ arn: VERSION, status: 'DONE' }] })).rejects.toThrow(
      `resources: ${VERSION}: 'DONE' is not one of CREATE PENDING, CREATE IN_PROGRESS, ACTIVE, CREATE FAILED, CREATE STOPPING, CREATE STOPPED`
    )
  })
})
