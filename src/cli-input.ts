// --cli-input-json / --cli-input-yaml: a whole request in API member names, inline or from a file,
// merged under the explicit inputs per top-level key, as the CLI does (awscli/customizations/cliinput.py).
import type { CreateDatasetImportJobRequest } from '@aws-sdk/client-personalize'
import type * as Yaml from 'yaml'
import { InputError } from './errors.js'
import { checkDataSource, checkTags, isPlainObject, typeName } from './params.js'
import { IMPORT_MODES } from './validate.js'

export type CliInputName = 'cli-input-json' | 'cli-input-yaml'
/** The yaml package, which the caller loads only when cli-input-yaml is given. */
export type YamlModule = Pick<typeof Yaml, 'parse' | 'YAMLParseError'>
export type Request = Partial<CreateDatasetImportJobRequest>

const MEMBERS = [
  'jobName',
  'datasetArn',
  'dataSource',
  'roleArn',
  'tags',
  'importMode',
  'publishAttributionMetricsToS3'
] as const

/** Reads `file://path` (relative to the workspace) or returns the inline text. */
export function resolveFileValue(
  input: string,
  raw: string,
  workspace: string,
  readText: (path: string) => string
): string {
  const value = raw.trim()
  if (!value.startsWith('file://')) return value
  const path = value.slice('file://'.length)
  const resolved = path.startsWith('/') ? path : `${workspace.replace(/\/$/, '')}/${path}`
  try {
    return readText(resolved)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`
    throw new InputError(
      input,
      `file ${resolved} ${why}. file:// paths are relative to the workspace (${workspace}).`
    )
  }
}

export function parseCliInput(input: CliInputName, text: string, yaml?: YamlModule): Request {
  const data = input === 'cli-input-json' ? decodeJson(input, text) : decodeYaml(input, text, yaml)
  if (!isPlainObject(data)) {
    throw new InputError(input, `expected a map of request members, got ${typeName(data)}.`)
  }
  const request: Request = {}
  for (const [key, value] of Object.entries(data)) {
    const where = `${input} (${key})`
    switch (key as (typeof MEMBERS)[number]) {
      case 'jobName':
      case 'datasetArn':
      case 'roleArn':
        if (typeof value !== 'string')
          throw new InputError(where, `must be a string, got ${typeName(value)}.`)
        request[key as 'jobName'] = value
        break
      case 'dataSource':
        request.dataSource = checkDataSource(where, value)
        break
      case 'tags':
        request.tags = checkTags(where, value)
        break
      case 'importMode':
        if (typeof value !== 'string' || !(IMPORT_MODES as readonly string[]).includes(value)) {
          throw new InputError(where, `must be one of ${IMPORT_MODES.join(', ')}.`)
        }
        request.importMode = value as (typeof IMPORT_MODES)[number]
        break
      case 'publishAttributionMetricsToS3':
        if (typeof value !== 'boolean')
          throw new InputError(where, `must be true or false, got ${typeName(value)}.`)
        request.publishAttributionMetricsToS3 = value
        break
      default:
        throw new InputError(
          input,
          `unknown parameter ${JSON.stringify(key)}, must be one of: ${MEMBERS.join(', ')}.`
        )
    }
  }
  return request
}

/** Explicit inputs win per top-level key; nested structures are never merged. */
export function mergeRequests(fromFile: Request, explicit: Request): Request {
  const merged: Request = { ...fromFile }
  for (const [key, value] of Object.entries(explicit)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}

// Parser messages quote the text they choke on, which may hold tag values: report positions only.
function decodeJson(input: CliInputName, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)
    const where = position ? ` at ${lineColumn(text, Number(position[1]))}` : ''
    throw new InputError(
      input,
      `invalid JSON${where}. Expected an object such as {"jobName": "...", "datasetArn": "..."}.`
    )
  }
}

function decodeYaml(input: CliInputName, text: string, yaml?: YamlModule): unknown {
  if (!yaml) throw new Error('cli-input-yaml given, but the yaml package was not loaded')
  try {
    return yaml.parse(text)
  } catch (error) {
    if (!(error instanceof yaml.YAMLParseError)) throw error
    const pos = error.linePos?.[0]
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : ''
    throw new InputError(
      input,
      `invalid YAML (${error.code})${where}. Expected a map such as "jobName: my-import".`
    )
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n')
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`
}
