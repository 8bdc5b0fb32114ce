// Every Personalize resource the wait action waits on, in one table: how its ARN looks, which
// Describe call reads it, its statuses and how each ends a wait, where the failure reason is, the
// fields worth reporting, and the one Stop call a cancel may make. Then kindOfArn(), which tells
// the kind from an ARN. Pure.
//
// Sources: the service model (@aws-sdk/client-personalize 3.1138.0 doc strings; botocore's
// service-2.json: every status is a plain string, no enum, so the values are the ones the doc
// strings list), the IAM reference's ARN templates, and AWS's own waiters (aws-solutions
// maintaining-personalized-experiences…, sfn_middleware.py; retail-demo-store's deletions).
// wait/README.md lists the kinds, and which ARNs are refused and why (NOT_WAITABLE below).
import { parseArn } from './arn.js'

export type Kind =
  | 'datasetImportJob'
  | 'solutionVersion'
  | 'campaign'
  | 'recommender'
  | 'dataDeletionJob'
  | 'datasetExportJob'
  | 'batchInferenceJob'
  | 'batchSegmentJob'
  | 'datasetGroup'
  | 'dataset'
  | 'solution'
  | 'eventTracker'
  | 'filter'

/** How a status ends a wait. A value in none of the lists is an answer the API does not give. */
export interface StatusSet {
  /** Still going. */
  going: readonly string[]
  success: readonly string[]
  failure: readonly string[]
  /** Stopped by someone (neither success nor failure). */
  stopped: readonly string[]
  /** A deletion under way: the next ResourceNotFoundException means it is deleted. */
  deleting: readonly string[]
}

/** A second status the same ARN carries: a campaign's, recommender's or solution's update. */
export interface UpdateSpec {
  member: string
  statuses: StatusSet
  /** Fields of the update to report, relative to it. */
  report: readonly string[]
}

export interface KindSpec {
  kind: Kind
  label: string
  /** The resource-type segment as ARNs spell it, and how many "/" parts follow it. */
  arnType: string
  arnParts: number
  arnShape: string
  /** The Describe operation; its request member is also the ARN member of the answer. */
  describe: { operation: DescribeOperation; request: string; response: string }
  statuses: StatusSet
  /** The member holding the failure reason; undefined when the model has none. */
  failureReason?: string
  update?: UpdateSpec
  /** Fields to report, as dotted paths in the described object. */
  report: readonly string[]
  /** The call that stops the work, and from which statuses; the only kind with one is training. */
  stop?: { operation: 'StopSolutionVersionCreation'; from: readonly string[] }
}

export type DescribeOperation =
  | 'DescribeDatasetImportJob'
  | 'DescribeSolutionVersion'
  | 'DescribeCampaign'
  | 'DescribeRecommender'
  | 'DescribeDataDeletionJob'
  | 'DescribeDatasetExportJob'
  | 'DescribeBatchInferenceJob'
  | 'DescribeBatchSegmentJob'
  | 'DescribeDatasetGroup'
  | 'DescribeDataset'
  | 'DescribeSolution'
  | 'DescribeEventTracker'
  | 'DescribeFilter'

// "CREATE PENDING > CREATE IN_PROGRESS > ACTIVE -or- CREATE FAILED" and "DELETE PENDING >
// DELETE IN_PROGRESS", the lifecycle most kinds share (model doc strings).
const CREATING = ['CREATE PENDING', 'CREATE IN_PROGRESS']
const DELETING = ['DELETE PENDING', 'DELETE IN_PROGRESS']

const created = (deleting: readonly string[] = []): StatusSet => ({
  going: CREATING,
  success: ['ACTIVE'],
  failure: ['CREATE FAILED'],
  stopped: [],
  deleting
})

// The model lists PENDING, "IN PROGRESS" (sic), ACTIVE, CREATE FAILED for batch jobs; AWS's own
// waiter expects CREATE PENDING / CREATE IN_PROGRESS there: both spellings are still going.
const batchJob: StatusSet = {
  ...created(),
  going: ['PENDING', 'IN PROGRESS', ...CREATING]
}

