// The import action's run, start to end: read and check the inputs, check the data, wait until
// the dataset is free, create the import job, wait for it. Each stage returns what happened; the
// run ends in one place, through the reporter.
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import { jobArnFor } from '../aws/arn.js'
import { describeAwsError, type CallContext } from '../aws/aws-errors.js'
import { startDeadline, type Deadline } from '../aws/deadline.js'
import { describeImportJob } from '../aws/personalize.js'
import { formatDuration } from '../inputs/duration.js'
import type { InputErrors } from '../inputs/errors.js'
import type { RunIdentity } from '../inputs/job-name.js'
import { readInputs } from '../inputs/inputs.js'
import { readTextFile } from '../inputs/read-file.js'
import { renderSkeleton } from '../inputs/skeleton.js'
import { waitUntilDatasetIsFree } from '../job/busy-wait.js'
import { createJob } from '../job/create.js'
import { waitForImport } from '../job/poll.js'
import { retryDelay } from '../job/schedule.js'
import { conclude, withImportMode, type Checked, type Preflight } from '../preflight/verdict.js'
import { announceInputErrors, failureReasonOf, jobDuration } from '../report/job-end.js'
import * as core from '../report/log.js'
import { checkedConfig, defaultDeps, type Deps } from '../runtime.js'
import { buildConfig, type Config, type SkeletonConfig } from './config.js'
import { INPUT_NAMES } from './names.js'
import { foretold } from './preflight-report.js'
import {
  createFailed,
  datasetBusy,
  importReporter,
  preflightStopped,
  type ImportEnd,
  type ImportReporter
} from './report.js'

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  if (!(await importJob(deps))) process.exitCode = 1
}

/** The whole run; false when the step fails. */
async function importJob(deps: Deps): Promise<boolean> {
  const config = await readConfig(deps.env)
  if ('errors' in config) {
    announceInputErrors(config.errors)
    return false
  }
  if ('skeleton' in config) {
    core.info(renderSkeleton(config.skeleton, config.request))
    return true
  }
  const { request } = config
  const jobArn = jobArnFor(request.datasetArn, request.jobName)
  const report = importReporter(request, jobArn)
  report.jobName()
  const client = await deps.createClient(config.client, deps.env)
  // wait-timeout bounds the whole run: every call and backoff ends at it, or on cancel.
  const deadline = startDeadline(config.wait.timeoutSeconds * 1000, {
    now: () => deps.clock.now(),
    cancel: deps.cancel,
    name: `wait-timeout (${formatDuration(config.wait.timeoutSeconds)})`
  })
  const stages: Stages = { config, deps, client, deadline, report, jobArn }
  return report.end(await importUntilEnd(stages))
}

interface Stages {
  config: Config
  deps: Deps
  client: PersonalizeClient
  deadline: Deadline
  report: ImportReporter
  jobArn: string
}

