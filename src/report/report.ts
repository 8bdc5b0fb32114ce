// Everything the user sees: step outputs, log lines, annotations and the job summary. Every
// ending writes a summary, the ones before any job exists too.
import type { DatasetImportJob, DatasetImportJobSummary } from '@aws-sdk/client-personalize'
import { whatHappened, type AwsFailure } from '../aws/aws-errors.js'
import type { ImportRequest } from '../inputs/config.js'
import { formatDuration } from '../inputs/duration.js'
import { consoleUrl, explainFailure } from './explain.js'
import type { InputErrors } from '../inputs/errors.js'
import * as core from './log.js'
import type { WaitEnd } from '../job/poll.js'
import { jobArnFor } from '../inputs/skeleton.js'
import { summaryHtml, type Cell } from './summary.js'

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
}

/** How the import action's run ended. */
export interface Outcome extends JobEnd {
  request: ImportRequest
}

export function reportInputErrors(errors: InputErrors): void {
  core.error(
    `${errors.errors.length === 1 ? 'An input is' : `${errors.errors.length} inputs are`} not valid; nothing was sent to AWS.\n${errors.message}`,
    { title: 'Invalid input' }
  )
  process.exitCode = 1
}

// The request once the inputs are checked, for the endings that come before any job exists.
let planned: ImportRequest | undefined

/** Called once the inputs are checked: whatever happens next, later steps have the job name. */
export function reportJobName(request: ImportRequest): void {
  planned = request
  core.setOutput('job-name', request.jobName)
}

/** possibleArn: where the job would be if an attempt whose answer was lost created it. */
export function reportCreateFailure(failure: AwsFailure, possibleArn?: string): void {
  // A create answered with another job's ARN may still have created ours, under its own ARN.
  const arn =
    possibleArn ??
    (failure.operation === 'CreateDatasetImportJob' &&
    failure.code === 'UnexpectedAnswer' &&
    planned
      ? jobArnFor(planned.datasetArn, planned.jobName)
      : undefined)
  const created = arn
    ? `An attempt may have created the job before its answer was lost: look for ${arn}.`
    : 'No import job was created.'
  core.error(`${failure.text}\n${created}`, { title: `${failure.operation} failed` })
  process.exitCode = 1
  const happened = whatHappened(failure)
  writeNoJobSummary(
    arn ? [['Job ARN', `${arn} (may exist)`]] : [],
    `${happened} ${created}`,
    failure.text.slice(happened.length).trim()
  )
}

export function reportDatasetBusy(busy: DatasetImportJobSummary, why: string): void {
  const happened = `Import job ${busy.jobName} is ${busy.status} on this dataset (${why}). No import job was created.`
  const advice = 'Run this step when it has ended, or with on-busy: wait and a longer wait-timeout.'
  core.error(`${happened}\nARN of the running job: ${busy.datasetImportJobArn}\n${advice}`, {
    title: 'Dataset busy with another import'
  })
  process.exitCode = 1
  writeNoJobSummary([['Running job', busy.datasetImportJobArn ?? '']], happened, advice)
}

/**
 * The summary of an ending before any job exists that has no job summary of its own (a stop during
 * the pre-flight reads, a check that could not run in strict mode): what happened, what to do.
 */
export function reportNotCreated(happened: string, advice: string): void {
  writeNoJobSummary([], happened, advice)
}

/** The summary of a run that ended before its job existed: what was asked, what happened, what to do. */
function writeNoJobSummary(extra: [string, string][], happened: string, advice: string): void {
  if (!planned) return
  writeFieldSummary(
    [
      ['Job name', planned.jobName],
      ['Status', '⛔ not created'],
      ...extra,
      ['Dataset', planned.datasetArn],
      ['Data location', planned.dataSource.dataLocation],
      ['Import mode', planned.importMode ?? 'FULL'],
      ['What happened', happened],
      ...(advice ? [['What to do', advice] as [string, string]] : [])
    ],
    []
  )
}

function writeFieldSummary(rows: [string, string][], notes: Cell[]): void {
  core.appendSummary(
    summaryHtml({ heading: 'Personalize dataset import', header: ['Field', 'Value'], rows, notes })
  )
}

export function reportFullReplaces(lastActive: DatasetImportJobSummary): void {
  core.warning(
    `import-mode is FULL: this import replaces all bulk data imported into the dataset before, including import ${lastActive.jobName}. Use import-mode: INCREMENTAL to add records instead.`,
    { title: 'FULL import replaces earlier bulk data' }
  )
}

