// The service state: datasets, import jobs and their tags. A job's status is not stored but
// computed from the clock when it is read, so a test that moves its clock sees the job move on.
// With an S3 endpoint, a new job reads its data at once, in the background; the verdict decides
// how it ends, and a job whose read is still going stays CREATE IN_PROGRESS until it is done.
import { ApiError } from './errors.js'
import { FAILURE_PRESETS, findOutcome, ruleFailure } from './scenario.js'
import { readImportData } from './s3-read.js'
import { schemaText } from './schemas.js'
import { checkTagRules } from './shapes.js'

const PENDING = 'CREATE PENDING'
const IN_PROGRESS = 'CREATE IN_PROGRESS'
const ACTIVE = 'ACTIVE'
const FAILED = 'CREATE FAILED'
const STATUSES = [PENDING, IN_PROGRESS, ACTIVE, FAILED]

/**
 * @typedef {{ tagKey: string, tagValue: string }} Tag
 * @typedef {{
 *   seq: number, jobName: string, arn: string, datasetArn: string, dataLocation?: string,
 *   roleArn?: string, importMode: string, publishAttributionMetricsToS3?: boolean, tags: Tag[],
 *   createdMs: number, startsMs: number, endsMs: number, finalStatus: string, failureReason?: string,
 *   reading?: boolean
 * }} Job
 * @typedef {{ datasetArn: string, name: string, datasetType: string, datasetGroupArn: string, schemaArn: string, createdMs: number }} Dataset
 * @typedef {{ name: string, schemaArn: string, schema: string, createdMs: number }} Schema
 */

export class JobStore {
  /** @type {Map<string, Job>} by job name, which is unique per account and region */
  #jobs = new Map()
  /** @type {Map<string, Dataset>} */
  #datasets = new Map()
  /** @type {Map<string, Schema>} */
  #schemas = new Map()
  /** @type {Set<Promise<void>>} the data reads still going */
  #reads = new Set()
  #seq = 0

  /**
   * @param {{
   *   partition: string, region: string, accountId: string, now: () => number,
   *   pendingSeconds: number, inProgressSeconds: number, outcomes: import('./index.js').OutcomeRule[],
   *   maxRunningImports: number, incrementalRequiresFullImport: boolean,
   *   oneImportPerDataset: boolean, s3?: import('./s3-client.js').S3Config
   * }} config
   */
  constructor(config) {
    this.config = config
  }

  /** @param {string} jobName */
  jobArn(jobName) {
    const { partition, region, accountId } = this.config
    return `arn:${partition}:personalize:${region}:${accountId}:dataset-import-job/${jobName}`
  }

