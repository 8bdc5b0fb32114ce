// Everything the import action shows: step outputs, log lines, annotations and the job summary,
// through one reporter that holds the request. Some reports are immediate (the job name, the
// ARN the moment the job exists, a create in flight at a stop); the run ends in one place, `end`,
// which says how it ended and whether the step failed. Every ending writes a summary, the ones
// before any job exists too.
import type { DatasetImportJobSummary } from '@aws-sdk/client-personalize'
import { failureText, requestIdLine, type AwsFailure } from '../aws/aws-errors.js'
import type { ImportRequest } from '../aws/personalize.js'
import { formatDuration } from '../inputs/duration.js'
import type { Preflight } from '../preflight/verdict.js'
import { adviceFor, consoleUrl } from '../report/explain.js'
import { announceEnd, failsStep, STATUS_ICON, type JobEnd } from '../report/job-end.js'
import * as core from '../report/log.js'
import { summaryHtml, type Cell } from '../report/summary.js'
import type { OutputName } from './names.js'
import { showPreflight } from './preflight-report.js'

/** How a run ended before its job existed: the annotation, and the summary's rows. */
export interface Ending {
  title: string
  /** The annotation's text. */
  message: string
  /** The summary's "What happened" and "What to do". */
  happened: string
  advice: string
  /** Rows between the status and the dataset, e.g. the running job's ARN. */
  rows?: [string, string][]
  /** The AWS call that failed, if one did: its request id is logged beside the annotation. */
  failure?: AwsFailure
}

export type ImportEnd =
  /** Ended before the job existed. */
  | { ending: Ending }
  /** The pre-flight checks refused the import: they said so already. */
  | { refused: true }
  /** The job exists: how waiting for it ended (or that it was not waited for). */
  | { outcome: JobEnd }

/** A create that failed; possibleArn: where the job would be if a lost answer created it. */
export function createFailed(failure: AwsFailure, possibleArn?: string): Ending {
  const created = possibleArn
    ? `An attempt may have created the job before its answer was lost: look for ${possibleArn}.`
    : 'No import job was created.'
  return {
    title: `${failure.operation} failed`,
    message: `${failureText(failure)}\n${created}`,
    happened: `${failure.happened} ${created}`,
    advice: failure.advice,
    rows: possibleArn ? [['Job ARN', `${possibleArn} (may exist)`]] : [],
    failure
  }
}

export function datasetBusy(busy: DatasetImportJobSummary, why: string): Ending {
  const happened = `Import job ${busy.jobName} is ${busy.status} on this dataset (${why}). No import job was created.`
  const advice = 'Run this step when it has ended, or with on-busy: wait and a longer wait-timeout.'
  return {
    title: 'Dataset busy with another import',
    message: `${happened}\nARN of the running job: ${busy.datasetImportJobArn}\n${advice}`,
    happened,
    advice,
    rows: [['Running job', busy.datasetImportJobArn ?? '']]
  }
}

/** The deadline or a cancel stopped the pre-flight reads. */
export function preflightStopped(stoppedBy: string): Ending {
  const happened = `${stoppedBy} during the pre-flight checks. No import job was created.`
  return {
    title: 'Pre-flight check stopped',
    message: happened,
    happened,
    advice:
      'Run the step again, with a longer wait-timeout if it ran out: the checks read S3 and the dataset schema first. If S3 is slow to answer, check s3-endpoint-url and the network, or set preflight: off.'
  }
}

export type ImportReporter = ReturnType<typeof importReporter>

