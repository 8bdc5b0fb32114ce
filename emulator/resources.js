// The Personalize resources other than import jobs that a workflow waits on: solution versions
// (create, describe, stop), campaigns (create, update, describe), data deletion jobs (create,
// describe), and dataset export, batch inference and batch segment jobs, recommenders, dataset
// groups, solutions, event trackers and filters (seeded by the scenario, described). Written from
// the service model's doc strings (statuses, members) and the IAM reference (ARN forms); a status
// is computed from the clock when read, as for import jobs.
import { randomBytes } from 'node:crypto'
import { ApiError } from './errors.js'

const PENDING = 'CREATE PENDING'
const IN_PROGRESS = 'CREATE IN_PROGRESS'
const ACTIVE = 'ACTIVE'
const FAILED = 'CREATE FAILED'
const DELETING = ['DELETE PENDING', 'DELETE IN_PROGRESS']

/**
 * Each kind: its ARN type and number of "/" parts, its Describe operation and answer member, its
 * ARN member, the statuses it has (model doc strings), its end of a good creation.
 * @typedef {{
 *   type: string, parts: number, describe: string, member: string, arnMember: string,
 *   statuses: string[], good: string, bad: string, going: string[]
 * }} Kind
 * @type {Record<string, Kind>}
 */
export const KINDS = {
  solutionVersion: kind('solution', 2, 'SolutionVersion', [
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED,
    'CREATE STOPPING',
    'CREATE STOPPED'
  ]),
  campaign: kind('campaign', 1, 'Campaign', [PENDING, IN_PROGRESS, ACTIVE, FAILED, ...DELETING]),
  recommender: kind('recommender', 1, 'Recommender', [
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED,
    'STOP PENDING',
    'STOP IN_PROGRESS',
    'INACTIVE',
    'START PENDING',
    'START IN_PROGRESS',
    ...DELETING
  ]),
  // "PENDING > IN_PROGRESS > COMPLETED -or- FAILED".
  dataDeletionJob: {
    ...kind('data-deletion-job', 1, 'DataDeletionJob', [
      'PENDING',
      'IN_PROGRESS',
      'COMPLETED',
      'FAILED'
    ]),
    good: 'COMPLETED',
    bad: 'FAILED',
    going: ['PENDING', 'IN_PROGRESS']
  },
  datasetExportJob: kind('dataset-export-job', 1, 'DatasetExportJob', [
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED
  ]),
  // The model lists PENDING and "IN PROGRESS"; AWS's own code expects the CREATE forms, which the
  // emulator sends for jobs it creates. A scenario may seed either.
  batchInferenceJob: kind('batch-inference-job', 1, 'BatchInferenceJob', [
    'PENDING',
    'IN PROGRESS',
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED
  ]),
  batchSegmentJob: kind('batch-segment-job', 1, 'BatchSegmentJob', [
    'PENDING',
    'IN PROGRESS',
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED
  ]),
  datasetGroup: kind('dataset-group', 1, 'DatasetGroup', [
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED,
    'DELETE PENDING'
  ]),
  solution: kind('solution', 1, 'Solution', [PENDING, IN_PROGRESS, ACTIVE, FAILED, ...DELETING]),
  eventTracker: kind('event-tracker', 1, 'EventTracker', [
    PENDING,
    IN_PROGRESS,
    ACTIVE,
    FAILED,
    ...DELETING
  ]),
  // The model lists no filter statuses; the shared ones, as AWS's own waiter expects.
  filter: kind('filter', 1, 'Filter', [PENDING, IN_PROGRESS, ACTIVE, FAILED, ...DELETING])
}

/**
 * @param {string} type
 * @param {number} parts
 * @param {string} shape e.g. SolutionVersion
 * @param {string[]} statuses
 * @returns {Kind}
 */
function kind(type, parts, shape, statuses) {
  const member = shape[0].toLowerCase() + shape.slice(1)
  return {
    type,
    parts,
    describe: `Describe${shape}`,
    member,
    arnMember: `${member}Arn`,
    statuses,
    good: ACTIVE,
    bad: FAILED,
    going: statuses.filter((s) => /PENDING|PROGRESS|STOPPING/.test(s) && !DELETING.includes(s))
  }
}

