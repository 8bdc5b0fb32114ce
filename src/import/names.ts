// The import action's input and output names, as action.yml declares them (a unit test holds the
// two to each other).

export const INPUT_NAMES = [
  'job-name',
  'dataset-arn',
  'data-source',
  'role-arn',
  'tags',
  'import-mode',
  'publish-attribution-metrics-to-s3',
  'cli-input-json',
  'cli-input-yaml',
  'generate-cli-skeleton',
  'region',
  'endpoint-url',
  'ca-bundle',
  'cli-connect-timeout',
  'cli-read-timeout',
  'wait',
  'wait-timeout',
  'poll-interval',
  'if-exists',
  'on-busy',
  'preflight',
  's3-endpoint-url'
] as const

export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

export const OUTPUT_NAMES = [
  'dataset-import-job-arn',
  'job-name',
  'status',
  'failure-reason',
  'console-url',
  'duration-seconds',
  'preflight'
] as const

export type OutputName = (typeof OUTPUT_NAMES)[number]
