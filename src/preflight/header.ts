// The header line against the dataset's schema. Pure.
import { finding, listQuoted, noun } from './format.js'
import { quote } from './quote.js'
import type { RuleId } from './rules.js'
import type { Finding, SchemaField } from './types.js'

export interface HeaderInput {
  file: string
  /** The column names as parsed, byte-order mark removed. */
  names: readonly string[]
  /** The header line as written (quotes kept). */
  raw: string
  /** The file starts with a UTF-8 byte-order mark (removed from names). */
  bom: boolean
  fields: readonly SchemaField[]
  datasetType: string
}

const DELIMITERS: readonly [string, string][] = [
  ['\t', 'tabs'],
  [';', 'semicolons'],
  ['|', 'pipes']
]

/** The header's findings; `readable` is false when the rows cannot be told apart into columns. */
export function checkHeader(input: HeaderInput): { findings: Finding[]; readable: boolean } {
  const { file, names, raw, bom, fields, datasetType } = input
  const findings: Finding[] = []
  const add = (rule: RuleId, problem: string, fix: string) =>
    findings.push(finding({ rule, file, line: 1, problem, fix }))

  if (names.length === 1 && names[0]!.trim() === '') {
    add(
      'header.none',
      `${file}: the first line is empty; Personalize reads the column names from it.`,
      'start the file with the header line: the column names, separated by commas.'
    )
    return { findings, readable: false }
  }
  const delimiter =
    names.length === 1 && fields.length > 1 && DELIMITERS.find(([d]) => names[0]!.includes(d))
  if (delimiter) {
    add(
      'header.delimiter',
      `${file}: the header ${quote(names[0]!)} is separated by ${delimiter[1]}, not commas; Personalize reads comma-separated values only.`,
      'save the file as CSV with commas between the values (in a spreadsheet: "CSV (comma delimited)").'
    )
    return { findings, readable: false }
  }

  const quoted = names.filter((name) => raw.includes(`"${name}"`))
  if (quoted.length > 0) {
    add(
      'header.quoted',
      `${file}: the header quotes its column names (${listQuoted(quoted)}); Personalize expects them unquoted.`,
      'write the header line without quotes around the names.'
    )
  }

  const duplicates = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))]
  if (duplicates.length > 0) {
    add(
      'header.duplicate',
      `${file}: the header repeats the ${noun(duplicates.length, 'column')} ${listQuoted(duplicates)}; which copy Personalize reads is not documented (the first is checked here).`,
      'keep one column of each name.'
    )
  }

  const known = new Set(fields.map((f) => f.name))
  // A field written another way ("user_id", " ITEM_ID"): the guide does not say whether
  // Personalize matches names exactly, so this is a warning with the rename, not a refusal.
  const renames = new Map<string, string>()
  for (const { name } of fields) {
    const index = columnIndex(names, name)
    if (index >= 0 && names[index] !== name) renames.set(names[index]!, name)
  }
  // An unnamed column (pandas' index) is imported as nothing: recorded imports with one went ACTIVE.
  const extra = names.filter((name) => name.trim() !== '' && !known.has(name) && !renames.has(name))
  const missing = fields
    .filter((f) => !f.nullable && columnIndex(names, f.name) < 0)
    .map((f) => f.name)
  const first = fields.find((f) => !f.nullable && f.name === names[0])
  if (bom && first) {
    add(
      'header.bom',
      `${file} starts with a byte-order mark (EF BB BF) before the column ${first.name}; whether Personalize strips the mark is not documented, and if it does not, it fails the import with "Input CSV is missing the following columns: [${first.name}]".`,
      "save the file as UTF-8 without a byte-order mark: in pandas, encoding='utf-8' rather than 'utf-8-sig'; or sed -i '1s/^\\xEF\\xBB\\xBF//' file.csv."
    )
  }
  if (missing.length > 0) {
    add(
      'header.missing',
      `${file}: Input CSV is missing the following columns: [${missing.join(', ')}]. The ${datasetType} dataset's schema requires ${missing.length === 1 ? 'it' : 'them'} (${missing.length === 1 ? 'its type is not a union' : 'their types are not unions'} with "null").`,
      `add the ${noun(missing.length, 'column')} ${missing.join(', ')} to the header, with a value on every row.`
    )
  }
  if (renames.size > 0) {
    const written = [...renames.keys()]
    add(
      'header.case',
      `${file}: the header writes ${[...renames].map(([w, name]) => `${quote(w)} for ${name}`).join(', ')}; Personalize may not take ${written.length === 1 ? 'it for that column' : 'them for those columns'}, and would then fail the import with "Input CSV is missing the following columns".`,
      `${[...renames].map(([w, name]) => `rename ${quote(w)} to ${name}`).join('; ')}.`
    )
  }

  if (extra.length > 0) {
    const one = extra.length === 1
    add(
      'header.extra',
      `${file}: the ${noun(extra.length, 'column')} ${listQuoted(extra)} ${one ? 'is' : 'are'} not in the ${datasetType} dataset's schema, so Personalize does not import ${one ? 'it' : 'them'}.`,
      `remove ${one ? 'it' : 'them'}, or add ${one ? 'it' : 'them'} to the schema if ${one ? 'it is' : 'they are'} meant to be imported.`
    )
  }
  return { findings, readable: true }
}

/** Where the field's column is: its exact name, else its name in another case or with spaces. */
export function columnIndex(names: readonly string[], name: string): number {
  const exact = names.indexOf(name)
  return exact >= 0 ? exact : names.findIndex((n) => normal(n) === normal(name))
}

function normal(name: string): string {
  return name.replace(/"/g, '').trim().toUpperCase()
}
