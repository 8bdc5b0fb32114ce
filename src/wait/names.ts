// The wait action's input and output names, as wait/action.yml declares them (a unit test holds
// the two to each other).

export const WAIT_INPUT_NAMES = [
  'dataset-import-job-arn',
  'arn',
  'stop-on-cancel',
  'wait-timeout',
  'poll-interval',
  'region',
  'endpoint-url',
  'ca-bundle',
  'cli-connect-timeout',
  'cli-read-timeout'
] as const

export type WaitInputs = Record<(typeof WAIT_INPUT_NAMES)[number], string>

export const WAIT_OUTPUT_NAMES = [
  'statuses',
  'failure-reasons',
  'status',
  'succeeded',
  'details'
] as const

export type WaitOutputName = (typeof WAIT_OUTPUT_NAMES)[number]