/** jobArn: the ARN the request implies, where the job is once it exists. */
export function importReporter(request: ImportRequest, jobArn: string) {
  const output = (name: OutputName, value: string) => core.setOutput(name, value)

  /** The summary of a run that ended before its job existed: what was asked, what happened, what to do. */
  const writeNoJobSummary = (e: Ending) =>
    writeFieldSummary(
      [
        ['Job name', request.jobName],
        ['Status', '⛔ not created'],
        ...(e.rows ?? []),
        ['Dataset', request.datasetArn],
        ['Data location', request.dataSource.dataLocation],
        ['Import mode', request.importMode ?? 'FULL'],
        ['What happened', e.happened],
        ...(e.advice ? [['What to do', e.advice] as [string, string]] : [])
      ],
      []
    )

  const writeJobSummary = (o: JobEnd) => {
    const notes: Partial<Record<JobEnd['end'], string>> = {
      timeout:
        'The wait timed out; the import goes on in Personalize (import jobs cannot be stopped).',
      aborted:
        'The run was cancelled; the import goes on in Personalize (import jobs cannot be stopped).',
      error: o.failure?.happened
    }
    const url = consoleUrl(o.arn, request.datasetArn)
    const note = notes[o.end]
    writeFieldSummary(summaryRows(request, o), [
      ...(url ? [{ href: url, text: 'Open the dataset group in the AWS console' }] : []),
      ...(note ? [note] : [])
    ])
  }

  return {
    /** Once the inputs are checked: whatever happens next, later steps have the job name. */
    jobName(): void {
      output('job-name', request.jobName)
    },

    /** The pre-flight checks' verdict, or why there is none: the preflight output is set here only. */
    preflight(p: Preflight | 'off' | 'stopped'): void {
      if (p === 'off' || p === 'stopped') {
        output('preflight', p === 'off' ? 'off' : 'incomplete')
        return
      }
      output('preflight', p.summary.verdict)
      showPreflight(p)
    },

    /** Not a check of the data: what a FULL import does to the data imported before. */
    fullReplaces(lastActive: DatasetImportJobSummary): void {
      core.warning(
        `import-mode is FULL: this import replaces all bulk data imported into the dataset before, including import ${lastActive.jobName}. Use import-mode: INCREMENTAL to add records instead.`,
        { title: 'FULL import replaces earlier bulk data' }
      )
    },

    /** The caller may not list the dataset's imports: the run goes ahead without the busy check. */
    notListed(failure: AwsFailure): void {
      core.warning(
        `${failure.happened}\nGoing ahead without checking the dataset for running imports. Grant personalize:ListDatasetImportJobs to enable the check.`,
        { title: 'Dataset not checked' }
      )
    },

    /** A stop with the create in flight: the ARN the job will have, if the create went through. */
    createInFlight(stoppedBy: string): void {
      output('dataset-import-job-arn', jobArn)
      output('job-name', request.jobName)
      core.info(
        `${stoppedBy} while CreateDatasetImportJob was in flight: waiting a few seconds for its answer. The job may exist: ${jobArn}`
      )
    },

    /** The moment the job exists, so later steps and cancelled runs still have its ARN. */
    created(adopted: boolean): void {
      output('dataset-import-job-arn', jobArn)
      output('job-name', request.jobName)
      const url = consoleUrl(jobArn, request.datasetArn)
      output('console-url', url ?? '')
      output('status', 'CREATE PENDING')
      output('failure-reason', '')
      output('duration-seconds', '0')
      core.info(`${adopted ? 'Attached to' : 'Created'} import job ${request.jobName}`)
      core.info(`ARN: ${jobArn}`)
      if (url) core.info(`Console: ${url}`)
    },

    /** The one place the run ends: says how, and gives false when the step fails. */
    end(e: ImportEnd): boolean {
      if ('refused' in e) return false
      if ('ending' in e) {
        core.error(e.ending.message, { title: e.ending.title })
        if (e.ending.failure?.requestId) core.info(requestIdLine(e.ending.failure))
        writeNoJobSummary(e.ending)
        return false
      }
      const o = e.outcome
      output('status', o.status)
      output('failure-reason', o.failureReason)
      output('duration-seconds', String(o.durationSeconds))
      announceEnd(o)
      writeJobSummary(o)
      return !failsStep(o)
    }
  }
}

/** The rows of the job summary table. Pure. */
export function summaryRows(request: ImportRequest, o: JobEnd): [string, string][] {
  const rows: [string, string][] = [
    ['Job name', request.jobName],
    ['Job ARN', o.arn],
    ['Dataset', request.datasetArn],
    ['Data location', request.dataSource.dataLocation],
    ['Import mode', request.importMode ?? 'FULL'],
    ['Status', `${STATUS_ICON[o.status] ?? '⏳'} ${o.status}`],
    ['Duration', formatDuration(o.durationSeconds)]
  ]
  if (o.failureReason) rows.push(['Failure reason', o.failureReason])
  const fix = o.failureReason && adviceFor(o.failureReason, o.foretold)
  if (fix) rows.push(['What to do', fix])
  // A wait that a failed call ended (expired credentials, a denied describe): its advice.
  else if (o.end === 'error' && o.failure?.advice) rows.push(['What to do', o.failure.advice])
  return rows
}

function writeFieldSummary(rows: [string, string][], notes: Cell[]): void {
  core.appendSummary(
    summaryHtml({ heading: 'Personalize dataset import', header: ['Field', 'Value'], rows, notes })
  )
}
