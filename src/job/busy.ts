// Before creating: is another import running on the dataset (at most one runs at a time in
// practice, and five per region), and would a FULL import replace earlier bulk data? Pure.
import type { DatasetImportJobSummary } from '@aws-sdk/client-personalize'

export interface DatasetState {
  /** Imports pending or in progress, other than one named like ours. */
  running: DatasetImportJobSummary[]
  /** The newest ACTIVE import other than one named like ours, if any. */
  lastActive?: DatasetImportJobSummary
}

export function datasetState(jobs: DatasetImportJobSummary[], ownJobName: string): DatasetState {
  const newest = [...jobs].sort(
    (a, b) => (b.creationDateTime?.getTime() ?? 0) - (a.creationDateTime?.getTime() ?? 0)
  )
  // A job named like ours is ours from an earlier attempt (if-exists decides), not another import.
  const others = newest.filter((j) => j.jobName !== ownJobName)
  return {
    running: others.filter(
      (j) => j.status === 'CREATE PENDING' || j.status === 'CREATE IN_PROGRESS'
    ),
    lastActive: others.find((j) => j.status === 'ACTIVE')
  }
}

/**
 * The listing answers the busy check once it reaches an ACTIVE import: the service lists newest
 * first, and an import still running was created after the last one that finished (one runs at
 * a time on a dataset).
 */
export function enoughForBusyCheck(jobs: DatasetImportJobSummary[], ownJobName: string): boolean {
  return jobs.some((j) => j.status === 'ACTIVE' && j.jobName !== ownJobName)
}