const job = (
  kind: Kind,
  label: string,
  arnType: string,
  operation: DescribeOperation,
  request: string,
  response: string,
  report: readonly string[],
  statuses: StatusSet = created()
): KindSpec => ({
  kind,
  label,
  arnType,
  arnParts: 1,
  arnShape: `${arnType}/<name>`,
  describe: { operation, request, response },
  statuses,
  failureReason: 'failureReason',
  report
})

export const KINDS: Readonly<Record<Kind, KindSpec>> = {
  datasetImportJob: job(
    'datasetImportJob',
    'dataset import job',
    'dataset-import-job',
    'DescribeDatasetImportJob',
    'datasetImportJobArn',
    'datasetImportJob',
    ['datasetArn', 'importMode']
  ),
  // Six values (SolutionVersion.status); CREATE STOPPING is still going. The Stop doc spells them
  // with underscores (CREATE_STOPPED): statuses are compared with "_" and " " alike.
  solutionVersion: {
    kind: 'solutionVersion',
    label: 'solution version',
    arnType: 'solution',
    arnParts: 2,
    arnShape: 'solution/<solution name>/<version id>',
    describe: {
      operation: 'DescribeSolutionVersion',
      request: 'solutionVersionArn',
      response: 'solutionVersion'
    },
    statuses: {
      ...created(),
      going: [...CREATING, 'CREATE STOPPING'],
      stopped: ['CREATE STOPPED']
    },
    failureReason: 'failureReason',
    // trainingHours is there only after a successful training (model doc).
    report: ['solutionArn', 'trainingMode', 'trainingType', 'trainingHours'],
    stop: { operation: 'StopSolutionVersionCreation', from: CREATING }
  },
  campaign: {
    ...job(
      'campaign',
      'campaign',
      'campaign',
      'DescribeCampaign',
      'campaignArn',
      'campaign',
      ['solutionVersionArn', 'minProvisionedTPS'],
      created(DELETING)
    ),
    update: {
      member: 'latestCampaignUpdate',
      statuses: created(DELETING),
      report: ['solutionVersionArn', 'minProvisionedTPS']
    }
  },
  // Stopping and starting are waited on too: a stop the user asked for ends well INACTIVE.
  recommender: {
    ...job(
      'recommender',
      'recommender',
      'recommender',
      'DescribeRecommender',
      'recommenderArn',
      'recommender',
      ['recipeArn', 'recommenderConfig.minRecommendationRequestsPerSecond'],
      {
        ...created(DELETING),
        going: [
          ...CREATING,
          'STOP PENDING',
          'STOP IN_PROGRESS',
          'START PENDING',
          'START IN_PROGRESS'
        ],
        success: ['ACTIVE', 'INACTIVE']
      }
    ),
    update: {
      member: 'latestRecommenderUpdate',
      statuses: created(DELETING),
      report: ['recommenderConfig.minRecommendationRequestsPerSecond']
    }
  },
  // "PENDING > IN_PROGRESS > COMPLETED -or- FAILED": no CREATE prefix.
  dataDeletionJob: job(
    'dataDeletionJob',
    'data deletion job',
    'data-deletion-job',
    'DescribeDataDeletionJob',
    'dataDeletionJobArn',
    'dataDeletionJob',
    ['numDeleted', 'datasetGroupArn'],
    {
      going: ['PENDING', 'IN_PROGRESS'],
      success: ['COMPLETED'],
      failure: ['FAILED'],
      stopped: [],
      deleting: []
    }
  ),
  datasetExportJob: job(
    'datasetExportJob',
    'dataset export job',
    'dataset-export-job',
    'DescribeDatasetExportJob',
    'datasetExportJobArn',
    'datasetExportJob',
    ['datasetArn', 'ingestionMode', 'jobOutput.s3DataDestination.path']
  ),
  batchInferenceJob: job(
    'batchInferenceJob',
    'batch inference job',
    'batch-inference-job',
    'DescribeBatchInferenceJob',
    'batchInferenceJobArn',
    'batchInferenceJob',
    ['solutionVersionArn', 'jobOutput.s3DataDestination.path'],
    batchJob
  ),
  batchSegmentJob: job(
    'batchSegmentJob',
    'batch segment job',
    'batch-segment-job',
    'DescribeBatchSegmentJob',
    'batchSegmentJobArn',
    'batchSegmentJob',
    ['solutionVersionArn', 'jobOutput.s3DataDestination.path'],
    batchJob
  ),
  // Setup and teardown: a dataset group shows only DELETE PENDING while it is deleted.
  datasetGroup: job(
    'datasetGroup',
    'dataset group',
    'dataset-group',
    'DescribeDatasetGroup',
    'datasetGroupArn',
    'datasetGroup',
    ['domain'],
    created(['DELETE PENDING'])
  ),
  // dataset/<group>/<TYPE>; Dataset, Solution and EventTracker have no failureReason member.
  dataset: {
    ...job(
      'dataset',
      'dataset',
      'dataset',
      'DescribeDataset',
      'datasetArn',
      'dataset',
      ['datasetType', 'datasetGroupArn'],
      created(DELETING)
    ),
    arnParts: 2,
    arnShape: 'dataset/<dataset group name>/<DATASET TYPE>',
    failureReason: undefined
  },
  // A solution, not its versions: give a version ARN to wait on training.
  solution: {
    ...job(
      'solution',
      'solution',
      'solution',
      'DescribeSolution',
      'solutionArn',
      'solution',
      ['latestSolutionVersion.solutionVersionArn', 'latestSolutionVersion.status'],
      created(DELETING)
    ),
    failureReason: undefined,
    update: { member: 'latestSolutionUpdate', statuses: created(), report: [] }
  },
  eventTracker: {
    ...job(
      'eventTracker',
      'event tracker',
      'event-tracker',
      'DescribeEventTracker',
      'eventTrackerArn',
      'eventTracker',
      ['datasetGroupArn', 'trackingId'],
      created(DELETING)
    ),
    failureReason: undefined
  },
  // The model lists no filter statuses; AWS's own waiter waits on filters with the shared set.
  filter: job(
    'filter',
    'filter',
    'filter',
    'DescribeFilter',
    'filterArn',
    'filter',
    ['datasetGroupArn'],
    created(DELETING)
  )
}

