// Everything the user sees: step outputs, log lines, annotations and the job summary.
import * as core from '@actions/core'
import type { DatasetImportJob, DatasetImportJobSummary } from '@aws-sdk/client-personalize'
import type { AwsFailure } from './aws-errors.js'
import type { ImportRequest } from './config.js'
import { formatDuration } from './duration.js'
import { consoleUrl, explainFailure } from './explain.js'
import type { InputErrors } from './errors.js'
import type { WaitEnd } from './poll.js'

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

/** possibleArn: where the job would be if an attempt whose answer was lost created it. */
export function reportCreateFailure(failure: AwsFailure, possibleArn?: string): void {
  const created = possibleArn
    ? `An attempt may have created the job before its answer was lost: look for ${possibleArn}.`
    : 'No import job was created.'
  core.error(`${failure.text}\n${created}`, { title: `${failure.operation} failed` })
  process.exitCode = 1
}

export function reportDatasetBusy(busy: DatasetImportJobSummary, why: string): void {
  core.error(
    `Import job ${busy.jobName} is ${busy.status} on this dataset (${why}). No import job was created.\nARN of the running job: ${busy.datasetImportJobArn}\nRun this step when it has ended, or with on-busy: wait and a longer wait-timeout.`,
    { title: 'Dataset busy with another import' }
  )
  process.exitCode = 1
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
  core.setOutput('console-url', consoleUrl(arn, request.datasetArn))
  core.setOutput('status', 'CREATE PENDING')
  core.setOutput('failure-reason', '')
  core.setOutput('duration-seconds', '0')
  core.info(`${adopted ? 'Attached to' : 'Created'} import job ${request.jobName}`)
  core.info(`ARN: ${arn}`)
  core.info(`Console: ${consoleUrl(arn, request.datasetArn)}`)
}

export async function reportOutcome(o: Outcome): Promise<void> {
  core.setOutput('status', o.status)
  core.setOutput('failure-reason', o.failureReason)
  core.setOutput('duration-seconds', String(o.durationSeconds))
  announceEnd(o)
  await writeSummary(o)
}

/** The log line or annotation for how one job's wait ended; anything but ACTIVE fails the step. */
export function announceEnd(o: JobEnd): void {
  const { name } = o
  const link = o.datasetArn ? `\nConsole: ${consoleUrl(o.arn, o.datasetArn)}` : ''
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

async function writeSummary(o: Outcome): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const notes: Partial<Record<Outcome['end'], string>> = {
    timeout:
      'The wait timed out; the import goes on in Personalize (import jobs cannot be stopped).',
    aborted:
      'The run was cancelled; the import goes on in Personalize (import jobs cannot be stopped).',
    error: o.failure?.text.split('\n')[0]
  }
  const summary = core.summary.addHeading('Personalize dataset import', 3).addTable([
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ...summaryRows(o).map(([k, v]) => [k, escapeHtml(v)])
  ])
  const url = consoleUrl(o.arn, o.request.datasetArn)
  summary.addRaw(
    `<p><a href="${escapeHtml(url)}">Open the dataset group in the AWS console</a></p>`,
    true
  )
  const note = notes[o.end]
  if (note) summary.addRaw(`<p>${escapeHtml(note)}</p>`, true)
  await summary.write()
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!
  )
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
