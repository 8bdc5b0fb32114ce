// Creates the import job, riding out what happens at creation time:
// - the regional quota (at most 5 imports pending or in progress): retried with jittered backoff
//   until a slot frees or the wait timeout ends;
// - passing faults, and a creation whose answer was lost (the job exists but the response never
//   arrived): a retry then finds the name taken by our own job, which is adopted rather than
//   failing or creating a second one;
// - a cancel or the deadline: no create is sent after it, and one in flight is not abandoned blind.
import type { DatasetImportJob, PersonalizeClient } from '@aws-sdk/client-personalize'
import { describeAwsError, refused, type AwsFailure, type CallContext } from '../aws/aws-errors.js'
import { settleBy, type Deadline } from '../aws/deadline.js'
import {
  describeImportJob,
  startCreate,
  type CreateCall,
  type ImportRequest
} from '../aws/personalize.js'
import { formatDuration } from '../inputs/duration.js'
import { quotaDelay, retryDelay } from './schedule.js'
import type { Clock } from './poll.js'

export const IF_EXISTS = ['fail', 'attach'] as const
export type IfExists = (typeof IF_EXISTS)[number]

export interface CreateJobOptions {
  client: PersonalizeClient
  request: ImportRequest
  /** The ARN the request implies: where the job is once created. */
  jobArn: string
  /** Bounds every attempt and backoff; what stopped the run, for messages. */
  deadline: Deadline
  /** Aborts when the runner is about to kill the step (its second signal). */
  hurry?: AbortSignal
  /** What to do when the job name is taken by a job this run did not create. */
  ifExists: IfExists
  /** For messages: the region and the request's members (tag values are hidden). */
  context: CallContext
  clock: Clock
  random: () => number
  pollIntervalSeconds: number
  log: (line: string) => void
  /** Called once when a stop comes with the create in flight, before its answer is awaited. */
  onStopInFlight: () => void
}

/**
 * The create, whole: never sent after a stop, never abandoned blind while in flight, retried on
 * the regional quota and passing faults, and our own job adopted when an answer was lost.
 */
export function createJob(o: CreateJobOptions): Promise<CreateResult> {
  return createImportJobWithRetries({
    ...o,
    create: () =>
      sendCreate({
        send: (noRetryAfter) => startCreate(o.client, o.request, o.jobArn, noRetryAfter),
        deadline: o.deadline,
        hurry: o.hurry,
        clock: o.clock,
        onStopInFlight: o.onStopInFlight
      }),
    describe: (arn) => o.deadline.call((signal) => describeImportJob(o.client, arn, signal)),
    classify: (error) => describeAwsError('CreateDatasetImportJob', error, o.context)
  })
}

export interface CreateOptions {
  request: ImportRequest
  jobArn: string
  ifExists: IfExists
  create: () => Promise<string>
  describe: (arn: string) => Promise<DatasetImportJob>
  classify: (error: unknown) => AwsFailure
  clock: Clock
  random: () => number
  /** No attempt is made after it; a cancel ends the backoff at once. */
  deadline: Deadline
  pollIntervalSeconds: number
  log: (line: string) => void
}

export type CreateResult =
  /** job: the existing job as described, when it was adopted rather than created. */
  | { arn: string; adopted: boolean; job?: DatasetImportJob }
  /** maybeCreated: an attempt may have created the job even though no answer came back. */
  | { failure: AwsFailure; maybeCreated: boolean }

