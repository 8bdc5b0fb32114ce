// The run, start to end: read and check the inputs, create the import job, wait for it, report.
import * as core from '@actions/core'
import type { DatasetImportJobSummary, PersonalizeClient } from '@aws-sdk/client-personalize'
import { readFileSync } from 'node:fs'
import { describeAwsError, type AwsFailure, type CallContext } from './aws-errors.js'
import { datasetState } from './busy.js'
import { createImportJobWithRetries } from './create.js'
import { formatDuration } from './duration.js'
import { buildConfig, type Config } from './config.js'
import { INPUT_NAMES, readInputs } from './inputs.js'
import { checkImportMode, preflight } from './preflight/gate.js'
import type { RunIdentity } from './job-name.js'
import { createImportJob, describeImportJob, listImportJobs } from './personalize.js'
import {
  failureReasonOf,
  jobDuration,
  reportCreated,
  reportCreateFailure,
  reportDatasetBusy,
  reportFullReplaces,
  reportOutcome
} from './report.js'
import { checkedConfig, defaultDeps, type Deps } from './runtime.js'
import { retryDelay } from './schedule.js'
import { jobArnFor, renderSkeleton } from './skeleton.js'
import { waitForImport } from './poll.js'

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const config = await readConfig(deps.env)
  if (!config) return
  if (config.skeleton) {
    core.info(renderSkeleton(config.skeleton, config.request))
    return
  }
  const { request } = config
  const client = await deps.createClient(config.client)
  const ctx: CallContext = { region: config.client.region, ...request }

  const deadline = deps.clock.now() + config.wait.timeoutSeconds * 1000
  if (!(await preflight(config, client, deps.cancel))) return
  if (!(await waitUntilDatasetIsFree(client, config, deps, deadline))) return

  // A create call in flight is never aborted: it would leave a job whose ARN nobody saw.
  const created = await createImportJobWithRetries({
    request,
    ifExists: config.ifExists,
    create: () => createImportJob(client, request),
    describe: (jobArn) => describeImportJob(client, jobArn, deps.cancel),
    classify: (error) => describeAwsError('CreateDatasetImportJob', error, ctx),
    clock: deps.clock,
    random: deps.random,
    deadline,
    pollIntervalSeconds: config.wait.pollIntervalSeconds,
    log: (line) => core.info(line),
    signal: deps.cancel
  })
  if ('failure' in created) {
    reportCreateFailure(
      created.failure,
      created.maybeCreated ? jobArnFor(request.datasetArn, request.jobName) : undefined
    )
    return
  }
  const { arn } = created
  const createdAt = deps.clock.now()
  reportCreated(request, arn, created.adopted)

  const outcome = {
    request,
    name: request.jobName,
    arn,
    datasetArn: request.datasetArn,
    waitTimeoutSeconds: config.wait.timeoutSeconds,
    failureReason: ''
  }
  if (!config.wait.enabled) {
    // An adopted job may be further on than a new one.
    await reportOutcome({
      ...outcome,
      end: 'not waited',
      status: created.job?.status ?? 'CREATE PENDING',
      failureReason: failureReasonOf(created.job),
      durationSeconds: jobDuration(created.job, createdAt, createdAt)
    })
    return
  }
  core.info(
    `Waiting up to ${formatDuration(config.wait.timeoutSeconds)} for the import (checks at most ${formatDuration(config.wait.pollIntervalSeconds)} apart).`
  )
  const result = await waitForImport({
    describe: () => describeImportJob(client, arn, deps.cancel),
    classify: (error) =>
      describeAwsError('DescribeDatasetImportJob', error, { ...ctx, jobArn: arn }),
    clock: deps.clock,
    timeoutSeconds: Math.max(1, (deadline - createdAt) / 1000),
    pollIntervalSeconds: config.wait.pollIntervalSeconds,
    log: (line) => core.info(line),
    signal: deps.cancel
  })
  await reportOutcome({
    ...outcome,
    end: result.end,
    status: result.job?.status ?? 'CREATE PENDING',
    failureReason: failureReasonOf(result.job),
    durationSeconds: jobDuration(result.job, createdAt, result.checkedAt),
    failure: result.failure
  })
}

/**
 * Looks for another import running on the dataset: waits for it to end (on-busy: wait) or fails
 * (on-busy: fail). Warns when a FULL import would replace earlier bulk data. A caller without
 * personalize:ListDatasetImportJobs gets a warning and goes ahead; any other failure (bad
 * credentials, wrong region) would fail the create too, so it ends the run here.
 */
