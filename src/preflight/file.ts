// One sampled file: its encoding and header against the schema, then its rows against the field
// types. Pure: works on the bytes read, never reads.
import { isUtf8 } from 'node:buffer'
import { readCsv } from './csv.js'
import type { CsvProblem, CsvRecord } from './csv.js'
import { finding, formatBytes, listQuoted, noun, plural } from './format.js'
import type { Draft } from './format.js'
import { checkHeader, columnIndex } from './header.js'
import { notCsv } from './magic.js'
import { MAX_FINDINGS_PER_KIND, MAX_ROW_FINDINGS_PER_FILE } from './limits.js'
import { quote } from './quote.js'
import { severityOf, type RuleId } from './rules.js'
import { judgeValue } from './values.js'
import type { FileInput, FileResult, Finding, HeaderOfFile, SchemaField } from './types.js'

const UTF8_BOM = [0xef, 0xbb, 0xbf]
const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff]
]
const NEWLINE = 0x0a
const REPLACEMENT = '\uFFFD'
// A read that stops inside a quoted value leaves that quote open. A legitimate record over a few
// lines is cut near the end; a quote left open for more lines than this is a stray quote.
const CUT_RECORD_MAX_LINES = 100

/** The header against the schema, then the sampled rows against the field types. */
export function checkFile({ file, bytes, complete, fields, datasetType }: FileInput): FileResult {
  const findings: Finding[] = []
  const add = (rule: RuleId, problem: string, fix: string) =>
    findings.push(finding({ rule, check: 'header', file, line: 1, problem, fix }))

  const format = notCsv(bytes)
  if (format) {
    add(
      'file.not-csv',
      `${file} is ${format.what}: Personalize imports uncompressed CSV.`,
      format.fix
    )
    return { findings, rows: 0 }
  }
  const utf16 = UTF16_BOMS.find((bom) => startsWith(bytes, bom))
  if (utf16) {
    add(
      'file.not-utf8',
      `${file} is UTF-16 text (it starts with the byte-order mark ${hex(utf16)}); Personalize reads UTF-8 only.`,
      'save the file as UTF-8, without a byte-order mark.'
    )
    return { findings, rows: 0 }
  }
  const bom = startsWith(bytes, UTF8_BOM)
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes
  // The line the read cut is not judged.
  const end = complete ? body.length : body.lastIndexOf(NEWLINE) + 1
  if (end === 0 && !complete) {
    const reason = `${file}: the first line is longer than the ${formatBytes(bytes.length)} read, so its header and rows were not checked.`
    return { findings, rows: 0, skipped: { check: 'header', reason } }
  }
  const judged = body.subarray(0, end)
  const utf8 = isUtf8(judged)
  let notUtf8: { line: number; value: string } | undefined
  let rows: Rows | undefined
  let readable = true

  const problem = readCsv(judged, (record) => {
    if (!utf8 && !notUtf8) {
      const value = record.fields.find((v) => v.includes(REPLACEMENT))
      if (value !== undefined) notUtf8 = { line: record.line, value }
    }
    if (rows) {
      if (readable) rows.judge(record)
      return
    }
    const raw = Buffer.from(judged.subarray(0, record.end)).toString('utf8')
    const result = checkHeader({ file, names: record.fields, raw, bom, fields, datasetType })
    findings.push(...result.findings)
    readable = result.readable
    rows = new Rows(file, record.fields, fields)
  })

  if (!rows) {
    if (!problem) {
      add(
        'header.none',
        `${file} is empty: it has no header line.`,
        'upload the data: a header line with the column names, then the rows.'
      )
    }
  } else {
    findings.push(...rows.listed.findings())
  }
  if (problem && !isCut(problem, complete, judged)) {
    findings.push(csvError(file, problem, rows === undefined))
  }
  if (notUtf8) {
    findings.push(
      finding({
        rule: 'file.not-utf8',
        check: notUtf8.line === 1 ? 'header' : 'rows',
        file,
        line: notUtf8.line,
        value: notUtf8.value,
        problem: `${file} line ${notUtf8.line} is not UTF-8 text (${quote(notUtf8.value)}); Personalize reads UTF-8 only.`,
        fix: 'save the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8.'
      })
    )
  }
  if (!rows) return { findings, rows: 0 }

  const { header, count } = rows
  if (readable && count === 0 && !problem) {
    if (complete) {
      add(
        'header.no-rows',
        `${file} has a header and no rows; whether Personalize fails an import of no rows is not documented.`,
        'add the rows below the header, or remove the file.'
      )
    } else {
      const reason = `${file}: no whole row in the first ${formatBytes(bytes.length)}, so its rows were not checked.`
      return { findings, header, rows: 0, skipped: { check: 'rows', reason } }
    }
  }
  return { findings, header, rows: count }
}

/** The data rows of one file against the header's width and the fields' types. */
class Rows {
  readonly listed: Bounded
  /** Rows judged (empty lines are not rows). */
  count = 0
  private readonly columns: [SchemaField, number][]

  constructor(
    file: string,
    readonly header: string[],
    fields: readonly SchemaField[]
  ) {
    this.listed = new Bounded(file)
    // A repeated column is reported by the header check; its first copy is judged, and so is a
    // column written in another case or with spaces (the header check warns of it).
    this.columns = fields.flatMap((f): [SchemaField, number][] => {
      const index = columnIndex(header, f.name)
      return index >= 0 ? [[f, index]] : []
    })
  }

