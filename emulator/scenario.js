// Scenarios: the options of startEmulator, also loadable from a JSON file. Checked strictly, so a
// typo in a scenario fails loudly instead of silently running a different test (faults.js checks
// the faults). Also the outcome rules that decide how each new job ends, and their failure
// presets (texts: failures.js).
import { readFileSync } from 'node:fs'
import { FAILURES } from './failures.js'

/**
 * The failure presets of outcome rules, per dataset type.
 * @type {Record<string, (datasetType: string) => string>}
 */
export const FAILURE_PRESETS = {
  'invalid-data-location': FAILURES.invalidDataLocation,
  's3-privileges': FAILURES.s3Privileges,
  'missing-columns': (type) => FAILURES.missingColumns(type, ['USER_ID', 'ITEM_ID']),
  'incremental-before-full': FAILURES.incrementalBeforeFull
}

const KEYS = {
  scenario: [
    'port',
    'region',
    'partition',
    'accountId',
    'credentials',
    'datasets',
    'jobs',
    'outcomes',
    'existingJobs',
    'maxRunningImports',
    'incrementalRequiresFullImport',
    'faults',
    's3',
    'oneImportPerDataset',
    'pastImports',
    'credentialsExpireSeconds',
    'sts',
    'oidc',
    'resources',
    'resourceOutcomes'
  ],
  options: ['now', 'onRequest'],
  dataset: ['datasetArn', 'datasetType', 'name', 'creationDateTime', 'schema'],
  jobs: ['pendingSeconds', 'inProgressSeconds'],
  s3: ['endpoint', 'region', 'credentials'],
  pastImports: ['datasetArn', 'count', 'dataLocation'],
  sts: ['roleArn', 'subject', 'maxSessionDuration', 'credentialSeconds'],
  oidc: ['repository', 'ref', 'subject', 'tokenSeconds', 'requestToken'],
  outcome: ['match', 'failureReason', 'failure', 'pendingSeconds', 'inProgressSeconds'],
  match: ['dataLocation', 'dataLocationPrefix', 'dataLocationRegex', 'jobName', 'jobNamePrefix'],
  resource: ['arn', 'status', 'secondsLeft', 'then', 'failureReason', 'fields', 'update'],
  resourceUpdate: ['status', 'secondsLeft', 'then', 'failureReason', 'fields'],
  resourceOutcome: ['match', 'failureReason', 'pendingSeconds', 'inProgressSeconds', 'fields'],
  resourceMatch: ['arnPrefix'],
  existingJob: [
    'jobName',
    'datasetArn',
    'dataLocation',
    'roleArn',
    'importMode',
    'publishAttributionMetricsToS3',
    'status',
    'failureReason',
    'creationDateTime',
    'lastUpdatedDateTime',
    'secondsLeft',
    'tags'
  ]
}

/**
 * Reads a scenario file (the startEmulator options as JSON, without `now`).
 * @param {string} file
 * @returns {import('./index.js').Scenario}
 */
export function loadScenario(file) {
  const scenario = JSON.parse(readFileSync(file, 'utf8'))
  checkOptions(scenario, KEYS.scenario, file)
  return scenario
}

/**
 * Throws on unknown keys, unknown presets and bad patterns, naming where they are. Datasets,
 * existing jobs and faults are checked further when they are added.
 * @param {Record<string, any>} o
 * @param {string[]} [topKeys]
 * @param {string} [source] where the options come from, for messages
 */
