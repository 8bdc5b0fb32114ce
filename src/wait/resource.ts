// Waits for one Personalize resource of any kind but an import job: describes it on the shared
// schedule and deadline, decides its status from the kinds table (its update's, for a campaign,
// recommender or solution being updated), counts a ResourceNotFoundException after a DELETE status
// as deleted, and on cancel stops a training when asked to (stop-on-cancel).
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import { UnexpectedAnswerError } from '../aws/arn.js'
import {
  describeAwsError,
  errorFacts,
  failureText,
  type AwsFailure,
  type Operation
} from '../aws/aws-errors.js'
import type { Deadline } from '../aws/deadline.js'
import { decide, reportedFields, resourceNameOf, sameStatus, type Outcome } from '../aws/kinds.js'
import { describeResource, stopSolutionVersion } from '../aws/resources.js'
import { waitForStatus, type WaitOptions } from '../job/poll.js'
import * as core from '../report/log.js'
import type { Deps } from '../runtime.js'
import type { Target, WaitConfig } from './config.js'

/** Not a status the service sends: the resource was seen deleting, then was gone. */
export const DELETED = 'DELETED'

/** How waiting for one resource ended. */
export interface Waited {
  arn: string
  target: Target
  name: string
  end: 'success' | 'failure' | 'stopped' | 'deleted' | 'timeout' | 'aborted' | 'error'
  /** The deciding status last seen ('' when never seen). */
  status: string
  /** The update, not the resource itself, decided (a campaign moving to a new version). */
  update: boolean
  failureReason: string
  durationSeconds: number
  waitTimeoutSeconds: number
  /** The kind's reported fields (trainingHours, numDeleted, the version a campaign moved to…). */
  details: Record<string, unknown>
  failure?: AwsFailure
  /** What stop-on-cancel did, when it did something. */
  stop?: string
}

interface Check {
  status: string
  outcome: Outcome | 'deleted'
  update: boolean
  failureReason?: string
  details: Record<string, unknown>
  /** Service times of what decided, for the duration. */
  createdAt?: number
  updatedAt?: number
}

const ms = (d: unknown) => (d instanceof Date ? d.getTime() : undefined)

export async function waitForResource(
  client: PersonalizeClient,
  target: Target,
  config: WaitConfig,
  deps: Deps,
  deadline: Deadline
): Promise<Waited> {
  const { arn, spec } = target
  const name = resourceNameOf(arn)
  const operation = spec.describe.operation
  const start = deps.clock.now()
  let last: Check | undefined
  const describe = async (): Promise<Check> => {
    try {
      const resource = await deadline.call((signal) => describeResource(client, spec, arn, signal))
      const decided = decide(spec, resource)
      if (decided.outcome === 'unknown')
        throw new UnexpectedAnswerError(
          `${operation} for ${arn} answered with the status ${JSON.stringify(decided.status).slice(0, 120)}, which a ${spec.label} does not have.`
        )
      const from = decided.where === 'update' ? resource[spec.update!.member] : resource
      last = {
        status: decided.status,
        outcome: decided.outcome,
        update: decided.where === 'update',
        failureReason: decided.failureReason,
        details: reportedFields(spec, resource, decided.where),
        createdAt: ms((from as Record<string, unknown>).creationDateTime),
        updatedAt: ms((from as Record<string, unknown>).lastUpdatedDateTime)
      }
      return last
    } catch (error) {
      // A deletion ends when the resource is gone (AWS's own samples wait for exactly this).
      if (last?.outcome === 'deleting' && errorFacts(error).code === 'ResourceNotFoundException')
        return (last = { ...last, status: DELETED, outcome: 'deleted' })
      throw error
    }
  }
  const result = await waitForStatus({
    describe,
    ended: (c) => c.outcome !== 'going' && c.outcome !== 'deleting',
    ...pollSettings(operation, arn, name, config, deps, deadline)
  })
  const seen = result.job
  const ended = seen?.outcome
  const end: Waited['end'] =
    result.end === 'ended' ? (ended as 'success' | 'failure' | 'stopped' | 'deleted') : result.end
  const finished = result.end === 'ended' && seen?.createdAt && seen.updatedAt
  return {
    arn,
    target,
    name,
    end,
    status: seen?.status ?? '',
    update: seen?.update ?? false,
    failureReason: end === 'failure' ? (seen?.failureReason ?? 'No reason given.') : '',
    durationSeconds: finished
      ? Math.max(0, Math.round((seen.updatedAt! - seen.createdAt!) / 1000))
      : result.checkedAt === undefined
        ? 0
        : Math.max(0, Math.round((result.checkedAt - (seen?.createdAt ?? start)) / 1000)),
    waitTimeoutSeconds: config.wait.timeoutSeconds,
    details: seen?.details ?? {},
    failure: result.failure,
    stop:
      end === 'aborted' && config.stopOnCancel
        ? await stopOnCancel(client, target, seen, config, deps)
        : undefined
  }
}

/** How every resource of a wait is polled: one schedule, deadline and cancel for all. */
export function pollSettings(
  operation: Operation,
  arn: string,
  name: string,
  config: WaitConfig,
  deps: Deps,
  deadline: Deadline
): Omit<WaitOptions<unknown>, 'describe'> {
  return {
    classify: (error) =>
      describeAwsError(operation, error, { region: config.client.region, jobArn: arn }),
    clock: deps.clock,
    timeoutSeconds: config.wait.timeoutSeconds,
    deadline,
    pollIntervalSeconds: config.wait.pollIntervalSeconds,
    log: (line) => core.info(`[${name}] ${line}`),
    signal: deps.cancel,
    // A resource started before this step may have ended already.
    checkAtOnce: true
  }
}

/** Stops a training the cancel left running, once; it does not wait for CREATE STOPPED. */
async function stopOnCancel(
  client: PersonalizeClient,
  { arn, spec }: Target,
  seen: Check | undefined,
  config: WaitConfig,
  deps: Deps
): Promise<string | undefined> {
  const stop = spec.stop
  if (!stop || !seen || !stop.from.some((s) => sameStatus(s, seen.status))) return undefined
  // The cancel has aborted the deadline's signal: the runner's next signal (or 5 s) ends this call.
  const signal = AbortSignal.any([...(deps.hurry ? [deps.hurry] : []), AbortSignal.timeout(5000)])
  try {
    await stopSolutionVersion(client, arn, signal)
    return `${stop.operation} sent (stop-on-cancel): the training goes CREATE STOPPING, then CREATE STOPPED, and cannot be resumed; the training done so far is billed.`
  } catch (error) {
    const failure = describeAwsError(stop.operation, error, {
      region: config.client.region,
      jobArn: arn
    })
    return `${failureText(failure)}\nThe training may go on: stop it with aws personalize stop-solution-version-creation --solution-version-arn ${arn}.`
  }
}