/** Where a kind with updates shows the latest one. */
const UPDATE_MEMBER = /** @type {Record<string, string>} */ ({
  campaign: 'latestCampaignUpdate',
  recommender: 'latestRecommenderUpdate',
  solution: 'latestSolutionUpdate'
})

/** The Describe operations, for the dispatch. */
export const DESCRIBES = Object.fromEntries(
  Object.entries(KINDS).map(([name, k]) => [k.describe, name])
)

/**
 * One status after another: each phase ends at `untilMs`, the last never (or the resource is gone
 * when it ends, after a deletion).
 * @typedef {{ status: string, untilMs: number }} Phase
 * @typedef {{
 *   phases: Phase[], createdMs: number, failureReason?: string, gone?: boolean,
 *   fields: Record<string, unknown>, endFields?: Record<string, unknown>
 * }} Timeline
 * @typedef {{ kind: string, arn: string, life: Timeline, update?: Timeline }} Resource
 */

export class ResourceStore {
  /** @type {Map<string, Resource>} */
  #items = new Map()

  /**
   * @param {{
   *   partition: string, region: string, accountId: string, now: () => number,
   *   pendingSeconds: number, inProgressSeconds: number,
   *   rules: import('./index.js').ResourceRule[]
   * }} config
   */
  constructor(config) {
    this.config = config
  }

  /**
   * The kind of an ARN by its type and parts (solution/<name> is a solution, solution/<name>/<id>
   * one of its versions).
   * @param {string} arn
   */
  kindOf(arn) {
    const m = /^arn:[a-z-]+:personalize:[^:]*:\d*:([a-z-]+)\/(.+)$/.exec(arn)
    const found = Object.entries(KINDS).find(
      ([, k]) => m && k.type === m[1] && m[2].split('/').length === k.parts
    )
    return found?.[0]
  }

  /** @param {string} resource e.g. campaign/shop */
  arn(resource) {
    const { partition, region, accountId } = this.config
    return `arn:${partition}:personalize:${region}:${accountId}:${resource}`
  }

