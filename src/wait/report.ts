// What the wait action shows: JSON map outputs, one log line or annotation per resource, and one
// summary table for all of them. Import jobs are told as the import action tells them.
import type { Target } from './config.js'
import { failureText, requestIdLine } from '../aws/aws-errors.js'
import { formatDuration } from '../inputs/duration.js'
import { consoleUrl, explainFailure } from '../report/explain.js'
import { announceEnd, failsStep, STATUS_ICON, type JobEnd } from '../report/job-end.js'
import * as core from '../report/log.js'
import { summaryHtml, type Cell } from '../report/summary.js'
import type { WaitOutputName } from './names.js'
import type { Waited } from './resource.js'

/** An import job's end, as the import action reports it. */
export interface ImportEnded {
  target: Target
  job: JobEnd
  details: Record<string, unknown>
}

export type Ended = ImportEnded | Waited

const output = (name: WaitOutputName, value: string) => core.setOutput(name, value)

const isImport = (e: Ended): e is ImportEnded => 'job' in e

/** The resource reached the end it was meant to (ACTIVE, COMPLETED, deleted…). */
export const succeeded = (e: Ended): boolean =>
  isImport(e) ? !failsStep(e.job) : e.end === 'success' || e.end === 'deleted'

const failed = (e: Ended) =>
  isImport(e) ? e.job.end === 'CREATE FAILED' : e.end === 'failure' || e.end === 'stopped'

const arnOf = (e: Ended) => e.target.arn
const statusOf = (e: Ended) => (isImport(e) ? e.job.status : e.status)
const reasonOf = (e: Ended) => (isImport(e) ? e.job.failureReason : e.failureReason)

/** "one import job", "3 import jobs", "2 resources (1 campaign, 1 solution version)". */
export function countOf(targets: Target[]): string {
  const labels = targets.map((t) => t.spec.label)
  const kinds = [...new Set(labels)]
  const short = (label: string) => (label === 'dataset import job' ? 'import job' : label)
  const count = (n: number, label: string) => `${n} ${short(label)}${n === 1 ? '' : 's'}`
  if (kinds.length === 1)
    return targets.length === 1 ? `one ${short(kinds[0])}` : count(targets.length, kinds[0])
  const each = kinds.map((k) => count(labels.filter((l) => l === k).length, k))
  return `${targets.length} resources (${each.join(', ')})`
}

export function reportWaited(ends: Ended[]): void {
  output('statuses', JSON.stringify(Object.fromEntries(ends.map((e) => [arnOf(e), statusOf(e)]))))
  output(
    'failure-reasons',
    JSON.stringify(
      Object.fromEntries(ends.filter((e) => reasonOf(e)).map((e) => [arnOf(e), reasonOf(e)]))
    )
  )
  output('status', overallStatus(ends))
  output('succeeded', String(ends.every(succeeded)))
  output(
    'details',
    JSON.stringify(
      Object.fromEntries(ends.map((e) => [arnOf(e), { kind: e.target.spec.kind, ...e.details }]))
    )
  )
  for (const e of ends) {
    if (isImport(e)) announceEnd(e.job)
    else announceResource(e)
  }
  const ok = ends.filter(succeeded).length
  core.info(
    ends.every(isImport)
      ? `${ok} of ${ends.length} import jobs ACTIVE.`
      : `${ok} of ${ends.length} resources ended well.`
  )
  writeSummary(ends)
}

/**
 * The status all share when all ended well (the first's, for a mixed list: read succeeded);
 * else the first failure's; else the status of the first one still going ('' if never seen). Pure.
 */
export function overallStatus(ends: Ended[]): string {
  if (ends.every(succeeded)) return statusOf(ends[0])
  return statusOf(ends.find(failed) ?? ends.find((e) => !succeeded(e))!)
}

const capitalized = (text: string) => text[0].toUpperCase() + text.slice(1)

