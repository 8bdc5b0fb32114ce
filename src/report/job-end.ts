// What both actions report about an import job they waited for, and about inputs they refused:
// the log line or annotation for how a wait ended, the status icons, the job's duration and
// failure reason. Whether the step fails is each action's to decide, in one place.
import type { DatasetImportJob } from '@aws-sdk/client-personalize'
import { failureText, requestIdLine, type AwsFailure } from '../aws/aws-errors.js'
import { formatDuration } from '../inputs/duration.js'
import type { InputErrors } from '../inputs/errors.js'
import type { WaitEnd } from '../job/poll.js'
import { adviceFor, consoleUrl } from './explain.js'
import * as core from './log.js'
import { summaryHtml } from './summary.js'

/** How waiting for one import job ended. */
export interface JobEnd {
  name: string
  arn: string
  /** Known once the job has been described (or was requested); the console link needs it. */
  datasetArn?: string
  /** The job's terminal status, or why waiting stopped. */
  end: WaitEnd | 'not waited'
  status: string
  failureReason: string
  durationSeconds: number
  waitTimeoutSeconds: number
  failure?: AwsFailure
  /** A pre-flight warning the failure bears out, to point back to in "What to do". */
  foretold?: string
}

/** Anything but ACTIVE (or a job not waited for) fails the step. */
export const failsStep = (o: JobEnd): boolean => o.end !== 'ACTIVE' && o.end !== 'not waited'

/** The inputs could not be used: every problem at once, and nothing was sent to AWS. */
export function announceInputErrors(errors: InputErrors): void {
  core.error(
    `${errors.errors.length === 1 ? 'An input is' : `${errors.errors.length} inputs are`} not valid; nothing was sent to AWS.\n${errors.message}`,
    { title: 'Invalid input' }
  )
  // The summary too: it is where a run is looked at first.
  core.appendSummary(
    summaryHtml({
      heading: 'Invalid input',
      header: ['Input', 'What is wrong, and what to give'],
      rows: errors.errors.map((e) => [e.input, e.problem]),
      notes: ['Nothing was sent to AWS.']
    })
  )
}

/** The log line or annotation for how one job's wait ended. */
export function announceEnd(o: JobEnd): void {
  const { name } = o
  const url = o.datasetArn && consoleUrl(o.arn, o.datasetArn)
  const link = url ? `\nConsole: ${url}` : ''
  const goesOn = `Personalize import jobs cannot be stopped: this one goes on.\nARN: ${o.arn}${link}`
  switch (o.end) {
    case 'ACTIVE':
      core.info(
        `Import job ${name} is ACTIVE; the import took ${formatDuration(o.durationSeconds)}.`
      )
      break
    case 'not waited':
      core.info(`Not waiting (wait: false). Import job ${name} is ${o.status}.`)
      break
    case 'CREATE FAILED':
      core.error(
        `Import job ${name} ended CREATE FAILED after ${formatDuration(o.durationSeconds)}: ${o.failureReason}\n${fixFor(o.failureReason, o.foretold)}ARN: ${o.arn}`,
        { title: 'Personalize import CREATE FAILED' }
      )
      break
    case 'timeout':
      core.error(
        `Import job ${name} is still ${o.status || 'not checked'} after waiting ${formatDuration(o.waitTimeoutSeconds)} (wait-timeout). ${goesOn}\nRaise wait-timeout, or wait for it in a later step.`,
        { title: 'Personalize import still running at wait-timeout' }
      )
      break
    case 'aborted':
      core.warning(
        `Cancelled while import job ${name} was ${o.status || 'not checked yet'}: stopped waiting. ${goesOn}`,
        {
          title: 'Stopped waiting; the import goes on'
        }
      )
      break
    case 'error': {
      const failure = o.failure ? failureText(o.failure) : ''
      core.error(
        // A job never seen may not exist (a wrong ARN): say nothing of it going on.
        o.status
          ? `${failure}\nImport job ${name} was last seen ${o.status}. ${goesOn}`
          : `${failure}\nARN: ${o.arn}`,
        { title: `${o.failure?.operation} failed` }
      )
      if (o.failure?.requestId) core.info(requestIdLine(o.failure))
      break
    }
  }
}

export const STATUS_ICON: Record<string, string> = { ACTIVE: '✅', 'CREATE FAILED': '❌' }

const fixFor = (reason: string, foretold?: string) => {
  const fix = adviceFor(reason, foretold)
  return fix ? `What to do: ${fix}\n` : ''
}

/** Personalize's failureReason for a CREATE FAILED job; empty for any other. */
export function failureReasonOf(job: DatasetImportJob | undefined): string {
  return job?.status === 'CREATE FAILED' ? (job.failureReason ?? 'No reason given.') : ''
}

/** Seconds from the job's creation to the last status seen, by the service's clock when it ended. */
export function jobDuration(
  job: DatasetImportJob | undefined,
  createdAt: number,
  checkedAt: number | undefined
): number {
  const ended = job?.status === 'ACTIVE' || job?.status === 'CREATE FAILED'
  if (ended && job?.creationDateTime && job.lastUpdatedDateTime) {
    return Math.max(
      0,
      Math.round((job.lastUpdatedDateTime.getTime() - job.creationDateTime.getTime()) / 1000)
    )
  }
  return checkedAt === undefined ? 0 : Math.max(0, Math.round((checkedAt - createdAt) / 1000))
}
