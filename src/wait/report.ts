// What the wait action shows: JSON map outputs, one log line or annotation per job, and one
// summary table for all of them.
import * as core from '@actions/core'
import { formatDuration } from '../duration.js'
import { consoleUrl, explainFailure } from '../explain.js'
import { announceEnd, escapeHtml, STATUS_ICON, type JobEnd } from '../report.js'

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
  await writeSummary(jobs)
}

/** ACTIVE when all are; CREATE FAILED when any is; else the status of the first one still running. Pure. */
export function overallStatus(jobs: JobEnd[]): string {
  if (jobs.every((j) => j.status === 'ACTIVE')) return 'ACTIVE'
  if (jobs.some((j) => j.status === 'CREATE FAILED')) return 'CREATE FAILED'
  return jobs.find((j) => j.status !== 'ACTIVE')!.status
}

/** One row per job: name, status, duration, failure reason and what to do, console link. Pure. */
export function summaryRow(job: JobEnd): string[] {
  const fix = job.failureReason && explainFailure(job.failureReason)
  const status = job.status || 'not seen'
  return [
    escapeHtml(job.name),
    `${STATUS_ICON[job.status] ?? '⏳'} ${escapeHtml(status)}`,
    formatDuration(job.durationSeconds),
    escapeHtml(
      [job.failureReason, fix && `What to do: ${fix}`, job.failure?.text.split('\n')[0]]
        .filter(Boolean)
        .join(' ')
    ),
    job.datasetArn ? `<a href="${escapeHtml(consoleUrl(job.arn, job.datasetArn))}">console</a>` : ''
  ]
}

async function writeSummary(jobs: JobEnd[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const header = ['Job', 'Status', 'Duration', 'Notes', 'Console'].map((data) => ({
    data,
    header: true
  }))
  const summary = core.summary
    .addHeading('Personalize dataset imports', 3)
    .addTable([header, ...jobs.map(summaryRow)])
  if (jobs.some((j) => j.end === 'timeout' || j.end === 'aborted')) {
    summary.addRaw(
      '<p>Waiting stopped before every job ended; the imports go on in Personalize (import jobs cannot be stopped).</p>',
      true
    )
  }
  await summary.write()
}
