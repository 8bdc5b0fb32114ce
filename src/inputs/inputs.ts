// Reads an action's inputs from the runner (INPUT_<NAME> variables) as raw strings.
import * as core from '@actions/core'

/** The inputs of the import action (action.yml). */
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

export function readInputs<Name extends string>(names: readonly Name[]): Record<Name, string> {
  return Object.fromEntries(names.map((name) => [name, core.getInput(name)])) as Record<
    Name,
    string
  >
}
