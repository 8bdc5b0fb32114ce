// --cli-input-json / --cli-input-yaml: a whole request in API member names, inline or from a file,
// merged under the explicit inputs per top-level key, as the CLI does (awscli/customizations/cliinput.py).
import type { CreateDatasetImportJobRequest } from '@aws-sdk/client-personalize'
import type * as Yaml from 'yaml'
import { InputError } from './errors.js'
import {
  checkDataSource,
  checkDepth,
  checkTags,
  isPlainObject,
  MAX_INPUT_CHARS,
  typeName
} from './params.js'
import { readInputFile } from './read-file.js'
import { IMPORT_MODES } from './validate.js'

export type CliInputName = 'cli-input-json' | 'cli-input-yaml'
/** The yaml package, which the caller loads only when cli-input-yaml is given. */
export type YamlModule = Pick<typeof Yaml, 'parseDocument'>
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
  return readInputFile(input, value.slice('file://'.length), workspace, readText)
}

export function parseCliInput(input: CliInputName, text: string, yaml?: YamlModule): Request {
  if (text.length > MAX_INPUT_CHARS) {
    throw new InputError(
      input,
      `is ${text.length} characters; at most ${MAX_INPUT_CHARS} are read (a request is a few KiB).`
    )
  }
  const data = checkDepth(
    input,
    input === 'cli-input-json' ? decodeJson(input, text) : decodeYaml(input, text, yaml)
  )
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

// Parsed without printing anything (the parser's warnings quote the text on stderr), with an
// unknown tag an error rather than a warning, and aliases bounded: an alias that expands without
// bound (a "billion laughs") is refused when the document is turned into data.
function decodeYaml(input: CliInputName, text: string, yaml?: YamlModule): unknown {
  if (!yaml) throw new Error('cli-input-yaml given, but the yaml package was not loaded')
  const refuse = (why: string) =>
    new InputError(input, `${why}. Expected a map such as "jobName: my-import".`)
  let doc: Yaml.Document
  try {
    doc = yaml.parseDocument(text, { prettyErrors: false })
  } catch {
    throw refuse('invalid YAML (the parser gave up on it)')
  }
  const problem = doc.errors[0] ?? doc.warnings[0]
  if (problem) {
    throw refuse(`invalid YAML (${problem.code}) at ${lineColumn(text, problem.pos[0])}`)
  }
  try {
    return doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    throw refuse(
      error instanceof ReferenceError
        ? 'invalid YAML: its aliases expand to more than 100 nodes'
        : 'invalid YAML: it is nested too deeply'
    )
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n')
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`
}