export function checkOptions(o, topKeys = [...KEYS.scenario, ...KEYS.options], source = 'options') {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new Error(`${source}: expected an object`)
  only(o, topKeys, source)
  // Credentials from an SDK provider carry more members (expiration, $source): allow them.
  if (
    o.credentials !== undefined &&
    (typeof o.credentials?.accessKeyId !== 'string' ||
      typeof o.credentials?.secretAccessKey !== 'string')
  )
    throw new Error(`${source}.credentials: accessKeyId and secretAccessKey must be strings`)
  if (o.jobs) only(o.jobs, KEYS.jobs, `${source}.jobs`)
  if (o.s3 !== undefined) {
    only(o.s3, KEYS.s3, `${source}.s3`)
    if (!/^https?:\/\/[^/]/.test(o.s3.endpoint ?? ''))
      throw new Error(`${source}.s3.endpoint: give the S3 endpoint URL, e.g. http://127.0.0.1:4568`)
  }
  if (o.sts !== undefined) only(o.sts, KEYS.sts, `${source}.sts`)
  if (o.oidc !== undefined) only(o.oidc, KEYS.oidc, `${source}.oidc`)
  for (const [i, p] of (o.pastImports ?? []).entries())
    only(p, KEYS.pastImports, `${source}.pastImports[${i}]`)
  for (const key of [
    'credentialsExpireSeconds',
    'sts.maxSessionDuration',
    'sts.credentialSeconds',
    'oidc.tokenSeconds'
  ]) {
    const value = key.split('.').reduce((v, k) => v?.[k], o)
    if (value !== undefined && !(typeof value === 'number' && value > 0))
      throw new Error(`${source}.${key}: give a number of seconds above 0, got ${value}`)
  }
  for (const [i, d] of (o.datasets ?? []).entries())
    only(d, KEYS.dataset, `${source}.datasets[${i}]`)
  for (const [i, r] of (o.resources ?? []).entries()) {
    only(r, KEYS.resource, `${source}.resources[${i}]`)
    if (r.update) only(r.update, KEYS.resourceUpdate, `${source}.resources[${i}].update`)
  }
  for (const [i, rule] of (o.resourceOutcomes ?? []).entries()) {
    only(rule, KEYS.resourceOutcome, `${source}.resourceOutcomes[${i}]`)
    only(rule.match ?? {}, KEYS.resourceMatch, `${source}.resourceOutcomes[${i}].match`)
  }
  for (const [i, j] of (o.existingJobs ?? []).entries())
    only(j, KEYS.existingJob, `${source}.existingJobs[${i}]`)
  for (const [i, rule] of (o.outcomes ?? []).entries()) {
    const where = `${source}.outcomes[${i}]`
    only(rule, KEYS.outcome, where)
    only(rule.match ?? {}, KEYS.match, `${where}.match`)
    if (rule.failure !== undefined && !Object.hasOwn(FAILURE_PRESETS, rule.failure))
      throw new Error(
        `${where}.failure: unknown preset '${rule.failure}'; use one of ${Object.keys(FAILURE_PRESETS).join(', ')}`
      )
    if (rule.failure !== undefined && rule.failureReason !== undefined)
      throw new Error(`${where}: give failure or failureReason, not both`)
    // Throws on a bad pattern now rather than at the first create.
    if (rule.match?.dataLocationRegex !== undefined) new RegExp(rule.match.dataLocationRegex)
  }
}

/**
 * @param {Record<string, unknown>} o
 * @param {string[]} keys
 * @param {string} where
 */
function only(o, keys, where) {
  for (const key of Object.keys(o))
    if (!keys.includes(key))
      throw new Error(`${where}: unknown key '${key}'; expected one of ${keys.join(', ')}`)
}

/**
 * The first outcome rule whose every match condition holds for the new job.
 * @param {import('./index.js').OutcomeRule[]} rules
 * @param {{ jobName: string, dataLocation?: string }} job
 */
export function findOutcome(rules, job) {
  const location = job.dataLocation ?? ''
  return rules.find(({ match = {} }) => {
    if (match.dataLocation !== undefined && location !== match.dataLocation) return false
    if (match.dataLocationPrefix !== undefined && !location.startsWith(match.dataLocationPrefix))
      return false
    if (
      match.dataLocationRegex !== undefined &&
      !new RegExp(match.dataLocationRegex).test(location)
    )
      return false
    if (match.jobName !== undefined && job.jobName !== match.jobName) return false
    if (match.jobNamePrefix !== undefined && !job.jobName.startsWith(match.jobNamePrefix))
      return false
    return true
  })
}

/**
 * The failure reason a rule gives, if any.
 * @param {import('./index.js').OutcomeRule | undefined} rule
 * @param {string} datasetType
 */
export function ruleFailure(rule, datasetType) {
  if (rule?.failure) return FAILURE_PRESETS[rule.failure](datasetType)
  return rule?.failureReason
}
