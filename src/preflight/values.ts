// The rules for one value of a column against its schema field. Pure.
import { CATEGORICAL_MAX_CHARS, ID_MAX_CHARS } from './limits.js'
import { characters, quote } from './quote.js'
import type { RuleId } from './rules.js'
import type { AvroPrimitive, SchemaField } from './types.js'

export interface ValueProblem {
  /** The rule broken (its severity is the rule table's); with the column, the kind of finding that is bounded per file. */
  rule: RuleId
  /** What is wrong, after "<file> line <n>, column <name>: ". */
  problem: string
  fix: string
}

const TIMESTAMPS = new Set(['TIMESTAMP', 'CREATION_TIMESTAMP'])
const IDS = new Set(['USER_ID', 'ITEM_ID'])
// The fields the guide gives a meaning and a format of their own; any other field is metadata,
// where a recorded import shows blanks and values that do not parse going ACTIVE.
const RESERVED = new Set([
  ...TIMESTAMPS,
  ...IDS,
  'EVENT_TYPE',
  'EVENT_VALUE',
  'IMPRESSION',
  'RECOMMENDATION_ID',
  'EVENT_ATTRIBUTION_SOURCE'
])
const WHOLE = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const SPECIAL_FLOATS = new Set(['NaN', 'Infinity', '+Infinity', '-Infinity'])
// An ISO 8601 date, or date and time with a zone: what Date.parse reads without guessing a zone.
const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/
const RANGES: Partial<Record<AvroPrimitive, [bigint, bigint]>> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n]
}
const EXPECTED: Record<AvroPrimitive, string> = {
  string: 'a string',
  int: 'an int (a whole number from -2147483648 to 2147483647)',
  long: 'a long (a whole number from -9223372036854775808 to 9223372036854775807)',
  float: 'a float (a number such as 4.5 or 1e-3)',
  double: 'a double (a number such as 4.5 or 1e-3)',
  boolean: 'a boolean (true or false)'
}
const WRITE: Record<AvroPrimitive, string> = {
  string: 'write a string',
  int: 'write a whole number',
  long: 'write a whole number',
  float: 'write a number',
  double: 'write a number',
  boolean: 'write true or false'
}
const BOOLEAN_FIX =
  'write true or false in lower case: in pandas, df[col].map({True: "true", False: "false"}) before to_csv; in csv-stringify, cast: { boolean: (v) => String(v) }.'

/** The first rule the value breaks, or undefined when it may be imported into the field. */
export function judgeValue(field: SchemaField, value: string): ValueProblem | undefined {
  if (field.type === 'boolean' && !(value === '' && field.nullable)) return judgeBoolean(value)
  if (value === '') {
    if (field.nullable) return undefined
    const reserved = RESERVED.has(field.name)
    return {
      rule: reserved ? 'value.empty-reserved' : 'value.empty-metadata',
      problem: reserved
        ? `the value is empty, but ${field.name} needs one (its type ${field.type} is not a union with "null").`
        : `the value is empty, though the type ${field.type} is not a union with "null"; Personalize has imported such blanks in metadata, but the guide reserves them for nullable fields.`,
      fix: reserved
        ? `fill it in on every row.`
        : `fill it in, or make the field nullable (["null", "${field.type}"]) in the schema.`
    }
  }
  if (field.nullable && field.type !== 'string' && /^null$/i.test(value)) {
    return {
      rule: 'value.null-text',
      problem: `${quote(value)} is text, not an empty value; Personalize may not read it as null.`,
      fix: 'leave the value empty where there is none.'
    }
  }
  if (TIMESTAMPS.has(field.name)) {
    const problem = judgeEpochSeconds(value)
    if (problem) return problem
  }
  if (!fitsType(field.type, value)) {
    return (
      doubt(field.type, value) ?? {
        rule: 'value.type',
        problem: `${quote(value)} is not ${EXPECTED[field.type]}; Personalize has imported such values in metadata, but what it makes of them is not documented.`,
        fix: `${WRITE[field.type]}${field.nullable ? ' or leave it empty' : ''}, or change the field's type in the schema.`
      }
    )
  }
  const max = IDS.has(field.name)
    ? ID_MAX_CHARS
    : field.categorical
      ? CATEGORICAL_MAX_CHARS
      : undefined
  // The guide counts characters: an emoji is one, though two UTF-16 units (value.length).
  if (max !== undefined && value.length > max && characters(value) > max) {
    // The guide does not say whether the limit counts "a|b|c" whole or each category: only a
    // category over it is refused for sure.
    if (
      field.categorical &&
      !IDS.has(field.name) &&
      value.split('|').every((v) => v.length <= max)
    ) {
      return {
        rule: 'value.categorical-total',
        problem: `${quote(value)}: each category is at most ${max} characters, but Personalize may count the value whole (Length cannot be more than ${max} characters for ${field.name}).`,
        fix: `keep the categories of one value under ${max} characters together, e.g. by dropping the least useful ones.`
      }
    }
    return {
      rule: IDS.has(field.name) ? 'value.id-length' : 'value.categorical-length',
      problem: `${quote(value)}. Length cannot be more than ${max} characters for ${field.name}.`,
      fix: `shorten the values to at most ${max} characters; a value this long is often text with an unquoted comma, or a record over several lines.`
    }
  }
  return undefined
}

