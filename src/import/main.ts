// The run, start to end: read and check the inputs, create the import job, wait for it, report.
import * as core from '../report/log.js'
import { describeAwsError, type CallContext } from '../aws/aws-errors.js'
import { waitUntilDatasetIsFree } from '../job/busy-wait.js'
import { createImportJobWithRetries, sendCreate } from '../job/create.js'
import { startDeadline } from '../aws/deadline.js'
import { formatDuration } from '../inputs/duration.js'
import { buildConfig, type Config } from '../inputs/config.js'
import { INPUT_NAMES, readInputs } from '../inputs/inputs.js'
import { checkImportMode, preflight } from '../preflight/gate.js'
import type { RunIdentity } from '../inputs/job-name.js'
import { createImportJob, describeImportJob } from '../aws/personalize.js'
import { readTextFile } from '../inputs/read-file.js'
import {
  failureReasonOf,
  jobDuration,
  reportCreated,
  reportCreateFailure,
  reportCreateInFlight,
  reportJobName,
  reportOutcome
} from '../report/report.js'
import { checkedConfig, defaultDeps, type Deps } from '../runtime.js'
import { jobArnFor, renderSkeleton } from '../inputs/skeleton.js'
import { waitForImport } from '../job/poll.js'

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const config = await readConfig(deps.env)
  if (!config) return
  if (config.skeleton) {
    core.info(renderSkeleton(config.skeleton, config.request))
    return
  }
  const { request } = config
  reportJobName(request)
  const client = await deps.createClient(config.client)
  const ctx: CallContext = { region: config.client.region, ...request }

  // wait-timeout bounds the whole run: every call and backoff ends at it, or on cancel.
  const deadline = startDeadline(config.wait.timeoutSeconds * 1000, {
    now: () => deps.clock.now(),
    cancel: deps.cancel
  })
  const why = () =>
    deps.cancel.aborted
      ? 'The step was cancelled'
      : `wait-timeout (${formatDuration(config.wait.timeoutSeconds)}) ran out`
  if (!(await preflight({ config, client, deadline, why }))) return
  const dataset = await waitUntilDatasetIsFree({ client, config, deps, deadline, why })
  if (!dataset) return
  if (!(await checkImportMode(config, dataset.state && dataset.state.lastActive !== undefined)))
    return

  const jobArn = jobArnFor(request.datasetArn, request.jobName)
  const created = await createImportJobWithRetries({
    request,
    ifExists: config.ifExists,
    // Never sent after a stop; one in flight is not abandoned blind (it would leave a job whose
    // ARN nobody saw).
    create: () =>
      sendCreate({
        send: (noRetryAfter, attempts) => createImportJob(client, request, noRetryAfter, attempts),
        stop: deadline.signal,
        hurry: deps.hurry,
        why,
        clock: deps.clock,
        onStopInFlight: () => reportCreateInFlight(request, jobArn, why())
      }),
    describe: (arn) => deadline.call((signal) => describeImportJob(client, arn, signal)),
    classify: (error) => describeAwsError('CreateDatasetImportJob', error, ctx),
    clock: deps.clock,
    random: deps.random,
    deadline: deadline.at,
    pollIntervalSeconds: config.wait.pollIntervalSeconds,
    log: (line) => core.info(line),
    signal: deadline.signal
  })
  if ('failure' in created) {
    reportCreateFailure(created.failure, created.maybeCreated ? jobArn : undefined)
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
    describe: () => deadline.call((signal) => describeImportJob(client, arn, signal)),
    classify: (error) =>
      describeAwsError('DescribeDatasetImportJob', error, { ...ctx, jobArn: arn }),
    clock: deps.clock,
    timeoutSeconds: config.wait.timeoutSeconds,
    deadline,
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

async function readConfig(env: Deps['env']): Promise<Config | undefined> {
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
  const { context } = await import('@actions/github')
  return {
    repo: context.repo.repo,
    runId: String(context.runId),
    runAttempt: String(context.runAttempt || 1),
    step: `${context.job}/${context.action}`
  }
}