/** ARN types that exist but have nothing to wait for, with the reason. */
const NOT_WAITABLE: Readonly<Record<string, string>> = {
  schema: 'a schema has no status',
  recipe: 'a recipe is owned by AWS and does not change',
  algorithm: 'an algorithm is owned by AWS and does not change',
  'feature-transformation': 'a feature transformation is owned by AWS and does not change',
  'metric-attribution':
    'the service model lists no statuses for a metric attribution, and no AWS sample waits on one',
  'data-insights-job': 'the public API has no Describe operation for data insights jobs'
}

export type KindOfArn = { spec: KindSpec } | { error: string }

/** The kind of a Personalize ARN from its text alone, or what is wrong with it. */
export function kindOfArn(arn: string): KindOfArn {
  const shown = JSON.stringify(arn)
  // AWS-owned resources have no region or account (arn:aws:personalize:::recipe/…).
  const owned = /^arn:[a-z-]+:personalize:::([a-z-]+)\//.exec(arn)?.[1]
  const parsed = parseArn(arn)
  const type = owned ?? /^([a-z-]+)\//.exec(parsed?.resource ?? '')?.[1]
  if (!type || (!owned && parsed?.service !== 'personalize')) {
    return {
      error: `${shown} is not an Amazon Personalize ARN: expected arn:aws:personalize:<region>:<account>:<type>/<name>.`
    }
  }
  if (NOT_WAITABLE[type])
    return { error: `${shown} has nothing to wait for: ${NOT_WAITABLE[type]}.` }
  const specs = Object.values(KINDS).filter((s) => s.arnType === type)
  if (specs.length === 0) {
    const known = [...new Set(Object.values(KINDS).map((s) => s.arnType))].sort().join(', ')
    return {
      error: `${shown} is of the resource type "${type}", which is not a kind this action waits on (${known}).`
    }
  }
  const parts = parsed!.resource.split('/').slice(1)
  const spec = specs.find((s) => s.arnParts === parts.length)
  if (!spec || parts.some((p) => !/^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,62}$/.test(p))) {
    // solution/<name>/$LATEST names no version: CreateCampaign's alias, not something to wait on.
    const expected = specs.map((s) => `${s.arnShape} (${s.label})`).join(' or ')
    return { error: `${shown} is not a ${type} ARN: expected ${expected} after the account.` }
  }
  return { spec }
}

