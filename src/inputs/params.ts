// Parsing of the inputs that mirror CLI parameters: structure and list parameters accept the CLI's
// JSON or shorthand syntax, scalars are checked for their type. Pure: no I/O.
import type { DataSource, Tag } from '@aws-sdk/client-personalize'
import { InputError } from './errors.js'
import { parseShorthand, ShorthandSyntaxError, splitListItems } from './shorthand.js'

// The CLI treats a value as JSON when, stripped, it starts with { or [ (awscli/argprocess.py).
const looksLikeJson = (value: string) => /^[{[]/.test(value.trim())

export function parseDataSource(input: string, raw: string): DataSource {
  const value = raw.trim()
  // Convenience beyond the CLI: a bare URL is the data location.
  if (/^(s3|https?):\/\//.test(value)) return { dataLocation: value }
  const parsed = looksLikeJson(value)
    ? parseJson(input, value, 'an object like {"dataLocation": "s3://bucket/folder/"}')
    : parseShorthandFor(input, value, true)
  return checkDataSource(input, parsed)
}

/** Checks a data source from JSON, shorthand or cli-input against the API shape. */
export function checkDataSource(input: string, parsed: unknown): DataSource {
  const expected =
    'dataLocation=s3://bucket/key.csv, {"dataLocation": "s3://bucket/folder/"} or s3://bucket/key.csv'
  if (!isPlainObject(parsed)) {
    throw new InputError(input, `expected a structure: ${expected}`)
  }
  rejectUnknownKeys(input, parsed, ['dataLocation'])
  const location = parsed.dataLocation
  if (location === undefined) return {}
  if (Array.isArray(location)) {
    throw new InputError(
      input,
      `dataLocation became a list because of an unescaped comma (${JSON.stringify(location.join(','))}). ` +
        'Quote the value (dataLocation="s3://bucket/a,b.csv") or escape the comma (\\,).'
    )
  }
  if (typeof location !== 'string') {
    throw new InputError(input, `dataLocation must be a string, got ${typeName(location)}`)
  }
  return { dataLocation: location }
}

/** Tags as CLI shorthand items (space or newline separated) or a JSON list; values are never echoed. */
export function parseTags(input: string, raw: string): Tag[] {
  const value = raw.trim()
  if (value === '') return []
  if (looksLikeJson(value)) {
    const parsed = parseJson(
      input,
      value,
      'a list like [{"tagKey": "team", "tagValue": "reco"}]',
      false
    )
    return checkTags(input, Array.isArray(parsed) ? parsed : [parsed])
  }
  return checkTags(
    input,
    splitListItems(value).map((item) => parseShorthandFor(input, item, false))
  )
}

/** Checks tags from JSON, shorthand or cli-input against the API shape. */
export function checkTags(input: string, parsed: unknown): Tag[] {
  if (!Array.isArray(parsed)) {
    throw new InputError(input, `expected a list of tags, got ${typeName(parsed)}`)
  }
  return parsed.map((item, index) => {
    const where = `tag ${index + 1}`
    if (!isPlainObject(item)) {
      throw new InputError(input, `${where}: expected {tagKey, tagValue}, got ${typeName(item)}`)
    }
    rejectUnknownKeys(input, item, ['tagKey', 'tagValue'], where)
    for (const member of ['tagKey', 'tagValue'] as const) {
      const v = item[member]
      if (v === undefined) throw new InputError(input, `${where}: ${member} is missing`)
      if (typeof v !== 'string') {
        const hint = Array.isArray(v)
          ? ' (an unescaped comma in the value? quote it or use \\,)'
          : ''
        throw new InputError(input, `${where}: ${member} must be a single string${hint}`)
      }
    }
    return { tagKey: item.tagKey as string, tagValue: item.tagValue as string }
  })
}

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** YAML 1.2 booleans, as @actions/core's getBooleanInput accepts them; empty is undefined. */
export function parseBoolean(input: string, raw: string): boolean | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, `${JSON.stringify(value)} is not a boolean. Expected true or false.`)
}

export function parseEnum<T extends string>(input: string, raw: string, allowed: readonly T[]): T {
  const value = raw.trim().toUpperCase()
  const found = allowed.find((a) => a.toUpperCase() === value)
  if (found === undefined) {
    throw new InputError(
      input,
      `${JSON.stringify(raw.trim())} is not one of ${allowed.join(', ')}.`
    )
  }
  return found
}

/** A whole number of seconds within [min, max], as the CLI's integer options take it. */
export function parseSeconds(input: string, raw: string, min: number, max: number): number {
  const value = raw.trim()
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(
      input,
      `${JSON.stringify(value)} is not a whole number of seconds from ${min} to ${max}.`
    )
  }
  return Number(value)
}

function parseShorthandFor(input: string, value: string, echo: boolean): Record<string, unknown> {
  try {
    return parseShorthand(value)
  } catch (error) {
    if (!(error instanceof ShorthandSyntaxError)) throw error
    const shown = echo ? `:\n${error.pointer()}` : ''
    throw new InputError(input, `invalid shorthand syntax, ${error.message}${shown}`)
  }
}

function parseJson(input: string, value: string, expected: string, echo = true): unknown {
  try {
    return checkDepth(input, JSON.parse(value))
  } catch (error) {
    if (error instanceof InputError) throw error
    // JSON.parse messages quote the input; tags must never be echoed.
    const detail = echo ? ` (${(error as Error).message})` : ''
    throw new InputError(input, `invalid JSON${detail}. Expected ${expected}.`)
  }
}

function rejectUnknownKeys(
  input: string,
  object: Record<string, unknown>,
  allowed: string[],
  where?: string
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      const prefix = where ? `${where}: ` : ''
      throw new InputError(
        input,
        `${prefix}unknown parameter ${JSON.stringify(key)}, must be one of: ${allowed.join(', ')}`
      )
    }
  }
}

/**
 * 64 KiB: three times the largest valid request (50 tags of 128 + 256 characters and four ARNs
 * are about 22 KB), and short enough that the slowest parser (YAML) ends within a fraction of a
 * second. Every input, and every cli-input document, is held to it before it is parsed.
 */
export const MAX_INPUT_CHARS = 64 * 1024

/** The deepest request member (tags: a list of maps) is 3 levels down; this leaves room for mistakes. */
export const MAX_DEPTH = 16

/** Refuses data nested deeper than MAX_DEPTH, walking it without recursion. Returns it unchanged. */
export function checkDepth<T>(input: string, data: T): T {
  const stack: [unknown, number][] = [[data, 1]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (depth > MAX_DEPTH) {
      throw new InputError(
        input,
        `is nested more than ${MAX_DEPTH} levels deep; a request is 3 at most.`
      )
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1])
  }
  return data
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