export async function createImportJobWithRetries(o: CreateOptions): Promise<CreateResult> {
  const start = o.clock.now()
  // Set once an attempt may have reached the service without us seeing its answer.
  let maybeCreated = false
  let quotaRefusals = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return { arn: await o.create(), adopted: false }
    } catch (error) {
      if (error instanceof CreateStopped) {
        const failure: AwsFailure = {
          operation: 'CreateDatasetImportJob',
          code: 'Stopped',
          kind: 'fatal',
          happened: error.message,
          advice: ''
        }
        return { failure, maybeCreated: maybeCreated || error.sent }
      }
      let failure = o.classify(error)
      if (failure.code === 'ResourceAlreadyExistsException') {
        const sdkAttempts =
          (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1
        const maybeOurs: boolean = maybeCreated || sdkAttempts > 1
        const taken = await takenName(o, failure, start, maybeOurs, serviceTime(error))
        if ('arn' in taken) return taken
        failure = taken.failure
        maybeCreated = maybeOurs && taken.unseen === true
      }
      // An answer with another job's ARN: the create went through, and may have created ours.
      if (failure.code === 'UnexpectedAnswer') maybeCreated = true
      // The request-rate LimitExceededException is throttling, not the 5-imports quota.
      const quota = failure.code === 'LimitExceededException' && failure.kind !== 'throttle'
      if (!quota && failure.kind === 'fatal') return { failure, maybeCreated }
      maybeCreated ||= !quota && !refused(error)
      const elapsed = (o.clock.now() - start) / 1000
      quotaRefusals = quota ? quotaRefusals + 1 : 0
      // Jitter spreads the retries of a matrix of imports that all met the quota together.
      const delayMs = quota
        ? quotaDelay(quotaRefusals, o.pollIntervalSeconds) * (0.75 + 0.5 * o.random()) * 1000
        : retryDelay(elapsed, o.pollIntervalSeconds) * (0.5 + 0.5 * o.random()) * 1000
      // A cancel ends the backoff at once; the next attempt then says it was not sent.
      if (o.clock.now() + delayMs > o.deadline.at) return { failure, maybeCreated }
      o.log(
        quota
          ? `The region's 5 running imports are taken (attempt ${attempt}, ${formatDuration(elapsed)} so far): waiting for one of them to end; trying again in ${formatDuration(delayMs / 1000)}.`
          : `CreateDatasetImportJob failed (${failure.code}); trying again in ${formatDuration(delayMs / 1000)}.`
      )
      await o.clock.sleep(delayMs, o.deadline.signal)
    }
  }
}

/** The create was not sent, or its answer not awaited, because the run was stopped. */
export class CreateStopped extends Error {
  constructor(
    message: string,
    /** The create was sent: the job may exist. */
    readonly sent: boolean
  ) {
    super(message)
  }
}

/** How long a create in flight is awaited after a stop: less than the runner's 7.5 s to SIGTERM. */
export const CREATE_GRACE_MS = 5000

export interface SendOptions {
  /** Sends one create; after `noRetryAfter` aborts, the SDK sends no further attempt. */
  send: (noRetryAfter: AbortSignal) => CreateCall
  /** Its signal aborts on cancel or at the deadline; it says which. */
  deadline: Deadline
  /** Aborts when the runner is about to kill the step (its second signal). */
  hurry?: AbortSignal
  clock: Clock
  /** Called once when a stop comes with the create in flight, before its answer is awaited. */
  onStopInFlight: () => void
}

/**
 * Sends one create, never after a stop. A create in flight at a stop is not abandoned: its answer
 * holds the ARN of a job that may exist. It is awaited up to CREATE_GRACE_MS more, or until the
 * runner's next signal, then the run gives up with CreateStopped (sent).
 */
export async function sendCreate(o: SendOptions): Promise<string> {
  const stop = o.deadline.signal
  const notSent = () =>
    new CreateStopped(`${o.deadline.stoppedBy()} before CreateDatasetImportJob was sent.`, false)
  if (stop.aborted) throw notSent()
  const call = o.send(stop)
  try {
    return await settleBy(call.answer, stop)
  } catch (error) {
    if (!stop.aborted) throw error
  }
  // Stopped while the SDK waited to retry: no answer is coming, so the last attempt's failure is
  // the create's (the SDK sends no further attempt).
  if (!call.onWire()) {
    if (call.lastError()) throw call.lastError()
    throw notSent()
  }
  o.onStopInFlight()
  const done = new AbortController()
  const giveUp = new AbortController()
  void o.clock
    .sleep(CREATE_GRACE_MS, o.hurry ? AbortSignal.any([o.hurry, done.signal]) : done.signal)
    .then(() => giveUp.abort())
  try {
    return await settleBy(call.answer, giveUp.signal)
  } catch (error) {
    // An error the service answered with is classified as any other.
    if (!giveUp.signal.aborted && error !== stop.reason) throw error
    throw new CreateStopped(
      `${o.deadline.stoppedBy()} while CreateDatasetImportJob was in flight, and no answer came${o.hurry?.aborted ? ' before the runner signalled again' : ` within ${CREATE_GRACE_MS / 1000}s`}.`,
      true
    )
  } finally {
    done.abort()
  }
}

