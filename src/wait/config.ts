// The wait action's inputs, checked: which import jobs to wait for, the client and the wait
// settings. Nothing here talks to AWS. Pure apart from the injected file reader.
import type { ClientSettings } from '../aws/personalize.js'
import { isJobArn, regionOf } from '../aws/arn.js'
import { InputCollector, InputError } from '../inputs/errors.js'
import {
  buildClientSettings,
  buildWaitTiming,
  checkLengths,
  type Environment,
  type WaitTiming
} from '../inputs/settings.js'
import type { WaitInputs } from './names.js'

export interface WaitConfig {
  jobArns: string[]
  client: ClientSettings
  wait: WaitTiming
}

export function buildWaitConfig(raw: WaitInputs, environment: Environment): WaitConfig {
  checkLengths(raw)
  const c = new InputCollector()
  const input = 'dataset-import-job-arn'
  // One ARN per line, as steps' outputs are joined in a workflow; spaces and commas also separate.
  // A skipped import step leaves its line blank: blank lines are ignored, but not all of them.
  const jobArns = [...new Set(raw[input].split(/[\s,]+/).filter(Boolean))]
  if (jobArns.length === 0) {
    c.add(
      new InputError(
        input,
        'has no ARN: give the dataset-import-job-arn output of one or more import steps, one per line. Blank lines (from import steps that were skipped) are ignored; when every import may be skipped, give this step the same if: condition.'
      )
    )
  }
  for (const arn of jobArns) {
    if (!isJobArn(arn)) {
      c.add(
        new InputError(
          input,
          `${JSON.stringify(arn)} is not a dataset import job ARN. Expected arn:aws:personalize:<region>:<account>:dataset-import-job/<job name>, such as the dataset-import-job-arn output of the import action.`
        )
      )
    }
  }
  const regions = [...new Set(jobArns.filter(isJobArn).map((a) => regionOf(a)!))]
  if (regions.length > 1) {
    c.add(
      new InputError(
        input,
        `the jobs are in several regions (${regions.join(', ')}). Use one wait step per region.`
      )
    )
  }
  const client = c.check(() =>
    buildClientSettings(raw, environment, {
      arn: regions.length === 1 ? jobArns[0] : undefined,
      input,
      // Without one valid region in the ARNs, the ARN error already says what to fix.
      regionRequired: regions.length === 1
    })
  )
  const wait = c.check(() => buildWaitTiming(raw))
  c.throwIfAny()
  return { jobArns, client: client!, wait: wait! }
}
