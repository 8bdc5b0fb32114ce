// What the wait action shows: JSON map outputs, one log line or annotation per job, and one
// summary table for all of them.
import { whatHappened } from '../aws/aws-errors.js'
import { formatDuration } from '../inputs/duration.js'
import { consoleUrl, explainFailure } from '../report/explain.js'
import * as core from '../report/log.js'
import { announceEnd, STATUS_ICON, type JobEnd } from '../report/report.js'
import { summaryHtml, type Cell } from '../report/summary.js'

export async function reportWaitedJobs(jobs: JobEnd[]): Promise<void> {
  core.setOutput('statuses', JSON.stringify(Object.fromEntries(jobs.map((j) => [j.arn, j.status]))))
  core.setOutput(
    'failure-reasons',
    JSON.stringify(
      Object.fromEntries(jobs.filter((j) => j.failureReason).map((j) => [j.arn, j.failureReason]))
    )
  )
  core.setOutput('status', overallStatus(jobs))
  for (const job of jobs) announceEnd(job)
  const active = jobs.filter((j) => j.end === 'ACTIVE').length
  core.info(`${active} of ${jobs.length} import jobs ACTIVE.`)
  writeSummary(jobs)
}

/** ACTIVE when all are; CREATE FAILED when any is; else the status of the first one still running. Pure. */
export function overallStatus(jobs: JobEnd[]): string {
  if (jobs.every((j) => j.status === 'ACTIVE')) return 'ACTIVE'
  if (jobs.some((j) => j.status === 'CREATE FAILED')) return 'CREATE FAILED'
  return jobs.find((j) => j.status !== 'ACTIVE')!.status
}

/** One row per job: name, status, duration, failure reason and what to do, console link. Pure. */
export function summaryRow(job: JobEnd): Cell[] {
  const fix = job.failureReason && explainFailure(job.failureReason)
  const url = job.datasetArn && consoleUrl(job.arn, job.datasetArn)
  return [
    job.name,
    `${STATUS_ICON[job.status] ?? '⏳'} ${job.status || 'not seen'}`,
    formatDuration(job.durationSeconds),
    [job.failureReason, fix && `What to do: ${fix}`, job.failure && whatHappened(job.failure)]
      .filter(Boolean)
      .join(' '),
    url ? { href: url, text: 'console' } : ''
  ]
}

function writeSummary(jobs: JobEnd[]): void {
  const stopped = jobs.some((j) => j.end === 'timeout' || j.end === 'aborted')
  core.appendSummary(
    summaryHtml({
      heading: 'Personalize dataset imports',
      header: ['Job', 'Status', 'Duration', 'Notes', 'Console'],
      rows: jobs.map(summaryRow),
      notes: stopped
        ? [
            'Waiting stopped before every job ended; the imports go on in Personalize (import jobs cannot be stopped).'
          ]
        : []
    })
  )
}
