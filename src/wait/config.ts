// The wait action's inputs, checked: which import jobs to wait for, the client and the wait
// settings. Nothing here talks to AWS. Pure apart from the injected file reader.
import {
  buildClientSettings,
  checkLengths,
  buildWaitSettings,
  type ClientSettings,
  type Environment,
  type WaitSettings
} from '../inputs/config.js'
import { InputCollector, InputError } from '../inputs/errors.js'

/** The inputs of the wait action (wait/action.yml). */
export const WAIT_INPUT_NAMES = [
  'dataset-import-job-arn',
  'wait-timeout',
  'poll-interval',
  'region',
  'endpoint-url',
  'ca-bundle',
  'cli-connect-timeout',
  'cli-read-timeout'
] as const

export type WaitInputs = Record<(typeof WAIT_INPUT_NAMES)[number], string>

export interface WaitConfig {
  jobArns: string[]
  client: ClientSettings
  wait: WaitSettings
}

// A Personalize dataset import job ARN, strictly: a dataset ARN given by mistake is caught here.
const JOB_ARN =
  /^arn:aws(-[a-z]+)*:personalize:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:dataset-import-job\/[a-zA-Z0-9][a-zA-Z0-9\-_]{0,62}$/

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
    if (!JOB_ARN.test(arn)) {
      c.add(
        new InputError(
          input,
          `${JSON.stringify(arn)} is not a dataset import job ARN. Expected arn:aws:personalize:<region>:<account>:dataset-import-job/<job name>, such as the dataset-import-job-arn output of the import action.`
        )
      )
    }
  }
  const regions = [...new Set(jobArns.filter((a) => JOB_ARN.test(a)).map((a) => a.split(':')[3]))]
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
  const wait = c.check(() => buildWaitSettings({ ...raw, wait: 'true' }))
  c.throwIfAny()
  return { jobArns, client: client!, wait: wait! }
}