async function waitUntilDatasetIsFree(
  client: PersonalizeClient,
  config: Config,
  deps: Deps,
  deadline: number
): Promise<boolean> {
  const { request } = config
  const ctx: CallContext = { region: config.client.region, ...request }
  for (let first = true; ; first = false) {
    const jobs = await listWithRetries(client, config, deps, deadline)
    if ('failure' in jobs) {
      const { failure } = jobs
      if (failure.code !== 'AccessDeniedException') {
        reportCreateFailure(failure)
        return false
      }
      core.warning(
        `${failure.text.split('\n')[0]}\nGoing ahead without checking the dataset for running imports. Grant personalize:ListDatasetImportJobs to enable the check.`,
        { title: 'Dataset not checked' }
      )
      return checkImportMode(config, undefined)
    }
    const state = datasetState(jobs, request.jobName)
    if (first && !checkImportMode(config, state.lastActive !== undefined)) return false
    if (first && request.importMode === 'FULL' && state.lastActive)
      reportFullReplaces(state.lastActive)
    const busy = state.running[0]
    if (!busy) return true
    if (config.onBusy === 'fail') {
      reportDatasetBusy(busy, 'on-busy is fail')
      return false
    }
    core.info(
      `Import job ${busy.jobName} is ${busy.status} on this dataset: waiting for it to end first (on-busy: wait).`
    )
    const result = await waitForImport({
      describe: () => describeImportJob(client, busy.datasetImportJobArn!, deps.cancel),
      classify: (error) =>
        describeAwsError('DescribeDatasetImportJob', error, {
          ...ctx,
          jobArn: busy.datasetImportJobArn
        }),
      clock: deps.clock,
      timeoutSeconds: Math.max(1, (deadline - deps.clock.now()) / 1000),
      pollIntervalSeconds: config.wait.pollIntervalSeconds,
      log: (line) => core.info(`[${busy.jobName}] ${line}`),
      signal: deps.cancel
    })
    if (result.end !== 'ACTIVE' && result.end !== 'CREATE FAILED') {
      const why = {
        timeout: 'it was still running at wait-timeout',
        aborted: 'the step was cancelled while waiting for it',
        error: `waiting for it failed: ${result.failure?.text.split('\n')[0]}`
      }[result.end]
      reportDatasetBusy({ ...busy, status: result.job?.status ?? busy.status }, why)
      return false
    }
  }
}

/** ListDatasetImportJobs, retried on throttling and passing faults until the deadline. */
async function listWithRetries(
  client: PersonalizeClient,
  { request, client: settings, wait }: Config,
  deps: Deps,
  deadline: number
): Promise<DatasetImportJobSummary[] | { failure: AwsFailure }> {
  const start = deps.clock.now()
  for (;;) {
    try {
      return await listImportJobs(client, request.datasetArn)
    } catch (error) {
      const failure = describeAwsError('ListDatasetImportJobs', error, {
        region: settings.region,
        ...request
      })
      const elapsed = (deps.clock.now() - start) / 1000
      const delayMs = retryDelay(elapsed, wait.pollIntervalSeconds) * 1000
      if (failure.kind === 'fatal' || deps.clock.now() + delayMs > deadline || deps.cancel.aborted)
        return { failure }
      core.info(
        `ListDatasetImportJobs failed (${failure.code}); trying again in ${formatDuration(delayMs / 1000)}.`
      )
      await deps.clock.sleep(delayMs, deps.cancel)
    }
  }
}

async function readConfig(env: Deps['env']): Promise<Config | undefined> {
  const raw = readInputs(INPUT_NAMES)
  const run = await runIdentity(raw['job-name'], env)
  // Only cli-input-yaml needs the YAML parser; it is a tenth of the bundle.
  const yaml = raw['cli-input-yaml'].trim() ? await import('yaml') : undefined
  return checkedConfig(() =>
    buildConfig(raw, {
      env,
      workspace: env.GITHUB_WORKSPACE || process.cwd(),
      readText: (path) => readFileSync(path, 'utf8'),
      run,
      yaml
    })
  )
}

// Only the default job name needs the run's identity; loading the GitHub context costs start-up
// time, so it is read only then.
async function runIdentity(jobName: string, env: Deps['env']): Promise<RunIdentity | undefined> {
  if (jobName.trim() || !env.GITHUB_RUN_ID) return undefined
  const { context } = await import('@actions/github')
  return {
    repo: context.repo.repo,
    runId: String(context.runId),
    runAttempt: String(context.runAttempt || 1),
    step: `${context.job}/${context.action}`
  }
}
