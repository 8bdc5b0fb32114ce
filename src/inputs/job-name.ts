// The default job name. Names are taken forever in an account and region, so the default must
// differ for every run attempt yet stay the same when the same attempt is retried. Pure.
import { createHash } from 'node:crypto'
import { JOB_NAME } from '../aws/arn.js'

export interface RunIdentity {
  /** The repository's name without its owner. */
  repo: string
  runId: string
  runAttempt: string
  /** The job and step (GITHUB_JOB, GITHUB_ACTION), which tell apart two imports in one attempt. */
  step: string
}

/**
 * "<repo>-<run id>-<attempt>-<hash>". The short hash of the job, step and dataset ARN keeps two
 * import steps of one run attempt (users, items, interactions; a matrix) from colliding.
 */
export function defaultJobName(run: RunIdentity, datasetArn: string): string {
  const hash = createHash('sha256').update(`${run.step}\n${datasetArn}`).digest('hex').slice(0, 6)
  const suffix = `-${clean(run.runId)}-${clean(run.runAttempt)}-${hash}`
  let repo = clean(run.repo).replace(/^[-_]+/, '')
  if (repo === '') repo = 'import'
  return repo.slice(0, JOB_NAME.max - suffix.length).replace(/[-_]+$/, '') + suffix
}

// Anything outside the service's alphabet becomes a hyphen; runs of hyphens collapse.
function clean(text: string): string {
  return text.replace(/[^a-zA-Z0-9\-_]+/g, '-').replace(/-{2,}/g, '-')
}
