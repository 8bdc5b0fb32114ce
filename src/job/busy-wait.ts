// Before creating: lists the dataset's imports (retrying throttling and passing faults) and waits
// for a running one to end (on-busy: wait) or fails (on-busy: fail). Every call and backoff ends
// at the deadline or on cancel. The decisions on what was listed are in busy.ts.
import * as core from '../report/log.js'
import type { DatasetImportJobSummary, PersonalizeClient } from '@aws-sdk/client-personalize'
import { describeAwsError, type AwsFailure, type CallContext } from '../aws/aws-errors.js'
import { datasetState, type DatasetState } from './busy.js'
import type { Config } from '../inputs/config.js'
import type { Deadline } from '../aws/deadline.js'
import { formatDuration } from '../inputs/duration.js'
import { describeImportJob, listImportJobs } from '../aws/personalize.js'
import { waitForImport } from './poll.js'
import { reportCreateFailure, reportDatasetBusy, reportFullReplaces } from '../report/report.js'
import type { Deps } from '../runtime.js'
import { retryDelay } from './schedule.js'

export interface BusyWaitOptions {
  client: PersonalizeClient
  config: Config
  deps: Deps
  deadline: Deadline
  /** What stopped the run, for messages ("The step was cancelled"). */
  why: () => string
}

/**
 * Waits until no other import runs on the dataset, and warns when a FULL import would replace
 * earlier bulk data. Gives the dataset's state as last listed (none when the caller may not list
 * imports: a warning, and the run goes ahead), or undefined when the run has ended here, reported:
 * on-busy: fail, a failure listing (it would fail the create too), the deadline, a cancel.
 */
export async function waitUntilDatasetIsFree(
  o: BusyWaitOptions
): Promise<{ state?: DatasetState } | undefined> {
  const { request } = o.config
  const ctx: CallContext = { region: o.config.client.region, ...request }
  for (let first = true; ; first = false) {
    const jobs = await listWithRetries(o)
    if ('failure' in jobs) {
      const { failure } = jobs
      if (failure.code !== 'AccessDeniedException') {
        reportCreateFailure(failure)
        return undefined
      }
      core.warning(
        `${failure.text.split('\n')[0]}\nGoing ahead without checking the dataset for running imports. Grant personalize:ListDatasetImportJobs to enable the check.`,
        { title: 'Dataset not checked' }
      )
      return {}
    }
    const state = datasetState(jobs, request.jobName)
    if (first && request.importMode === 'FULL' && state.lastActive)
      reportFullReplaces(state.lastActive)
    const busy = state.running[0]
    if (!busy) return { state }
    if (o.config.onBusy === 'fail') {
      reportDatasetBusy(busy, 'on-busy is fail')
      return undefined
    }
    core.info(
      `Import job ${busy.jobName} is ${busy.status} on this dataset: waiting for it to end first (on-busy: wait).`
    )
    const busyArn = busy.datasetImportJobArn!
    const result = await waitForImport({
      describe: () => o.deadline.call((signal) => describeImportJob(o.client, busyArn, signal)),
      classify: (error) =>
        describeAwsError('DescribeDatasetImportJob', error, { ...ctx, jobArn: busyArn }),
      clock: o.deps.clock,
      timeoutSeconds: o.config.wait.timeoutSeconds,
      deadline: o.deadline,
      pollIntervalSeconds: o.config.wait.pollIntervalSeconds,
      log: (line) => core.info(`[${busy.jobName}] ${line}`),
      signal: o.deps.cancel
    })
    if (result.end !== 'ACTIVE' && result.end !== 'CREATE FAILED') {
      const why = {
        timeout: 'it was still running at wait-timeout',
        aborted: 'the step was cancelled while waiting for it',
        error: `waiting for it failed: ${result.failure?.text.split('\n')[0]}`
      }[result.end]
      reportDatasetBusy({ ...busy, status: result.job?.status ?? busy.status }, why)
      return undefined
    }
  }
}

/** ListDatasetImportJobs, retried on throttling and passing faults until the deadline. */
async function listWithRetries(
  o: BusyWaitOptions
): Promise<DatasetImportJobSummary[] | { failure: AwsFailure }> {
  const { request, client: settings, wait } = o.config
  const { clock } = o.deps
  const start = clock.now()
  let last: AwsFailure | undefined
  for (;;) {
    try {
      return await o.deadline.call((signal) => listImportJobs(o.client, request.datasetArn, signal))
    } catch (error) {
      if (o.deadline.signal.aborted) return { failure: stopped(o, last) }
      const failure = describeAwsError('ListDatasetImportJobs', error, {
        region: settings.region,
        ...request
      })
      last = failure
      const elapsed = (clock.now() - start) / 1000
      const delayMs = retryDelay(elapsed, wait.pollIntervalSeconds) * 1000
      if (failure.kind === 'fatal' || clock.now() + delayMs > o.deadline.at) return { failure }
      core.info(
        `ListDatasetImportJobs failed (${failure.code}); trying again in ${formatDuration(delayMs / 1000)}.`
      )
      await clock.sleep(delayMs, o.deadline.signal)
    }
  }
}

/** The list was cut off (or its backoff ended) by a cancel or the deadline. */
function stopped(o: BusyWaitOptions, last: AwsFailure | undefined): AwsFailure {
  return {
    operation: 'ListDatasetImportJobs',
    code: 'Stopped',
    kind: 'fatal',
    text: `${o.why()} while checking the dataset for running imports (ListDatasetImportJobs ${last ? `kept failing: ${last.code}` : 'had not succeeded'}), before CreateDatasetImportJob was sent.`
  }
}