/** The name to show for a resource: the parts after its type (solution/version for a version). */
export const resourceNameOf = (arn: string): string =>
  (parseArn(arn)?.resource ?? arn).replace(/^[a-z-]+\//, '')

export type Outcome = 'going' | 'success' | 'failure' | 'stopped' | 'deleting' | 'unknown'

// The Stop doc writes CREATE_STOPPED where the status doc writes CREATE STOPPED.
export const sameStatus = (a: string, b: string): boolean =>
  a.replace(/_/g, ' ') === b.replace(/_/g, ' ')

export function outcomeOf(statuses: StatusSet, status: string | undefined): Outcome {
  const has = (list: readonly string[]) =>
    status !== undefined && list.some((s) => sameStatus(s, status))
  if (has(statuses.success)) return 'success'
  if (has(statuses.failure)) return 'failure'
  if (has(statuses.stopped)) return 'stopped'
  if (has(statuses.deleting)) return 'deleting'
  if (has(statuses.going)) return 'going'
  return 'unknown'
}

/** What decides a described resource, and where its status and failure reason are. */
export interface Decided {
  /** The resource's own status, or its latest update's. */
  where: 'resource' | 'update'
  status: string
  outcome: Outcome
  failureReason?: string
}

/**
 * A resource with an update member (campaign, recommender, solution): while the resource itself
 * is ACTIVE or CREATE FAILED, an update may be running (UpdateCampaign is allowed from both), so
 * the update's status decides, as AWS's own waiter reads it ("latestCampaignUpdate.status ||
 * campaign.status"). Creating, deleting or stopped, the resource's own status decides.
 */
export function decide(spec: KindSpec, described: Record<string, unknown>): Decided {
  const own = String(described.status ?? '')
  const ownOutcome = outcomeOf(spec.statuses, own)
  const update =
    spec.update && (described[spec.update.member] as Record<string, unknown> | undefined)
  const reason = (o: Record<string, unknown> | undefined) =>
    spec.failureReason ? (o?.[spec.failureReason] as string | undefined) : undefined
  if (spec.update && update?.status && (ownOutcome === 'success' || ownOutcome === 'failure')) {
    const status = String(update.status)
    return {
      where: 'update',
      status,
      outcome: outcomeOf(spec.update.statuses, status),
      failureReason: reason(update)
    }
  }
  return { where: 'resource', status: own, outcome: ownOutcome, failureReason: reason(described) }
}

/** The reported fields present in a described resource (and its update), by their paths. */
export function reportedFields(
  spec: KindSpec,
  described: Record<string, unknown>,
  where: Decided['where']
): Record<string, unknown> {
  const at = (o: unknown, path: string) =>
    path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o)
  const fields: [string, unknown][] = spec.report.map((p) => [p, at(described, p)])
  if (where === 'update' && spec.update)
    for (const p of spec.update.report)
      fields.push([`${spec.update.member}.${p}`, at(described[spec.update.member], p)])
  return Object.fromEntries(fields.filter(([, v]) => v !== undefined && v !== null))
}
