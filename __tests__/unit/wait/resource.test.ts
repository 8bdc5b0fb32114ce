// Waiting for one resource of a kind other than an import job, with a mocked client and a fake
// clock: a deletion that ends gone, a wrong ARN, a status the kind does not have, a campaign
// update, and what stop-on-cancel sends (and when it sends nothing).
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  DescribeCampaignCommand,
  DescribeDataDeletionJobCommand,
  DescribeSolutionVersionCommand,
  PersonalizeClient,
  ResourceNotFoundException,
  StopSolutionVersionCreationCommand
} from '@aws-sdk/client-personalize'
import { mockClient } from 'aws-sdk-client-mock'
import { startDeadline } from '../../../src/aws/deadline.js'
import { KINDS, type Kind } from '../../../src/aws/kinds.js'
import type { Deps } from '../../../src/runtime.js'
import type { WaitConfig } from '../../../src/wait/config.js'
import { waitForResource } from '../../../src/wait/resource.js'
import { FakeClock } from '../fixtures.js'

const BASE = 'arn:aws:personalize:us-east-1:123456789012'
const VERSION = `${BASE}:solution/shop/3ba6a5be`
const CAMPAIGN = `${BASE}:campaign/shop`
const personalize = mockClient(PersonalizeClient)
let clock: FakeClock
let cancel: AbortController

beforeEach(() => {
  personalize.reset()
  clock = new FakeClock(Date.UTC(2026, 10, 29, 6, 0, 0))
  cancel = new AbortController()
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  jest.restoreAllMocks()
})

async function waitFor(kind: Kind, arn: string, stopOnCancel = false) {
  const target = { arn, spec: KINDS[kind] }
  const config: WaitConfig = {
    targets: [target],
    stopOnCancel,
    client: { region: 'us-east-1' },
    wait: { timeoutSeconds: 600, pollIntervalSeconds: 30 }
  }
  const deps: Deps = {
    env: {},
    clock,
    random: () => 0,
    createClient: async () => new PersonalizeClient({}),
    cancel: cancel.signal
  }
  const deadline = startDeadline(600_000, {
    now: () => clock.now(),
    cancel: cancel.signal,
    timer: () => new AbortController().signal
  })
  return waitForResource(
    new PersonalizeClient({ region: 'us-east-1' }),
    target,
    config,
    deps,
    deadline
  )
}

const notFound = () =>
  new ResourceNotFoundException({
    message: `Resource Arn ${CAMPAIGN} does not exist.`,
    $metadata: {}
  })

describe('waitForResource', () => {
  it('counts a resource gone after DELETE IN_PROGRESS as deleted', async () => {
    personalize
      .on(DescribeCampaignCommand)
      .resolvesOnce({ campaign: { campaignArn: CAMPAIGN, status: 'DELETE IN_PROGRESS' } })
      .rejects(notFound())
    expect(await waitFor('campaign', CAMPAIGN)).toMatchObject({
      end: 'deleted',
      status: 'DELETED',
      failureReason: ''
    })
  })

  it('fails on a resource never seen deleting that is not found', async () => {
    personalize.on(DescribeCampaignCommand).rejects(notFound())
    const waited = await waitFor('campaign', CAMPAIGN)
    expect(waited).toMatchObject({ end: 'error', status: '' })
    expect(waited.failure).toMatchObject({
      operation: 'DescribeCampaign',
      code: 'ResourceNotFoundException',
      kind: 'fatal'
    })
  })

  it('fails on a status the kind does not have', async () => {
    const arn = `${BASE}:data-deletion-job/gdpr-1`
    personalize
      .on(DescribeDataDeletionJobCommand)
      .resolves({ dataDeletionJob: { dataDeletionJobArn: arn, status: 'ACTIVE' } })
    const waited = await waitFor('dataDeletionJob', arn)
    expect(waited.end).toBe('error')
    expect(waited.failure?.happened).toBe(
      `DescribeDataDeletionJob failed: UnexpectedAnswer: DescribeDataDeletionJob for ${arn} answered with the status "ACTIVE", which a data deletion job does not have.`
    )
  })

  it("waits on a campaign's update and times it from the update's own dates", async () => {
    const moved = `${BASE}:solution/shop/5286e329`
    const update = (status: string, minutes: number) => ({
      campaign: {
        campaignArn: CAMPAIGN,
        status: 'ACTIVE',
        solutionVersionArn: status === 'ACTIVE' ? moved : VERSION,
        latestCampaignUpdate: {
          status,
          solutionVersionArn: moved,
          creationDateTime: new Date(Date.UTC(2026, 10, 29, 5, 0)),
          lastUpdatedDateTime: new Date(Date.UTC(2026, 10, 29, 5, minutes))
        }
      }
    })
    personalize
      .on(DescribeCampaignCommand)
      .resolvesOnce(update('CREATE IN_PROGRESS', 1))
      .resolves(update('ACTIVE', 12))
    expect(await waitFor('campaign', CAMPAIGN)).toMatchObject({
      end: 'success',
      status: 'ACTIVE',
      update: true,
      durationSeconds: 720,
      details: { solutionVersionArn: moved, 'latestCampaignUpdate.solutionVersionArn': moved }
    })
  })
})

describe('stop-on-cancel', () => {
  const training = (status: string) => {
    personalize
      .on(DescribeSolutionVersionCommand)
      .resolves({ solutionVersion: { solutionVersionArn: VERSION, status } })
    personalize.on(StopSolutionVersionCreationCommand).resolves({})
    // Cancelled during the first gap between checks.
    clock.onSleep = () => cancel.abort(new Error('Cancelled (SIGINT)'))
  }
  const stops = () =>
    personalize.commandCalls(StopSolutionVersionCreationCommand).map((c) => c.args[0].input)

  it('stops a training still in progress, once', async () => {
    training('CREATE IN_PROGRESS')
    const waited = await waitFor('solutionVersion', VERSION, true)
    expect(waited.end).toBe('aborted')
    expect(stops()).toEqual([{ solutionVersionArn: VERSION }])
    expect(waited.stop).toBe(
      'StopSolutionVersionCreation sent (stop-on-cancel): the training goes CREATE STOPPING, then CREATE STOPPED, and cannot be resumed; the training done so far is billed.'
    )
  })

  it('sends nothing for a training already stopping, or without stop-on-cancel', async () => {
    training('CREATE STOPPING')
    expect((await waitFor('solutionVersion', VERSION, true)).stop).toBeUndefined()
    cancel = new AbortController()
    training('CREATE PENDING')
    expect((await waitFor('solutionVersion', VERSION, false)).stop).toBeUndefined()
    expect(stops()).toEqual([])
  })

  it('says how to stop it by hand when the stop is refused', async () => {
    training('CREATE PENDING')
    personalize.on(StopSolutionVersionCreationCommand).rejects(
      Object.assign(new Error('Solution version is in use.'), {
        name: 'ResourceInUseException',
        $metadata: { httpStatusCode: 409 }
      })
    )
    expect((await waitFor('solutionVersion', VERSION, true)).stop).toMatch(
      new RegExp(
        `^StopSolutionVersionCreation failed: ResourceInUseException: Solution version is in use\\.\\n[^]*\\nThe training may go on: stop it with aws personalize stop-solution-version-creation --solution-version-arn ${VERSION.replace(/[/.]/g, '\\$&')}\\.$`
      )
    )
  })
})