async function importUntilEnd(s: Stages): Promise<ImportEnd> {
  const { config, deps, client, deadline, report, jobArn } = s
  const { request } = config
  const context: CallContext = { region: config.client.region, ...request }

  const checked = await checkData(s)
  if (checked === 'stopped') {
    report.preflight('stopped')
    return { ending: preflightStopped(deadline.stoppedBy()) }
  }
  // The import mode check needs the dataset's imports, which the busy check lists next; a verdict
  // the data alone settles is given now.
  if (checked && checked.preflight.refused) return preflightEnd(s, checked.preflight)
  if (!checked) report.preflight('off')

  // Another run may create on the dataset between the busy check and our create (two pushes, a
  // matrix): with on-busy: wait, its ResourceInUseException means waiting for it, then creating.
  let judged = false
  let created: Awaited<ReturnType<typeof createJob>>
  for (;;) {
    const free = await waitUntilDatasetIsFree({
      client,
      request,
      onBusy: config.onBusy,
      context,
      deadline,
      cancel: deps.cancel,
      clock: deps.clock,
      timeoutSeconds: config.wait.timeoutSeconds,
      pollIntervalSeconds: config.wait.pollIntervalSeconds,
      log: (line) => core.info(line),
      // The FULL warning is not a pre-flight check: it predicts no failure and judges no data, it
      // says what this import will do to the data imported before, so it holds with preflight: off
      // too. It comes as soon as the imports are listed, before any wait for a running one.
      onFirstListing: (state) => {
        if (!judged && request.importMode === 'FULL' && state.lastActive)
          report.fullReplaces(state.lastActive)
      },
      onPartialListing: (why) => core.warning(why)
    })
    if ('failure' in free || 'busy' in free) {
      if (checked && !judged) report.preflight(checked.preflight)
      return {
        ending: 'failure' in free ? createFailed(free.failure) : datasetBusy(free.busy, free.why)
      }
    }
    if (!judged) {
      if (free.unlisted) report.notListed(free.unlisted)
      if (checked) {
        const hadActiveImport = free.state && free.state.lastActive !== undefined
        const preflight = checked.judge(
          withImportMode(checked.found, request.importMode ?? 'FULL', hadActiveImport)
        )
        if (preflight.refused) return preflightEnd(s, preflight)
        report.preflight(preflight)
      }
      judged = true
    }

    created = await createJob({
      client,
      request,
      jobArn,
      deadline,
      hurry: deps.hurry,
      ifExists: config.ifExists,
      context,
      clock: deps.clock,
      random: deps.random,
      pollIntervalSeconds: config.wait.pollIntervalSeconds,
      log: (line) => core.info(line),
      onStopInFlight: () => report.createInFlight(deadline.stoppedBy())
    })
    const raced =
      'failure' in created &&
      created.failure.code === 'ResourceInUseException' &&
      !created.maybeCreated &&
      config.onBusy === 'wait' &&
      !deadline.signal.aborted
    if (!raced) break
    core.info(
      'CreateDatasetImportJob: the dataset became busy after it was checked (another import was created first): waiting for that import, then creating again (on-busy: wait).'
    )
    // Should the listing not show that import yet, the next create waits a little first.
    await deps.clock.sleep(retryDelay(0, config.wait.pollIntervalSeconds) * 1000, deadline.signal)
  }
  if ('failure' in created)
    return { ending: createFailed(created.failure, created.maybeCreated ? jobArn : undefined) }
  const createdAt = deps.clock.now()
  report.created(created.adopted)

  const job = {
    name: request.jobName,
    arn: jobArn,
    datasetArn: request.datasetArn,
    waitTimeoutSeconds: config.wait.timeoutSeconds
  }
  if (!config.wait.enabled) {
    // An adopted job may be further on than a new one.
    return {
      outcome: {
        ...job,
        end: 'not waited',
        status: created.job?.status ?? 'CREATE PENDING',
        failureReason: failureReasonOf(created.job),
        durationSeconds: jobDuration(created.job, createdAt, createdAt)
      }
    }
  }
  core.info(
    `Waiting up to ${formatDuration(config.wait.timeoutSeconds)} for the import (checks at most ${formatDuration(config.wait.pollIntervalSeconds)} apart).`
  )
  const result = await waitForImport({
    describe: () => deadline.call((signal) => describeImportJob(client, jobArn, signal)),
    classify: (error) =>
      describeAwsError('DescribeDatasetImportJob', error, { ...context, jobArn }),
    clock: deps.clock,
    timeoutSeconds: config.wait.timeoutSeconds,
    deadline,
    pollIntervalSeconds: config.wait.pollIntervalSeconds,
    log: (line) => core.info(line),
    signal: deps.cancel
  })
  const failureReason = failureReasonOf(result.job)
  const warned = foretold(checked?.preflight, failureReason)
  return {
    outcome: {
      ...job,
      end: result.end,
      status: result.job?.status ?? 'CREATE PENDING',
      failureReason,
      durationSeconds: jobDuration(result.job, createdAt, result.checkedAt),
      failure: result.failure,
      ...(warned && { foretold: warned })
    }
  }
}

function preflightEnd(s: Stages, preflight: Preflight): ImportEnd {
  s.report.preflight(preflight)
  return { refused: true }
}

/**
 * The data checks, unless preflight is off. Their module (with @aws-sdk/client-s3 and csv-parse)
 * loads only then. `judge` gives the verdict on what they found, and on more findings later.
 */
async function checkData(
  s: Stages
): Promise<
  { found: Checked; preflight: Preflight; judge: (c: Checked) => Preflight } | 'stopped' | undefined
> {
  const { config, client, deadline } = s
  const { mode } = config.preflight
  if (mode === 'off') return undefined
  const started = Date.now()
  const { checkData } = await import('../preflight/run.js')
  const found = await checkData({
    personalize: client,
    client: config.client,
    s3Endpoint: config.preflight.s3Endpoint,
    request: config.request,
    deadline
  })
  if ('stopped' in found) return 'stopped'
  const seconds = (Date.now() - started) / 1000
  const judge = (c: Checked) =>
    conclude(c, { mode, location: config.request.dataSource.dataLocation, seconds })
  return { found, preflight: judge(found), judge }
}

async function readConfig(
  env: Deps['env']
): Promise<Config | SkeletonConfig | { errors: InputErrors }> {
  const raw = readInputs(INPUT_NAMES)
  const run = await runIdentity(raw['job-name'], env)
  // Only cli-input-yaml needs the YAML parser; it is a tenth of the bundle.
  const yaml = raw['cli-input-yaml'].trim() ? await import('yaml') : undefined
  return checkedConfig(() =>
    buildConfig(raw, {
      env,
      workspace: env.GITHUB_WORKSPACE || process.cwd(),
      readText: readTextFile,
      run,
      yaml
    })
  )
}

// Only the default job name needs the run's identity; loading the GitHub context costs start-up
// time, so it is read only then.
async function runIdentity(jobName: string, env: Deps['env']): Promise<RunIdentity | undefined> {
  if (jobName.trim() || !env.GITHUB_RUN_ID) return undefined
  // @actions/github's own Context, without the Octokit client that its index evaluates on load
  // (about 70 ms of a wait: false run, which never calls GitHub). The package exports only its
  // index, so the file is named by its path.
  const { Context } = await import('../../node_modules/@actions/github/lib/context.js')
  const context = new Context()
  return {
    // context.repo throws without GITHUB_REPOSITORY: the name then starts "import-" (job-name.ts).
    repo: env.GITHUB_REPOSITORY?.split('/')[1] ?? '',
    runId: String(context.runId),
    runAttempt: String(context.runAttempt || 1),
    step: `${context.job}/${context.action}`
  }
}