// The guide: "values true and false must be lower case in your data". pandas writes True/False,
// csv-stringify 1 and an empty string.
function judgeBoolean(value: string): ValueProblem | undefined {
  if (value === 'true' || value === 'false') return undefined
  return {
    rule: 'value.boolean',
    problem: `${value === '' ? 'the value is empty' : `${quote(value)} is not true or false`}; Personalize reads booleans written true and false, in lower case.`,
    fix: BOOLEAN_FIX
  }
}

// TIMESTAMP and CREATION_TIMESTAMP are Unix epoch seconds; milliseconds and dates are the usual
// mistakes. Spaces around the number are left to doubt().
function judgeEpochSeconds(value: string): ValueProblem | undefined {
  const number = value.trim()
  if (WHOLE.test(number)) {
    const digits = number.replace(/^[+-]/, '').length
    // Up to 11 digits is seconds (until the year 5138); 12 to 14 digits is milliseconds.
    if (digits <= 11) return undefined
    if (digits <= 14) {
      return {
        rule: 'value.epoch',
        problem: `${quote(value)} looks like milliseconds; Personalize expects Unix epoch time in seconds.`,
        fix: `divide by 1000 (${number.slice(0, -3)}).`
      }
    }
  } else if (DECIMAL.test(number)) {
    const whole = Math.trunc(Number(number))
    return {
      rule: 'value.epoch-decimal',
      problem: `${quote(value)} is not a whole number; the guide writes epoch seconds as whole numbers (881250949), and whether Personalize reads ${number.includes('.') ? 'a decimal point' : 'an exponent'} is not documented.`,
      fix: `write whole seconds (${whole}); in pandas, write the column as integers (astype("Int64")).`
    }
  }
  const seconds = ISO_WITH_ZONE.test(number) ? Date.parse(number) / 1000 : NaN
  const example = Number.isFinite(seconds)
    ? `${quote(value)} is ${Math.floor(seconds)}`
    : 'such as 1704067200 for 2024-01-01T00:00:00Z'
  return {
    rule: 'value.epoch',
    problem: `${quote(value)} is not epoch time; Personalize expects Unix epoch time in seconds (${example}).`,
    fix: 'convert the dates to whole seconds since 1970-01-01T00:00:00Z.'
  }
}

/**
 * A value the guide neither allows nor forbids, though common exports write it: spaces around a
 * number ("a, b" files), a whole number with a decimal point (pandas writes 1995.0 for an int
 * column that has an empty cell).
 */
function doubt(type: AvroPrimitive, value: string): ValueProblem | undefined {
  const trimmed = value.trim()
  if (trimmed !== value && trimmed !== '' && fitsType(type, trimmed)) {
    return {
      rule: 'value.spaces',
      problem: `${quote(value)} has spaces around the value; Personalize may not read it as ${EXPECTED[type]}.`,
      fix: 'remove the spaces around the values (write "a,b", not "a, b").'
    }
  }
  const whole = /^([+-]?\d+)\.0*$/.exec(value)?.[1]
  if ((type === 'int' || type === 'long') && whole !== undefined && fitsType(type, whole)) {
    return {
      rule: 'value.decimal',
      problem: `${quote(value)} is a whole number with a decimal point; Personalize may not read it as ${EXPECTED[type]}.`,
      fix: `write it without the decimal point (${whole}); in pandas, write the column as integers (astype("Int64")).`
    }
  }
  return undefined
}

function fitsType(type: AvroPrimitive, value: string): boolean {
  switch (type) {
    case 'string':
      return true
    case 'boolean':
      return value === 'true' || value === 'false'
    case 'float':
    case 'double':
      return DECIMAL.test(value) || SPECIAL_FLOATS.has(value)
    case 'int':
    case 'long': {
      // 20 characters hold any long; longer text is not one (and BigInt would be slow on it).
      if (value.length > 20 || !WHOLE.test(value)) return false
      const [min, max] = RANGES[type]!
      const n = BigInt(value)
      return n >= min && n <= max
    }
  }
}
