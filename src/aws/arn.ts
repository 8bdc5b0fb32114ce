// The one module that builds, splits or checks an ARN, and what the service answers checked
// against what was asked before it becomes an output, a link or our job's status: an answer about
// another job (another name, account, region or partition) or with a status the API does not have
// is an error, never this job's state. Pure.
import type { DatasetImportJob, DatasetImportJobSummary } from '@aws-sdk/client-personalize'

/** A job name as the service allows it (botocore's pattern, as a full match, and length). */
export const JOB_NAME = { pattern: /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/, max: 63 }

const REGION_NAME = '[a-z]{2}(?:-[a-z]+)+-\\d+'
/** A region name: us-east-1, ap-southeast-2, us-gov-west-1. */
export const REGION = new RegExp(`^${REGION_NAME}$`)

export interface Arn {
  partition: string
  service: string
  region: string
  account: string
  /** Everything after the account, e.g. dataset-import-job/<name>. */
  resource: string
}

const ARN = new RegExp(`^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):(${REGION_NAME}):(\\d{12}):(.+)$`)

/** The parts of a well-formed regional ARN; undefined for anything else. */
export function parseArn(text: string | undefined): Arn | undefined {
  const m = ARN.exec(text ?? '')
  return m
    ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] }
    : undefined
}

/** arn:<partition>:personalize:<region>:<account>:dataset-import-job/<name>, from the dataset ARN. */
export function jobArnFor(datasetArn: string, jobName: string): string {
  const [, partition, , region, account] = datasetArn.split(':')
  return `arn:${partition}:personalize:${region}:${account}:dataset-import-job/${jobName}`
}

/** The region field of an ARN as given (checked or not); undefined when it has none. */
export const regionOf = (arn: string): string | undefined => arn.split(':')[3] || undefined

/** The job name at the end of an import job's ARN. */
export const jobNameOf = (jobArn: string): string => jobArn.slice(jobArn.indexOf('/') + 1)

/** A well-formed Personalize dataset import job ARN (a dataset ARN given by mistake is not). */
export function isJobArn(text: string): boolean {
  const arn = parseArn(text)
  const name = /^dataset-import-job\/(.+)$/.exec(arn?.resource ?? '')?.[1] ?? ''
  return arn?.service === 'personalize' && isJobName(name)
}

export const isJobName = (name: string): boolean =>
  JOB_NAME.pattern.test(name) && name.length <= JOB_NAME.max

export const STATUSES = ['CREATE PENDING', 'CREATE IN_PROGRESS', 'ACTIVE', 'CREATE FAILED']

/** An answer that is not about what the action asked for. */
export class UnexpectedAnswerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnexpectedAnswer'
  }
}

// Quoted and cut short: the value is the service's, not ours.
const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing'
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/** The ARN CreateDatasetImportJob answered, which must be the one the request implies. */
export function checkCreatedArn(answered: string | undefined, expected: string): string {
  if (answered !== expected) {
    throw new UnexpectedAnswerError(
      `CreateDatasetImportJob answered with the ARN ${shown(answered)}, not ${expected}, the ARN of the job it was asked to create.`
    )
  }
  return answered
}

/** The job DescribeDatasetImportJob answered, which must be the one asked about. */
export function checkDescribedJob(
  job: DatasetImportJob | undefined,
  askedArn: string
): DatasetImportJob {
  const asked = parseArn(askedArn)
  const name = jobNameOf(askedArn)
  const about = (what: string) =>
    new UnexpectedAnswerError(`DescribeDatasetImportJob for ${askedArn} answered ${what}.`)
  // Members the answer leaves out are not checked (test doubles leave them out; AWS never does).
  if (!job || (job.datasetImportJobArn !== undefined && job.datasetImportJobArn !== askedArn))
    throw about(`about the job ${shown(job?.datasetImportJobArn)}`)
  if (job.jobName !== undefined && job.jobName !== name)
    throw about(`with the job name ${shown(job.jobName)}`)
  if (!STATUSES.includes(job.status ?? '')) throw about(`with the status ${shown(job.status)}`)
  const dataset = parseArn(job.datasetArn)
  if (
    job.datasetArn !== undefined &&
    !(asked && dataset && sameHome(dataset, asked) && dataset.resource.startsWith('dataset/'))
  )
    throw about(
      `with the dataset ${shown(job.datasetArn)}, not a dataset of the job's account and region`
    )
  return job
}

/** The jobs ListDatasetImportJobs answered for a dataset: each in the dataset's account and region. */
export function checkListedJobs(
  jobs: DatasetImportJobSummary[],
  datasetArn: string
): DatasetImportJobSummary[] {
  for (const job of jobs) {
    const name = job.jobName ?? ''
    if (
      !isJobName(name) ||
      (job.datasetImportJobArn !== undefined &&
        job.datasetImportJobArn !== jobArnFor(datasetArn, name)) ||
      !STATUSES.includes(job.status ?? '')
    )
      throw new UnexpectedAnswerError(
        `ListDatasetImportJobs for ${datasetArn} answered with a job that is not one of this dataset's account and region: ${shown({ jobName: job.jobName, datasetImportJobArn: job.datasetImportJobArn, status: job.status })}.`
      )
  }
  return jobs
}

const sameHome = (a: Arn, b: Arn) =>
  a.partition === b.partition &&
  a.region === b.region &&
  a.account === b.account &&
  a.service === b.service