/** A stop with the create in flight: the ARN the job will have, if the create went through. */
export function reportCreateInFlight(request: ImportRequest, arn: string, why: string): void {
  core.setOutput('dataset-import-job-arn', arn)
  core.setOutput('job-name', request.jobName)
  core.info(
    `${why} while CreateDatasetImportJob was in flight: waiting a few seconds for its answer. The job may exist: ${arn}`
  )
}

/** Called the moment the job exists, so later steps and cancelled runs still have its ARN. */
export function reportCreated(request: ImportRequest, arn: string, adopted: boolean): void {
  core.setOutput('dataset-import-job-arn', arn)
  core.setOutput('job-name', request.jobName)
  const url = consoleUrl(arn, request.datasetArn)
  core.setOutput('console-url', url ?? '')
  core.setOutput('status', 'CREATE PENDING')
  core.setOutput('failure-reason', '')
  core.setOutput('duration-seconds', '0')
  core.info(`${adopted ? 'Attached to' : 'Created'} import job ${request.jobName}`)
  core.info(`ARN: ${arn}`)
  if (url) core.info(`Console: ${url}`)
}

export async function reportOutcome(o: Outcome): Promise<void> {
  core.setOutput('status', o.status)
  core.setOutput('failure-reason', o.failureReason)
  core.setOutput('duration-seconds', String(o.durationSeconds))
  announceEnd(o)
  writeSummary(o)
}

/** The log line or annotation for how one job's wait ended; anything but ACTIVE fails the step. */
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
        `Import job ${name} ended CREATE FAILED after ${formatDuration(o.durationSeconds)}: ${o.failureReason}\n${fixFor(o.failureReason)}ARN: ${o.arn}`,
        { title: 'Personalize import CREATE FAILED' }
      )
      process.exitCode = 1
      break
    case 'timeout':
      core.error(
        `Import job ${name} is still ${o.status || 'not checked'} after waiting ${formatDuration(o.waitTimeoutSeconds)} (wait-timeout). ${goesOn}\nRaise wait-timeout, or wait for it in a later step.`,
        { title: 'Personalize import still running at wait-timeout' }
      )
      process.exitCode = 1
      break
    case 'aborted':
      core.warning(
        `Cancelled while import job ${name} was ${o.status || 'not checked yet'}: stopped waiting. ${goesOn}`,
        {
          title: 'Stopped waiting; the import goes on'
        }
      )
      process.exitCode = 1
      break
    case 'error':
      core.error(
        // A job never seen may not exist (a wrong ARN): say nothing of it going on.
        o.status
          ? `${o.failure?.text}\nImport job ${name} was last seen ${o.status}. ${goesOn}`
          : `${o.failure?.text}\nARN: ${o.arn}`,
        { title: `${o.failure?.operation} failed` }
      )
      process.exitCode = 1
      break
  }
}

export const STATUS_ICON: Record<string, string> = { ACTIVE: '✅', 'CREATE FAILED': '❌' }

/** The rows of the job summary table. Pure. */
export function summaryRows(o: Outcome): [string, string][] {
  const rows: [string, string][] = [
    ['Job name', o.request.jobName],
    ['Job ARN', o.arn],
    ['Dataset', o.request.datasetArn],
    ['Data location', o.request.dataSource.dataLocation],
    ['Import mode', o.request.importMode ?? 'FULL'],
    ['Status', `${STATUS_ICON[o.status] ?? '⏳'} ${o.status}`],
    ['Duration', formatDuration(o.durationSeconds)]
  ]
  if (o.failureReason) rows.push(['Failure reason', o.failureReason])
  const fix = o.failureReason && explainFailure(o.failureReason)
  if (fix) rows.push(['What to do', fix])
  return rows
}

const fixFor = (reason: string) => {
  const fix = explainFailure(reason)
  return fix ? `What to do: ${fix}\n` : ''
}

function writeSummary(o: Outcome): void {
  const notes: Partial<Record<Outcome['end'], string>> = {
    timeout:
      'The wait timed out; the import goes on in Personalize (import jobs cannot be stopped).',
    aborted:
      'The run was cancelled; the import goes on in Personalize (import jobs cannot be stopped).',
    error: o.failure && whatHappened(o.failure)
  }
  const url = consoleUrl(o.arn, o.request.datasetArn)
  const note = notes[o.end]
  writeFieldSummary(summaryRows(o), [
    ...(url ? [{ href: url, text: 'Open the dataset group in the AWS console' }] : []),
    ...(note ? [note] : [])
  ])
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
