// Before creating: is another import running on the dataset (at most one runs at a time in
// practice, and five per region), and would a FULL import replace earlier bulk data? Pure.
import type { DatasetImportJobSummary } from '@aws-sdk/client-personalize'

export interface DatasetState {
  /** Imports pending or in progress, other than one named like ours. */
  running: DatasetImportJobSummary[]
  /** The newest ACTIVE import, if any. */
  lastActive?: DatasetImportJobSummary
}

export function datasetState(jobs: DatasetImportJobSummary[], ownJobName: string): DatasetState {
  const newest = [...jobs].sort(
    (a, b) => (b.creationDateTime?.getTime() ?? 0) - (a.creationDateTime?.getTime() ?? 0)
  )
  return {
    running: newest.filter(
      (j) =>
        j.jobName !== ownJobName &&
        (j.status === 'CREATE PENDING' || j.status === 'CREATE IN_PROGRESS')
    ),
    lastActive: newest.find((j) => j.status === 'ACTIVE')
  }
}