  judge({ fields: values, line, breaks }: CsvRecord): void {
    const { file } = this.listed
    const add = (rule: RuleId, kind: string, make: () => RowDraft) =>
      this.listed.add(kind, rule, () => finding({ rule, check: 'rows', file, line, ...make() }))
    if (breaks > 0) {
      add('rows.multiline', 'breaks', () => ({
        problem: `${file} line ${line}: the record spans ${breaks + 1} lines (a quoted value holds a line break); Personalize expects each record on one line.`,
        fix: 'replace the line breaks inside values with spaces.'
      }))
    }
    // A line of spaces looks empty in an editor too; the guide is silent on both, so a warning.
    if (values.length === 1 && values[0]!.trim() === '' && this.header.length > 1) {
      add('rows.blank', 'blank', () => ({
        problem: `${file} line ${line} is empty${values[0] ? ' (spaces only)' : ''}.`,
        fix: 'remove empty lines.'
      }))
      return
    }
    this.count++
    if (values.length !== this.header.length) {
      add('rows.count', 'count', () => ({
        problem: `${file} line ${line} has ${plural(values.length, 'value')}; the header has ${this.header.length}.`,
        fix: 'give every row one value per column, and quote values that contain commas ("a, b").'
      }))
      return
    }
    for (const [field, index] of this.columns) {
      const value = values[index]!
      const broken = judgeValue(field, value)
      if (!broken) continue
      add(broken.rule, `${broken.rule}:${field.name}`, () => ({
        column: field.name,
        value,
        problem: `${file} line ${line}, column ${field.name}: ${broken.problem}`,
        fix: broken.fix
      }))
    }
  }
}

type RowDraft = Pick<Draft, 'column' | 'value' | 'problem' | 'fix'>

/** A folder's sampled files all have the header of the first. */
export function checkSameHeader(files: readonly HeaderOfFile[]): Finding[] {
  const [first, ...others] = files
  if (!first) return []
  return others.flatMap((other): Finding[] => {
    // A name in another case or with spaces is the same column here; the header check warns of it.
    const lacks = first.header.filter((name) => columnIndex(other.header, name) < 0)
    const adds = other.header.filter((name) => columnIndex(first.header, name) < 0)
    const base = { rule: 'header.folder-differs' as const, file: other.file, line: 1 }
    if (lacks.length || adds.length) {
      const details = [
        ...(lacks.length ? [`it lacks ${listQuoted(lacks)}`] : []),
        ...(adds.length ? [`it adds ${listQuoted(adds)}`] : [])
      ]
      return [
        finding({
          ...base,
          problem: `${other.file} does not have the header of ${first.file}: ${details.join(' and ')}. What Personalize makes of files with different headers in one folder is not documented.`,
          fix: 'write every file of the folder with the same header line.'
        })
      ]
    }
    const written = other.header.filter((name) => !first.header.includes(name))
    if (written.length > 0) {
      return [
        finding({
          ...base,
          problem: `${other.file} writes the ${noun(written.length, 'column')} ${listQuoted(written)} otherwise than ${first.file}.`,
          fix: 'write the column names the same way in every file of the folder.'
        })
      ]
    }
    if (other.header.join('\n') !== first.header.join('\n')) {
      return [
        finding({
          ...base,
          problem: `${other.file} has the columns of ${first.file} in another order.`,
          fix: 'write the columns in the same order in every file of the folder.'
        })
      ]
    }
    return []
  })
}

// A record cut by the read ends in an open quote; see CUT_RECORD_MAX_LINES.
function isCut(problem: CsvProblem, complete: boolean, judged: Uint8Array): boolean {
  if (complete || problem.code !== 'CSV_QUOTE_NOT_CLOSED') return false
  let lines = 0
  for (const byte of judged) if (byte === NEWLINE) lines++
  return lines - problem.line < CUT_RECORD_MAX_LINES
}

function csvError(file: string, { code, line }: CsvProblem, inHeader: boolean): Finding {
  const what =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quote opens a value and is never closed'
      : `the record is not valid CSV (${code})`
  return finding({
    rule: 'rows.count',
    check: inHeader ? 'header' : 'rows',
    file,
    line,
    problem: `${file} line ${line}: ${what}, so the rest of the sample could not be read.`,
    fix: 'quote whole values only, and write a quote inside a quoted value as two quotes ("").'
  })
}

/** Row findings, at most a few of each kind and in all; the rest are only counted. */
class Bounded {
  private readonly shown: Finding[] = []
  private readonly perKind = new Map<string, number>()
  private hidden = 0
  private hiddenErrors = 0

  constructor(readonly file: string) {}

  /** make builds the finding only when it is listed: a bad file has many more. */
  add(kind: string, rule: RuleId, make: () => Finding): void {
    const seen = this.perKind.get(kind) ?? 0
    this.perKind.set(kind, seen + 1)
    if (seen < MAX_FINDINGS_PER_KIND && this.shown.length < MAX_ROW_FINDINGS_PER_FILE) {
      this.shown.push(make())
      return
    }
    this.hidden++
    if (severityOf(rule) === 'error') this.hiddenErrors++
  }

  /** The listed findings, then one that counts the rest, if any were left out. */
  findings(): Finding[] {
    if (this.hidden === 0) return this.shown
    const { file, hidden } = this
    // Not a rule of its own: it counts the findings of the rules above, as severe as the worst.
    const fix = 'fix the ones listed and run again; the same fixes are likely to apply.'
    const rest: Finding = {
      severity: this.hiddenErrors ? 'error' : 'warning',
      check: 'rows',
      file,
      message: `${file}: ${plural(hidden, 'more problem')} in the sampled rows ${hidden === 1 ? 'is' : 'are'} not listed. Fix: ${fix}`,
      fix
    }
    return [...this.shown, rest]
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase()).join(' ')
}