/**
 * The job name is taken. If an attempt of ours may have created the job, and the job is this
 * request created since we started, carry on with it. With if-exists: attach, carry on with a job
 * that imports the same data into the same dataset. Anything else fails, saying what differs.
 */
async function takenName(
  o: CreateOptions,
  failure: AwsFailure,
  start: number,
  maybeOurs: boolean,
  /** The service's clock when it answered that the name is taken, if its answer said. */
  servedAt?: number
): Promise<
  { arn: string; adopted: true; job: DatasetImportJob } | { failure: AwsFailure; unseen?: true }
> {
  if (!maybeOurs && o.ifExists === 'fail') {
    return {
      failure: {
        ...failure,
        advice: `${failure.advice} Or set if-exists: attach to wait on that job if it imports the same data.`
      }
    }
  }
  const arn = o.jobArn
  let job: DatasetImportJob
  try {
    job = await o.describe(arn)
  } catch {
    // Unseen, the job may be ours: the caller keeps its ARN in the report.
    return { failure, unseen: true }
  }
  const differences = differencesFrom(job, o.request)
  // Created since our first attempt, on the service's clock (the runner's may be off by any
  // amount), with 5 minutes to spare. Without the service's time, what the job is decides alone.
  const sinceStart = o.clock.now() - start
  const recent =
    servedAt === undefined ||
    (job.creationDateTime?.getTime() ?? 0) >= servedAt - sinceStart - 300_000
  if (maybeOurs && recent && differences.length === 0) {
    o.log(
      `The answer to CreateDatasetImportJob was lost, but job ${o.request.jobName} exists with this request: carrying on with it.`
    )
    return { arn: job.datasetImportJobArn ?? arn, adopted: true, job }
  }
  const same = differences.filter((d) => !d.startsWith('role') && !d.startsWith('import mode'))
  if (o.ifExists === 'attach' && same.length === 0) {
    o.log(
      `Job ${o.request.jobName} already exists (${job.status}) and imports the same data into the same dataset: attaching to it (if-exists: attach).`
    )
    return { arn: job.datasetImportJobArn ?? arn, adopted: true, job }
  }
  return {
    failure: {
      ...failure,
      advice: `${failure.advice}\nThe existing job is not this import: ${differences.join('; ')}. Give a new job-name.`
    }
  }
}

/** The Date header of the answer an error came with, in ms; undefined without one. Pure. */
export function serviceTime(error: unknown): number | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string> } })?.$response
    ?.headers
  const date = headers && Date.parse(headers.date ?? headers.Date ?? '')
  return date && Number.isFinite(date) ? date : undefined
}

/** How an existing job differs from the request, in words. Pure. */
export function differencesFrom(job: DatasetImportJob, request: ImportRequest): string[] {
  const differences: string[] = []
  const compare = (what: string, theirs: string | undefined, ours: string | undefined) => {
    if ((theirs ?? '') !== (ours ?? ''))
      differences.push(`${what} is ${theirs ?? '(none)'}, not ${ours ?? '(none)'}`)
  }
  compare('dataset', job.datasetArn, request.datasetArn)
  compare('data location', job.dataSource?.dataLocation, request.dataSource.dataLocation)
  compare('role', job.roleArn, request.roleArn)
  compare('import mode', job.importMode ?? 'FULL', request.importMode ?? 'FULL')
  return differences
}
