// The wait action's run: check the ARNs, wait for every resource at once with the same deadline,
// report each, and fail unless all ended well. Import jobs wait as the import action's do; every
// other kind waits through the kinds table (resource.ts).
import type { PersonalizeClient } from '@aws-sdk/client-personalize'
import { jobNameOf } from '../aws/arn.js'
import { startDeadline, type Deadline } from '../aws/deadline.js'
import { describeImportJob } from '../aws/personalize.js'
import { formatDuration } from '../inputs/duration.js'
import { readInputs } from '../inputs/inputs.js'
import { readTextFile } from '../inputs/read-file.js'
import { waitForImport } from '../job/poll.js'
import { announceInputErrors, failureReasonOf, jobDuration } from '../report/job-end.js'
import * as core from '../report/log.js'
import { checkedConfig, defaultDeps, type Deps } from '../runtime.js'
import { buildWaitConfig, type Target, type WaitConfig } from './config.js'
import { WAIT_INPUT_NAMES } from './names.js'
import { countOf, reportWaited, succeeded, type Ended } from './report.js'
import { pollSettings, waitForResource } from './resource.js'

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  if (!(await waitForAll(deps))) process.exitCode = 1
}

/** The whole run; false when the step fails (any resource not ended well, or bad inputs). */
async function waitForAll(deps: Deps): Promise<boolean> {
  const config = await checkedConfig(() =>
    buildWaitConfig(readInputs(WAIT_INPUT_NAMES), {
      env: deps.env,
      workspace: deps.env.GITHUB_WORKSPACE || process.cwd(),
      readText: readTextFile
    })
  )
  if ('errors' in config) {
    announceInputErrors(config.errors)
    return false
  }
  const client = await deps.createClient(config.client, deps.env)
  core.info(
    `Waiting up to ${formatDuration(config.wait.timeoutSeconds)} for ${countOf(config.targets)} (checks at most ${formatDuration(config.wait.pollIntervalSeconds)} apart).`
  )
  // wait-timeout bounds the whole wait: every check in flight ends at it, or on cancel.
  const deadline = startDeadline(config.wait.timeoutSeconds * 1000, {
    now: () => deps.clock.now(),
    cancel: deps.cancel
  })
  const ends = await Promise.all(
    config.targets.map((target) =>
      target.spec.kind === 'datasetImportJob'
        ? waitForJob(client, target, config, deps, deadline)
        : waitForResource(client, target, config, deps, deadline)
    )
  )
  reportWaited(ends)
  return ends.every(succeeded)
}

async function waitForJob(
  client: PersonalizeClient,
  target: Target,
  config: WaitConfig,
  deps: Deps,
  deadline: Deadline
): Promise<Ended> {
  const { arn } = target
  const name = jobNameOf(arn)
  const start = deps.clock.now()
  const result = await waitForImport({
    describe: () => deadline.call((signal) => describeImportJob(client, arn, signal)),
    ...pollSettings('DescribeDatasetImportJob', arn, name, config, deps, deadline)
  })
  const { job } = result
  return {
    target,
    job: {
      name,
      arn,
      datasetArn: job?.datasetArn,
      end: result.end,
      status: job?.status ?? '',
      failureReason: failureReasonOf(job),
      // Jobs started before this step: count from their creation, not from the start of the wait.
      durationSeconds: jobDuration(
        job,
        job?.creationDateTime?.getTime() ?? start,
        result.checkedAt
      ),
      waitTimeoutSeconds: config.wait.timeoutSeconds,
      failure: result.failure
    },
    details: job ? { importMode: job.importMode, datasetArn: job.datasetArn } : {}
  }
}