  /**
   * A resource from the scenario: `status` now (default the kind's good end), for `secondsLeft`
   * more seconds (default for ever), then `then` (default: the good end; a deletion: gone).
   * @param {import('./index.js').SeededResource} r
   */
  seed(r) {
    const name = this.kindOf(r.arn ?? '')
    if (!name) throw new Error(`resources: ${r.arn} is not the ARN of a kind the emulator has`)
    if (this.#items.has(r.arn)) throw new Error(`resources: ${r.arn} appears twice`)
    const k = KINDS[name]
    const update = r.update && this.#seededLife(k, r.update, `${r.arn} update`)
    this.#items.set(r.arn, {
      kind: name,
      arn: r.arn,
      life: this.#seededLife(k, r, r.arn),
      ...(update ? { update } : {})
    })
  }

  /**
   * @param {Kind} k
   * @param {import('./index.js').SeededLife} s
   * @param {string} where
   * @returns {Timeline}
   */
  #seededLife(k, s, where) {
    const status = s.status ?? k.good
    for (const st of [status, s.then].filter((x) => x !== undefined))
      if (!k.statuses.includes(/** @type {string} */ (st)))
        throw new Error(`resources: ${where}: '${st}' is not one of ${k.statuses.join(', ')}`)
    const now = this.config.now()
    const deleting = DELETING.includes(status)
    const phases =
      s.secondsLeft === undefined
        ? [{ status, untilMs: Infinity }]
        : [
            { status, untilMs: now + s.secondsLeft * 1000 },
            ...(deleting && s.then === undefined
              ? []
              : [{ status: s.then ?? k.good, untilMs: Infinity }])
          ]
    return {
      phases,
      createdMs: now,
      gone: deleting && s.then === undefined && s.secondsLeft !== undefined,
      failureReason: s.failureReason,
      fields: s.fields ?? {}
    }
  }

  /**
   * A new life: pending, in progress, then the rule's end (good by default).
   * @param {Kind} k
   * @param {string} arn
   * @param {Record<string, unknown>} fields
   */
  #created(k, arn, fields) {
    const rule = this.config.rules.find((r) => arn.startsWith(r.match?.arnPrefix ?? ''))
    const now = this.config.now()
    const pendingMs = (rule?.pendingSeconds ?? this.config.pendingSeconds) * 1000
    const runMs = (rule?.inProgressSeconds ?? this.config.inProgressSeconds) * 1000
    const [pending, running] = k.going
    /** @type {Timeline} */
    const life = {
      phases: [
        { status: pending, untilMs: now + pendingMs },
        { status: running, untilMs: now + pendingMs + runMs },
        { status: rule?.failureReason ? k.bad : k.good, untilMs: Infinity }
      ],
      createdMs: now,
      failureReason: rule?.failureReason,
      fields,
      endFields: rule?.fields
    }
    return life
  }

  /**
   * The resource of this kind with this ARN, unless it is not there (or gone after a deletion).
   * @param {string} arn
   * @param {string} kind
   */
  #live(arn, kind) {
    const r = this.#items.get(arn)
    if (!r || r.kind !== kind || this.#goneAt(r.life)) throw notFound(arn)
    return r
  }

  /** @param {Timeline} life */
  #goneAt(life) {
    return life.gone === true && this.config.now() >= life.phases[0].untilMs
  }

  /**
   * The status now, the time it began, and the life's members as the model names them.
   * @param {Timeline} life
   */
  #view(life) {
    const now = this.config.now()
    const i = life.phases.findIndex((p) => now < p.untilMs)
    const phase = life.phases[i]
    const sinceMs = i === 0 ? life.createdMs : life.phases[i - 1].untilMs
    const ended = i === life.phases.length - 1 && life.phases.length > 1
    return {
      ...life.fields,
      ...(ended ? life.endFields : {}),
      status: phase.status,
      ...(phase.status.endsWith('FAILED') && life.failureReason
        ? { failureReason: life.failureReason }
        : {}),
      creationDateTime: life.createdMs / 1000,
      lastUpdatedDateTime: sinceMs / 1000
    }
  }

  /**
   * Describe<Kind>: the resource as the model shapes it, with its latest update if any.
   * @param {string} name the kind
   * @param {Record<string, any>} input
   */
  describe(name, input) {
    const k = KINDS[name]
    const arn = input[k.arnMember]
    const r = this.#live(arn, name)
    const update = r.update && this.#view(r.update)
    const own = this.#view(r.life)
    // A campaign serves the previous version "until the latest campaign update status is Active".
    if (update?.status === ACTIVE && update.solutionVersionArn)
      own.solutionVersionArn = update.solutionVersionArn
    return {
      [k.member]: {
        ...own,
        [k.arnMember]: arn,
        ...(update ? { [UPDATE_MEMBER[name]]: update } : {})
      }
    }
  }

  /**
   * CreateSolutionVersion: a new version of a solution the scenario has, training for
   * inProgressSeconds; trainingHours comes with ACTIVE (the model: "visible only after a
   * successful training").
   * @param {Record<string, any>} input
   */
  createSolutionVersion(input) {
    this.#live(input.solutionArn, 'solution')
    const arn = `${input.solutionArn}/${randomBytes(4).toString('hex')}`
    const life = this.#created(KINDS.solutionVersion, arn, {
      solutionArn: input.solutionArn,
      trainingMode: input.trainingMode ?? 'FULL',
      trainingType: 'MANUAL',
      ...(input.name ? { name: input.name } : {})
    })
    life.endFields = { trainingHours: this.config.inProgressSeconds / 3600, ...life.endFields }
    this.#items.set(arn, { kind: 'solutionVersion', arn, life })
    return { solutionVersionArn: arn }
  }

  /**
   * StopSolutionVersionCreation: CREATE PENDING ends CREATE STOPPED at once, CREATE IN_PROGRESS
   * goes CREATE STOPPING for a second first (the model's doc). Any other status:
   * ResourceInUseException (which statuses give it is undocumented; the text is ours).
   * @param {Record<string, any>} input
   */
  stopSolutionVersion(input) {
    const arn = input.solutionVersionArn
    const r = this.#live(arn, 'solutionVersion')
    const { status } = this.#view(r.life)
    if (status !== PENDING && status !== IN_PROGRESS)
      throw new ApiError(
        'ResourceInUseException',
        `Solution version ${arn} is ${status} and cannot be stopped.`
      )
    const now = this.config.now()
    // The current phase ends now; lastUpdatedDateTime then says when the stop began.
    r.life.phases = [
      ...r.life.phases.filter((p) => p.untilMs <= now),
      { status, untilMs: now },
      ...(status === IN_PROGRESS ? [{ status: 'CREATE STOPPING', untilMs: now + 1000 }] : []),
      { status: 'CREATE STOPPED', untilMs: Infinity }
    ]
    r.life.endFields = undefined
    return {}
  }

  /**
   * CreateCampaign on an ACTIVE solution version.
   * @param {Record<string, any>} input
   */
  createCampaign(input) {
    const arn = this.arn(`campaign/${input.name}`)
    if (this.#items.has(arn) && !this.#goneAt(/** @type {Resource} */ (this.#items.get(arn)).life))
      throw new ApiError('ResourceAlreadyExistsException', `Resource ${arn} already exists.`)
    this.#activeVersion(input.solutionVersionArn)
    const life = this.#created(KINDS.campaign, arn, {
      name: input.name,
      solutionVersionArn: input.solutionVersionArn,
      minProvisionedTPS: input.minProvisionedTPS ?? 1,
      ...(input.campaignConfig ? { campaignConfig: input.campaignConfig } : {})
    })
    this.#items.set(arn, { kind: 'campaign', arn, life })
    return { campaignArn: arn }
  }

  /**
   * UpdateCampaign: allowed while the campaign is ACTIVE or CREATE FAILED and no update is
   * running (model doc); latestCampaignUpdate runs the CREATE chain, and once it is ACTIVE the
   * campaign serves the new solution version.
   * @param {Record<string, any>} input
   */
  updateCampaign(input) {
    const arn = input.campaignArn
    const r = this.#live(arn, 'campaign')
    const own = this.#view(r.life).status
    const running = r.update && KINDS.campaign.going.includes(this.#view(r.update).status)
    if ((own !== ACTIVE && own !== FAILED) || running)
      throw new ApiError('ResourceInUseException', `Resource ${arn} is in use.`)
    const current = /** @type {Record<string, unknown>} */ ({
      ...r.life.fields,
      ...(r.update?.fields ?? {})
    })
    const solutionVersionArn = input.solutionVersionArn ?? current.solutionVersionArn
    if (input.solutionVersionArn) this.#activeVersion(input.solutionVersionArn)
    const update = this.#created(KINDS.campaign, `${arn}#update`, {
      solutionVersionArn,
      minProvisionedTPS: input.minProvisionedTPS ?? current.minProvisionedTPS,
      ...(input.campaignConfig ? { campaignConfig: input.campaignConfig } : {})
    })
    r.update = update
    return { campaignArn: arn }
  }

  /** @param {string} arn */
  #activeVersion(arn) {
    const v = this.#live(arn, 'solutionVersion')
    const { status } = this.#view(v.life)
    if (status !== ACTIVE)
      throw new ApiError(
        'ResourceInUseException',
        `Solution version ${arn} is ${status}, not ACTIVE.`
      )
  }

  /**
   * CreateDataDeletionJob: PENDING, IN_PROGRESS, then COMPLETED with numDeleted (the scenario's,
   * else 0) or FAILED.
   * @param {Record<string, any>} input
   */
  createDataDeletionJob(input) {
    const arn = this.arn(`data-deletion-job/${input.jobName}`)
    if (this.#items.has(arn))
      throw new ApiError('ResourceAlreadyExistsException', `Resource ${arn} already exists.`)
    this.#live(input.datasetGroupArn, 'datasetGroup')
    const life = this.#created(KINDS.dataDeletionJob, arn, {
      jobName: input.jobName,
      datasetGroupArn: input.datasetGroupArn,
      dataSource: input.dataSource,
      roleArn: input.roleArn
    })
    life.endFields = { numDeleted: 0, ...life.endFields }
    this.#items.set(arn, { kind: 'dataDeletionJob', arn, life })
    return { dataDeletionJobArn: arn }
  }
}

/** @param {string} arn */
const notFound = (arn) =>
  new ApiError('ResourceNotFoundException', `Resource Arn ${arn} does not exist.`)
