// The wait action's inputs, checked: which Personalize resources to wait for (import jobs from
// dataset-import-job-arn, any kind from arn), the client and the wait settings. Nothing here
// talks to AWS. Pure apart from the injected file reader.
import type { ClientSettings } from '../aws/personalize.js'
import { isJobArn, regionOf } from '../aws/arn.js'
import { kindOfArn, type KindSpec } from '../aws/kinds.js'
import { InputCollector, InputError } from '../inputs/errors.js'
import { parseBoolean } from '../inputs/params.js'
import {
  buildClientSettings,
  buildWaitTiming,
  checkLengths,
  type Environment,
  type WaitTiming
} from '../inputs/settings.js'
import type { WaitInputs } from './names.js'

export interface Target {
  arn: string
  spec: KindSpec
}

export interface WaitConfig {
  targets: Target[]
  /** On cancel, stop a training still CREATE PENDING or CREATE IN_PROGRESS. */
  stopOnCancel: boolean
  client: ClientSettings
  wait: WaitTiming
}

// One ARN per line, as steps' outputs are joined in a workflow; spaces and commas also separate.
// A skipped step leaves its line blank: blank lines are ignored, but not all of them.
const arnsIn = (text: string) => text.split(/[\s,]+/).filter(Boolean)

export function buildWaitConfig(raw: WaitInputs, environment: Environment): WaitConfig {
  checkLengths(raw)
  const c = new InputCollector()
  const importInput = 'dataset-import-job-arn'
  const targets: Target[] = []
  const seen = new Set<string>()
  const take = (arn: string, spec: KindSpec) => {
    if (!seen.has(arn)) targets.push({ arn, spec })
    seen.add(arn)
  }
  for (const arn of arnsIn(raw[importInput])) {
    const found = kindOfArn(arn)
    if (isJobArn(arn) && 'spec' in found) take(arn, found.spec)
    else
      c.add(
        new InputError(
          importInput,
          `${JSON.stringify(arn)} is not a dataset import job ARN. Expected arn:aws:personalize:<region>:<account>:dataset-import-job/<job name>, such as the dataset-import-job-arn output of the import action${'spec' in found ? `; give this ${found.spec.label} in the arn input` : ''}.`
        )
      )
  }
  for (const arn of arnsIn(raw.arn)) {
    const found = kindOfArn(arn)
    if ('spec' in found) take(arn, found.spec)
    else c.add(new InputError('arn', found.error))
  }
  const input = raw.arn.trim() ? 'arn' : importInput
  if (arnsIn(raw[importInput]).length + arnsIn(raw.arn).length === 0) {
    c.add(
      new InputError(
        input,
        'has no ARN: give the dataset-import-job-arn output of one or more import steps, or any Personalize ARNs in arn, one per line. Blank lines (from steps that were skipped) are ignored; when every step may be skipped, give this step the same if: condition.'
      )
    )
  }
  const regions = [...new Set(targets.map((t) => regionOf(t.arn)!))]
  if (regions.length > 1) {
    c.add(
      new InputError(
        input,
        `the resources are in several regions (${regions.join(', ')}). Use one wait step per region.`
      )
    )
  }
  const stopOnCancel = c.check(() => parseBoolean('stop-on-cancel', raw['stop-on-cancel']))
  const client = c.check(() =>
    buildClientSettings(raw, environment, {
      arn: regions.length === 1 ? targets[0].arn : undefined,
      input,
      // Without one valid region in the ARNs, the ARN error already says what to fix.
      regionRequired: regions.length === 1
    })
  )
  const wait = c.check(() => buildWaitTiming(raw))
  c.throwIfAny()
  return { targets, stopOnCancel: stopOnCancel ?? false, client: client!, wait: wait! }
}