/** The reported fields a reader wants, in words. */
function detailsText(w: Waited): string {
  const d = w.details
  const parts = [
    d.trainingHours !== undefined && `${d.trainingHours} training hours`,
    d.trainingMode !== undefined && `training mode ${d.trainingMode}`,
    d.numDeleted !== undefined && `${d.numDeleted} records deleted`,
    d['latestCampaignUpdate.solutionVersionArn'] !== undefined &&
      `now on solution version ${d['latestCampaignUpdate.solutionVersionArn']}`
  ].filter(Boolean)
  return parts.join(', ')
}

/** The log line or annotation for how one resource's wait ended. */
export function announceResource(w: Waited): void {
  const what = `${capitalized(w.target.spec.label)} ${w.name}${w.update ? "'s update" : ''}`
  const took = formatDuration(w.durationSeconds)
  const training = w.target.spec.stop
    ? 'Its training goes on and is billed by the hour: stop it with aws personalize stop-solution-version-creation, or set stop-on-cancel: true.'
    : `A ${w.target.spec.label} cannot be stopped: it goes on in Personalize.`
  switch (w.end) {
    case 'success':
      core.info(
        `${what} is ${w.status}; it took ${took}${detailsText(w) && ` (${detailsText(w)})`}.`
      )
      break
    case 'deleted':
      core.info(`${what} is deleted.`)
      break
    case 'failure':
    case 'stopped':
      core.error(
        `${what} ended ${w.status} after ${took}${w.failureReason ? `: ${w.failureReason}` : '.'}\nARN: ${w.arn}`,
        { title: `Personalize ${w.target.spec.label} ${w.status}` }
      )
      break
    case 'timeout':
      core.error(
        `${what} is still ${w.status || 'not checked'} after waiting ${formatDuration(w.waitTimeoutSeconds)} (wait-timeout). ${training}\nARN: ${w.arn}\nRaise wait-timeout, or wait for it in a later step.`,
        { title: `Personalize ${w.target.spec.label} still running at wait-timeout` }
      )
      break
    case 'aborted':
      core.warning(
        `Cancelled while ${what} was ${w.status || 'not checked yet'}: stopped waiting. ${w.stop ?? training}\nARN: ${w.arn}`,
        { title: w.stop ? 'Stopped waiting and stopped the training' : 'Stopped waiting' }
      )
      break
    case 'error':
      core.error(`${w.failure ? failureText(w.failure) : ''}\nARN: ${w.arn}`, {
        title: `${w.failure?.operation} failed`
      })
      if (w.failure?.requestId) core.info(requestIdLine(w.failure))
      break
  }
}

/** One row per import job: name, status, duration, failure reason and what to do, console link. Pure. */
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

/** One row per resource of any kind: name, kind, status, duration, notes. Pure. */
export function resourceRow(e: Ended): Cell[] {
  if (isImport(e)) {
    const [name, ...rest] = summaryRow(e.job)
    return [name, e.target.spec.label, ...rest.slice(0, 3)]
  }
  const icon = succeeded(e) ? '✅' : e.end === 'failure' || e.end === 'stopped' ? '❌' : '⏳'
  return [
    e.name,
    e.target.spec.label,
    `${icon} ${e.status || 'not seen'}`,
    formatDuration(e.durationSeconds),
    [e.failureReason, e.failure?.happened, e.stop, detailsText(e)].filter(Boolean).join(' ')
  ]
}

function writeSummary(ends: Ended[]): void {
  const stopped = ends.some((e) => ['timeout', 'aborted'].includes(isImport(e) ? e.job.end : e.end))
  const imports = ends.every(isImport)
  core.appendSummary(
    summaryHtml(
      imports
        ? {
            heading: 'Personalize dataset imports',
            header: ['Job', 'Status', 'Duration', 'Notes', 'Console'],
            rows: ends.map((e) => summaryRow((e as ImportEnded).job)),
            notes: stopped
              ? [
                  'Waiting stopped before every job ended; the imports go on in Personalize (import jobs cannot be stopped).'
                ]
              : []
          }
        : {
            heading: 'Personalize resources',
            header: ['Resource', 'Kind', 'Status', 'Duration', 'Notes'],
            rows: ends.map(resourceRow),
            notes: stopped
              ? [
                  'Waiting stopped before every resource ended; they go on in Personalize unless stopped above.'
                ]
              : []
          }
    )
  )
}
