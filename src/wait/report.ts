// What the wait action shows: JSON map outputs, one log line or annotation per job, and one
// summary table for all of them.
import { formatDuration } from '../inputs/duration.js'
import { consoleUrl, explainFailure } from '../report/explain.js'
import { announceEnd, STATUS_ICON, type JobEnd } from '../report/job-end.js'
import * as core from '../report/log.js'
import { summaryHtml, type Cell } from '../report/summary.js'
import type { WaitOutputName } from './names.js'

const output = (name: WaitOutputName, value: string) => core.setOutput(name, value)

export function reportWaitedJobs(jobs: JobEnd[]): void {
  output('statuses', JSON.stringify(Object.fromEntries(jobs.map((j) => [j.arn, j.status]))))
  output(
    'failure-reasons',
    JSON.stringify(
      Object.fromEntries(jobs.filter((j) => j.failureReason).map((j) => [j.arn, j.failureReason]))
    )
  )
  output('status', overallStatus(jobs))
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
    [
      job.failureReason,
      fix && `What to do: ${fix}`,
      job.failure?.happened,
      job.failure?.advice && `What to do: ${job.failure.advice}`
    ]
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
