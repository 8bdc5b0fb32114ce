import { finding } from './format.js'
import type { Finding, IncrementalInput } from './types.js'

/** INCREMENTAL needs an earlier bulk import into the dataset (one that became ACTIVE). */
export function checkIncremental({ importMode, hadActiveImport }: IncrementalInput): Finding[] {
  if (importMode !== 'INCREMENTAL' || hadActiveImport) return []
  return [
    finding({
      rule: 'mode.incremental',
      problem: `import-mode is INCREMENTAL, but this dataset has never had an ACTIVE import job. "If you haven't imported bulk records into the dataset previously, you can only specify FULL."`,
      fix: 'run the first import of this dataset with import-mode FULL.'
    })
  ]
}
