// Before creating: lists the dataset's imports (retrying throttling and passing faults) and waits
// for a running one to end (on-busy: wait), or says it is busy (on-busy: fail). Every call and
// backoff ends at the deadline or on cancel. It returns what it found; the caller reports it. The
// decisions on what was listed are in busy.ts.
import type { DatasetImportJobSummary, PersonalizeClient } from '@aws-sdk/client-personalize'
import { describeAwsError, type AwsFailure, type CallContext } from '../aws/aws-errors.js'
import type { Deadline } from '../aws/deadline.js'
import { describeImportJob, listImportJobs, type ImportRequest } from '../aws/personalize.js'
import { formatDuration } from '../inputs/duration.js'
import { datasetState, enoughForBusyCheck, type DatasetState } from './busy.js'
import { waitForImport, type Clock } from './poll.js'
import { retryDelay } from './schedule.js'

export const ON_BUSY = ['wait', 'fail'] as const
export type OnBusy = (typeof ON_BUSY)[number]

export interface BusyWaitOptions {
  client: PersonalizeClient
  request: ImportRequest
  onBusy: OnBusy
  /** For messages: the region and the request's members. */
  context: CallContext
  deadline: Deadline
  /** The run's cancel signal: a wait it ends is cut short, not timed out. */
  cancel: AbortSignal
  clock: Clock
  timeoutSeconds: number
  pollIntervalSeconds: number
  log: (line: string) => void
  /** Called once with the dataset's state as first listed, before any wait. */
  onFirstListing?: (state: DatasetState) => void
  /** Called when a listing stopped before its end (a repeating token, the page cap). */
  onPartialListing?: (why: string) => void
}

export type BusyResult =
  /** Free: the state as last listed; `unlisted` when the caller may not list imports at all. */
  | { state?: DatasetState; unlisted?: AwsFailure }
  /** Another import runs (on-busy: fail), or still ran when waiting for it ended. */
  | { busy: DatasetImportJobSummary; why: string }
  /** Listing failed (it would fail the create too), or was stopped by the deadline or a cancel. */
  | { failure: AwsFailure }

/** Waits until no other import runs on the dataset. */
export async function waitUntilDatasetIsFree(o: BusyWaitOptions): Promise<BusyResult> {
  const { request } = o
  for (let first = true; ; first = false) {
    const jobs = await listWithRetries(o)
    if ('failure' in jobs) {
      const { failure } = jobs
      return failure.code === 'AccessDeniedException' ? { unlisted: failure } : { failure }
    }
    const state = datasetState(jobs, request.jobName)
    if (first) o.onFirstListing?.(state)
    const busy = state.running[0]
    if (!busy) return { state }
    if (o.onBusy === 'fail') return { busy, why: 'on-busy is fail' }
    o.log(
      `Import job ${busy.jobName} is ${busy.status} on this dataset: waiting for it to end first (on-busy: wait).`
    )
    const busyArn = busy.datasetImportJobArn!
    const result = await waitForImport({
      describe: () => o.deadline.call((signal) => describeImportJob(o.client, busyArn, signal)),
      classify: (error) =>
        describeAwsError('DescribeDatasetImportJob', error, { ...o.context, jobArn: busyArn }),
      clock: o.clock,
      timeoutSeconds: o.timeoutSeconds,
      deadline: o.deadline,
      pollIntervalSeconds: o.pollIntervalSeconds,
      log: (line) => o.log(`[${busy.jobName}] ${line}`),
      signal: o.cancel
    })
    // Expired credentials, a denied describe: the run's failure, not a busy dataset.
    if (result.end === 'error' && result.failure) return { failure: result.failure }
    if (result.end !== 'ACTIVE' && result.end !== 'CREATE FAILED') {
      const why = {
        timeout: 'it was still running at wait-timeout',
        aborted: 'the step was cancelled while waiting for it',
        error: `waiting for it failed: ${result.failure?.happened}`
      }[result.end]
      return { busy: { ...busy, status: result.job?.status ?? busy.status }, why }
    }
  }
}

/** ListDatasetImportJobs, retried on throttling and passing faults until the deadline. */
async function listWithRetries(
  o: BusyWaitOptions
): Promise<DatasetImportJobSummary[] | { failure: AwsFailure }> {
  const { clock } = o
  const start = clock.now()
  let last: AwsFailure | undefined
  for (;;) {
    try {
      const listing = await o.deadline.call((signal) =>
        listImportJobs(o.client, o.request.datasetArn, signal, (jobs) =>
          enoughForBusyCheck(jobs, o.request.jobName)
        )
      )
      if (listing.partial) o.onPartialListing?.(listing.partial)
      return listing.jobs
    } catch (error) {
      if (o.deadline.signal.aborted) return { failure: stopped(o.deadline, last) }
      const failure = describeAwsError('ListDatasetImportJobs', error, o.context)
      last = failure
      const elapsed = (clock.now() - start) / 1000
      const delayMs = retryDelay(elapsed, o.pollIntervalSeconds) * 1000
      if (failure.kind === 'fatal' || clock.now() + delayMs > o.deadline.at) return { failure }
      o.log(
        `ListDatasetImportJobs failed (${failure.code}); trying again in ${formatDuration(delayMs / 1000)}.`
      )
      await clock.sleep(delayMs, o.deadline.signal)
    }
  }
}

/** The list was cut off (or its backoff ended) by a cancel or the deadline. */
function stopped(deadline: Deadline, last: AwsFailure | undefined): AwsFailure {
  return {
    operation: 'ListDatasetImportJobs',
    code: 'Stopped',
    kind: 'fatal',
    happened: `${deadline.stoppedBy()} while checking the dataset for running imports (ListDatasetImportJobs ${last ? `kept failing: ${last.code}` : 'had not succeeded'}), before CreateDatasetImportJob was sent.`,
    advice: ''
  }
}