  /**
   * Registers a dataset. Its type (for failure reasons) defaults from the ARN's last segment,
   * e.g. `dataset/retail/INTERACTIONS` is an Interactions dataset of the group `retail`.
   * @param {import('./index.js').DatasetSpec} d
   */
  addDataset(d) {
    const match = /^arn:([a-z\d-]+):personalize:([^:]*):(\d*):dataset\/(.+)$/.exec(
      d.datasetArn ?? ''
    )
    if (!match) throw new Error(`datasetArn: not a Personalize dataset ARN: ${d.datasetArn}`)
    const [, partition, region, account, path] = match
    const parts = path.split('/')
    const group = parts.length > 1 ? parts.slice(0, -1).join('/') : parts[0]
    const last = parts.at(-1) ?? ''
    const datasetType =
      d.datasetType ?? last.toLowerCase().replace(/(^|_)[a-z]/g, (c) => c.toUpperCase())
    if (!/^[A-Za-z_]+$/.test(datasetType))
      throw new Error(`datasetType: give one for ${d.datasetArn} (e.g. Interactions)`)
    const base = `arn:${partition}:personalize:${region}:${account}`
    const createdMs = toMs(d.creationDateTime) ?? this.config.now()
    const schemaName = `${group}-${datasetType.toLowerCase()}-schema`
    const schemaArn = `${base}:schema/${schemaName}`
    const schema = schemaText(d.datasetArn, datasetType, d.schema)
    this.#schemas.set(schemaArn, { name: schemaName, schemaArn, schema, createdMs })
    this.#datasets.set(d.datasetArn, {
      datasetArn: d.datasetArn,
      name: d.name ?? `${group}-${datasetType.toLowerCase()}`,
      datasetType,
      datasetGroupArn: `${base}:dataset-group/${group}`,
      schemaArn,
      createdMs
    })
  }

  /**
   * Adds a job that existed before the emulator started. Finished jobs keep their status; a
   * pending or running one stays so, or finishes `secondsLeft` after now (ACTIVE, or CREATE
   * FAILED when it has a failureReason).
   * @param {import('./index.js').ExistingJob} j
   */
  seed(j) {
    const status = j.status ?? ACTIVE
    if (!STATUSES.includes(status))
      throw new Error(`existingJobs: status '${status}' is not one of ${STATUSES.join(', ')}`)
    if (!j.jobName || !j.datasetArn)
      throw new Error('existingJobs: jobName and datasetArn are required')
    if (this.#jobs.has(j.jobName)) throw new Error(`existingJobs: ${j.jobName} appears twice`)
    const now = this.config.now()
    const createdMs = toMs(j.creationDateTime) ?? now
    const updatedMs = toMs(j.lastUpdatedDateTime) ?? createdMs
    const running = status === PENDING || status === IN_PROGRESS
    const endsMs = !running
      ? updatedMs
      : j.secondsLeft === undefined
        ? Infinity
        : now + j.secondsLeft * 1000
    this.#jobs.set(j.jobName, {
      seq: this.#seq++,
      jobName: j.jobName,
      arn: this.jobArn(j.jobName),
      datasetArn: j.datasetArn,
      dataLocation: j.dataLocation,
      roleArn: j.roleArn,
      importMode: j.importMode ?? 'FULL',
      publishAttributionMetricsToS3: j.publishAttributionMetricsToS3,
      tags: j.tags ?? [],
      createdMs,
      startsMs: status === PENDING ? endsMs : running ? updatedMs : createdMs,
      endsMs,
      finalStatus: running ? (j.failureReason ? FAILED : ACTIVE) : status,
      failureReason: j.failureReason
    })
  }

  /**
   * CreateDatasetImportJob, after shape validation.
   * @param {Record<string, any>} input
   */
  create(input) {
    const { now, outcomes, maxRunningImports } = this.config
    // The model leaves dataLocation optional; the service does not.
    if (!input.dataSource?.dataLocation)
      throw new ApiError(
        'InvalidInputException',
        "1 validation error detected: Value null at 'dataSource.dataLocation' failed to satisfy constraint: Member must not be null"
      )
    checkTagRules(input.tags)
    const dataset = this.#datasets.get(input.datasetArn)
    if (!dataset) throw notFound(input.datasetArn)
    if (this.#jobs.has(input.jobName))
      throw new ApiError(
        'ResourceAlreadyExistsException',
        `Another resource with Arn ${this.jobArn(input.jobName)} already exists.`
      )
    const t = now()
    const running = [...this.#jobs.values()].filter((j) => isRunning(statusAt(j, t).status))
    if (running.length >= maxRunningImports)
      throw new ApiError(
        'LimitExceededException',
        `More than ${maxRunningImports} resources with PENDING or IN_PROGRESS status.`
      )
    if (this.config.oneImportPerDataset && running.some((j) => j.datasetArn === input.datasetArn))
      throw resourceInUse(input.datasetArn)
    const importMode = input.importMode ?? 'FULL'
    const dataLocation = input.dataSource?.dataLocation
    const rule = findOutcome(outcomes, { jobName: input.jobName, dataLocation })
    let failureReason = ruleFailure(rule, dataset.datasetType)
    if (
      !failureReason &&
      importMode === 'INCREMENTAL' &&
      this.config.incrementalRequiresFullImport &&
      !this.#hadFullImport(dataset.datasetArn, t)
    )
      failureReason = FAILURE_PRESETS['incremental-before-full'](dataset.datasetType)
    const startsMs = t + (rule?.pendingSeconds ?? this.config.pendingSeconds) * 1000
    /** @type {Job} */
    const job = {
      seq: this.#seq++,
      jobName: input.jobName,
      arn: this.jobArn(input.jobName),
      datasetArn: input.datasetArn,
      dataLocation,
      roleArn: input.roleArn,
      importMode,
      publishAttributionMetricsToS3: input.publishAttributionMetricsToS3,
      tags: input.tags ?? [],
      createdMs: t,
      startsMs,
      endsMs: startsMs + (rule?.inProgressSeconds ?? this.config.inProgressSeconds) * 1000,
      finalStatus: failureReason ? FAILED : ACTIVE,
      failureReason
    }
    this.#jobs.set(job.jobName, job)
    if (this.config.s3 && !failureReason && dataLocation) this.#read(job, dataset, dataLocation)
    return { datasetImportJobArn: job.arn }
  }

  /**
   * The create of another caller (a create-race fault): a job on the same dataset with the same
   * data, under a name of its own, created now.
   * @param {Record<string, any>} input the request that loses the race
   */
  createRacing(input) {
    let n = 1
    while (this.#jobs.has(`racing-import-${n}`)) n++
    return this.create({ ...input, jobName: `racing-import-${n}`, tags: undefined })
  }

  /**
   * Seeds `count` ACTIVE FULL imports on a dataset, one an hour back from now, for a dataset
   * with a long history (ListDatasetImportJobs then has count / 100 pages).
   * @param {import('./index.js').PastImports} p
   * @param {number} index of the entry, so that names stay unique
   */
  seedPast({ datasetArn, count, dataLocation }, index) {
    const now = this.config.now()
    for (let i = 1; i <= count; i++) {
      const at = new Date(now - i * 3_600_000).toISOString()
      this.seed({
        jobName: `past-import-${index + 1}-${i}`,
        datasetArn,
        dataLocation: dataLocation ?? 's3://past-data/interactions.csv',
        status: ACTIVE,
        creationDateTime: at,
        lastUpdatedDateTime: at
      })
    }
  }

  /**
   * A valid token that reads the first page again (for a repeat-token fault when the list has
   * only one page).
   * @param {string | undefined} datasetArn
   */
  firstPageToken(datasetArn) {
    return makeToken(
      /** @type {Job} */ ({ createdMs: Number.MAX_SAFE_INTEGER, seq: 0 }),
      datasetArn
    )
  }

  /**
   * Reads a new job's data in the background and applies the verdict to how the job ends.
   * @param {Job} job
   * @param {Dataset} dataset
   * @param {string} dataLocation
   */
  #read(job, dataset, dataLocation) {
    const s3 = /** @type {import('./s3-client.js').S3Config} */ (this.config.s3)
    const schema = this.#schemas.get(dataset.schemaArn)?.schema ?? ''
    job.reading = true
    const read = readImportData(s3, dataLocation, dataset.datasetType, schema).then((reason) => {
      job.reading = false
      job.endsMs = Math.max(job.endsMs, this.config.now())
      if (reason) {
        job.finalStatus = FAILED
        job.failureReason = reason
      }
      this.#reads.delete(read)
    })
    this.#reads.add(read)
  }

  /** Resolves once every data read started so far has finished. */
  async idle() {
    while (this.#reads.size > 0) await Promise.all(this.#reads)
  }

  /**
   * @param {string} datasetArn
   * @param {number} t
   */
  #hadFullImport(datasetArn, t) {
    return [...this.#jobs.values()].some(
      (j) =>
        j.datasetArn === datasetArn && j.importMode === 'FULL' && statusAt(j, t).status === ACTIVE
    )
  }

  /** @param {string} arn */
  describe(arn) {
    const job = this.#byArn(arn)
    if (!job) throw notFound(arn)
    return { datasetImportJob: this.#view(job) }
  }

  /**
   * Newest first. The token names the last job returned (and the filter it was made for), so
   * pages stay stable while new jobs are created between calls.
   * @param {{ datasetArn?: string, maxResults?: number, nextToken?: string }} input
   */
  list({ datasetArn, maxResults = 100, nextToken }) {
    const jobs = [...this.#jobs.values()]
      .filter((j) => !datasetArn || j.datasetArn === datasetArn)
      .sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq)
    let start = 0
    if (nextToken) {
      const after = readToken(nextToken, datasetArn)
      start = jobs.findIndex(
        (j) => j.createdMs < after.t || (j.createdMs === after.t && j.seq < after.seq)
      )
      if (start < 0) start = jobs.length
    }
    const page = jobs.slice(start, start + maxResults)
    const t = this.config.now()
    const last = page.at(-1)
    return {
      datasetImportJobs: page.map((j) => {
        const { status, updatedMs } = statusAt(j, t)
        return clean({
          datasetImportJobArn: j.arn,
          jobName: j.jobName,
          status,
          creationDateTime: j.createdMs / 1000,
          lastUpdatedDateTime: updatedMs / 1000,
          failureReason: status === FAILED ? j.failureReason : undefined,
          importMode: j.importMode
        })
      }),
      nextToken: last && start + maxResults < jobs.length ? makeToken(last, datasetArn) : undefined
    }
  }

  /** @param {string} arn */
  describeDataset(arn) {
    const d = this.#datasets.get(arn)
    if (!d) throw notFound(arn)
    return {
      dataset: {
        name: d.name,
        datasetArn: d.datasetArn,
        datasetGroupArn: d.datasetGroupArn,
        datasetType: d.datasetType,
        schemaArn: d.schemaArn,
        status: ACTIVE,
        creationDateTime: d.createdMs / 1000,
        lastUpdatedDateTime: d.createdMs / 1000
      }
    }
  }

  /** @param {string} arn */
  describeSchema(arn) {
    const s = this.#schemas.get(arn)
    if (!s) throw notFound(arn)
    return {
      schema: {
        name: s.name,
        schemaArn: s.schemaArn,
        schema: s.schema,
        creationDateTime: s.createdMs / 1000,
        lastUpdatedDateTime: s.createdMs / 1000
      }
    }
  }

  /** @param {string} arn */
  listTags(arn) {
    const job = this.#byArn(arn)
    if (job) return { tags: job.tags }
    if (this.#datasets.has(arn)) return { tags: [] }
    throw notFound(arn)
  }

  /**
   * Every job as DescribeDatasetImportJob shows it, plus its tags, oldest first.
   * @returns {import('./index.js').JobView[]}
   */
  views() {
    return [...this.#jobs.values()].map(
      (j) => /** @type {any} */ ({ ...this.#view(j), tags: j.tags })
    )
  }

  /** @param {string} arn */
  #byArn(arn) {
    const prefix = this.jobArn('')
    return arn.startsWith(prefix) ? this.#jobs.get(arn.slice(prefix.length)) : undefined
  }

  /** @param {Job} j */
  #view(j) {
    const { status, updatedMs } = statusAt(j, this.config.now())
    return clean({
      jobName: j.jobName,
      datasetImportJobArn: j.arn,
      datasetArn: j.datasetArn,
      dataSource: { dataLocation: j.dataLocation },
      roleArn: j.roleArn,
      status,
      creationDateTime: j.createdMs / 1000,
      lastUpdatedDateTime: updatedMs / 1000,
      failureReason: status === FAILED ? j.failureReason : undefined,
      importMode: j.importMode,
      publishAttributionMetricsToS3: j.publishAttributionMetricsToS3
    })
  }
}

/**
 * @param {Job} j
 * @param {number} t
 */
function statusAt(j, t) {
  if (j.reading && t >= j.startsMs) return { status: IN_PROGRESS, updatedMs: j.startsMs }
  if (t >= j.endsMs) return { status: j.finalStatus, updatedMs: j.endsMs }
  if (t >= j.startsMs) return { status: IN_PROGRESS, updatedMs: j.startsMs }
  return { status: PENDING, updatedMs: j.createdMs }
}

/** @param {string} status */
function isRunning(status) {
  return status === PENDING || status === IN_PROGRESS
}

/**
 * Undocumented text, in the form of the service's not-found one (faults.js uses the same).
 * @param {string} arn
 */
export function resourceInUse(arn) {
  return new ApiError('ResourceInUseException', `Resource ${arn} is in use.`)
}

/** @param {string} arn */
function notFound(arn) {
  return new ApiError('ResourceNotFoundException', `Resource Arn ${arn} does not exist.`)
}

/**
 * Epoch seconds (as on the wire) or an ISO date, to ms.
 * @param {number | string | undefined} value
 */
function toMs(value) {
  if (value === undefined) return undefined
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value)
  if (Number.isNaN(ms)) throw new Error(`not a date: ${value}`)
  return ms
}

/**
 * @param {Job} last
 * @param {string | undefined} datasetArn
 */
function makeToken(last, datasetArn) {
  return Buffer.from(
    JSON.stringify({ t: last.createdMs, seq: last.seq, d: datasetArn ?? null })
  ).toString('base64')
}

/**
 * @param {string} token
 * @param {string | undefined} datasetArn
 * @returns {{ t: number, seq: number }}
 */
function readToken(token, datasetArn) {
  let parsed
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))
  } catch {
    parsed = undefined
  }
  if (
    typeof parsed?.t !== 'number' ||
    typeof parsed.seq !== 'number' ||
    parsed.d !== (datasetArn ?? null)
  )
    throw new ApiError('InvalidNextTokenException', 'The token is not valid.')
  return parsed
}

/**
 * Drops undefined members and empty structures, as the service's JSON leaves them out.
 * @param {Record<string, unknown>} o
 */
function clean(o) {
  return Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) =>
        v !== undefined &&
        !(typeof v === 'object' && v !== null && Object.values(v).every((x) => x === undefined))
    )
  )
}
