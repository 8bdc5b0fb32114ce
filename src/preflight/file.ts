// One sampled file: its encoding and header against the schema, then its rows against the field
// types. Pure: works on the bytes read, never reads.
import { isUtf8 } from 'node:buffer'
import { readCsv } from './csv.js'
import type { CsvProblem } from './csv.js'
import { finding, formatBytes, listQuoted, plural } from './format.js'
import type { Draft } from './format.js'
import { checkHeader } from './header.js'
import { MAX_FINDINGS_PER_KIND, MAX_ROW_FINDINGS_PER_FILE } from './limits.js'
import { quote } from './quote.js'
import { judgeValue } from './values.js'
import type {
  FileInput,
  FileResult,
  Finding,
  HeaderOfFile,
  SchemaField,
  Severity
} from './types.js'

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
  const headerError = (problem: string, fix: string) =>
    findings.push(finding({ severity: 'error', check: 'header', file, line: 1, problem, fix }))

  const utf16 = UTF16_BOMS.find((bom) => startsWith(bytes, bom))
  if (utf16) {
    headerError(
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

  let header: string[] | undefined
  let columns: [SchemaField, number][] = []
  let readable = true
  let rows = 0
  const listed = new Bounded()
  const problem = readCsv(judged, (record) => {
    const { fields: values, line } = record
    if (!utf8 && !notUtf8) {
      const value = values.find((v) => v.includes(REPLACEMENT))
      if (value !== undefined) notUtf8 = { line, value }
    }
    if (header === undefined) {
      header = values
      if (bom) {
        headerError(
          `${file} starts with a byte-order mark (EF BB BF); Personalize reads it as part of the first column name, so ${quote(values[0]!)} is then missing.`,
          "save the file as UTF-8 without a byte-order mark (BOM), e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' file.csv."
        )
      }
      const raw = Buffer.from(judged.subarray(0, record.end)).toString('utf8')
      const result = checkHeader({ file, names: header, raw, fields, datasetType })
      findings.push(...result.findings)
      readable = result.readable
      columns = fields.flatMap((f): [SchemaField, number][] =>
        header!.includes(f.name) ? [[f, header!.indexOf(f.name)]] : []
      )
      return
    }
    if (!readable) return
    const rowFinding = (
      severity: Severity,
      kind: string,
      make: () => Pick<Draft, 'column' | 'value' | 'problem' | 'fix'>
    ) =>
      listed.add(kind, severity, () => finding({ severity, check: 'rows', file, line, ...make() }))
    if (record.breaks > 0) {
      rowFinding('warning', 'breaks', () => ({
        problem: `${file} line ${line}: the record spans ${record.breaks + 1} lines (a quoted value holds a line break); Personalize expects each record on one line.`,
        fix: 'replace the line breaks inside values with spaces.'
      }))
    }
    if (values.length === 1 && values[0] === '' && header.length > 1) {
      rowFinding('warning', 'blank', () => ({
        problem: `${file} line ${line} is empty.`,
        fix: 'remove empty lines.'
      }))
      return
    }
    rows++
    if (values.length !== header.length) {
      rowFinding('error', 'count', () => ({
        problem: `${file} line ${line} has ${plural(values.length, 'value')}; the header has ${header!.length}.`,
        fix: 'give every row one value per column, and quote values that contain commas ("a, b").'
      }))
      return
    }
    for (const [field, index] of columns) {
      const value = values[index]!
      const broken = judgeValue(field, value)
      if (!broken) continue
      rowFinding('error', `${broken.rule}:${field.name}`, () => ({
        column: field.name,
        value,
        problem: `${file} line ${line}, column ${field.name}: ${broken.problem}`,
        fix: broken.fix
      }))
    }
  })

  if (header === undefined) {
    if (complete && !problem) {
      headerError(
        `${file} is empty: it has no header line.`,
        'upload the data: a header line with the column names, then the rows.'
      )
      return { findings, rows: 0 }
    }
  }
  findings.push(...listed.listed)
  if (problem && !isCut(problem, complete, judged))
    findings.push(csvError(file, problem, header === undefined))
  if (notUtf8) {
    findings.push(
      finding({
        severity: 'error',
        check: notUtf8.line === 1 ? 'header' : 'rows',
        file,
        line: notUtf8.line,
        value: notUtf8.value,
        problem: `${file} line ${notUtf8.line} is not UTF-8 text (${quote(notUtf8.value)}); Personalize reads UTF-8 only.`,
        fix: 'save the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8.'
      })
    )
  }
  const hidden = listed.hidden()
  if (hidden) findings.push(hidden(file))
  if (header !== undefined && readable && rows === 0 && !problem) {
    if (complete) {
      headerError(
        `${file} has a header and no rows.`,
        'add the rows below the header, or remove the file.'
      )
    } else {
      const reason = `${file}: no whole row in the first ${formatBytes(bytes.length)}, so its rows were not checked.`
      return { findings, header, rows, skipped: { check: 'rows', reason } }
    }
  }
  return { findings, ...(header ? { header } : {}), rows }
}

/** A folder's sampled files all have the header of the first. */
export function checkSameHeader(files: readonly HeaderOfFile[]): Finding[] {
  const [first, ...others] = files
  if (!first) return []
  return others.flatMap((other): Finding[] => {
    const lacks = first.header.filter((name) => !other.header.includes(name))
    const adds = other.header.filter((name) => !first.header.includes(name))
    const base = { check: 'header' as const, file: other.file, line: 1 }
    if (lacks.length || adds.length) {
      const details = [
        ...(lacks.length ? [`it lacks ${listQuoted(lacks)}`] : []),
        ...(adds.length ? [`it adds ${listQuoted(adds)}`] : [])
      ]
      return [
        finding({
          ...base,
          severity: 'error',
          problem: `${other.file} does not have the header of ${first.file}: ${details.join(' and ')}. Every file of a folder is imported with one header.`,
          fix: 'write every file of the folder with the same header line.'
        })
      ]
    }
    if (other.header.join('\n') !== first.header.join('\n')) {
      return [
        finding({
          ...base,
          severity: 'warning',
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
    severity: 'error',
    check: inHeader ? 'header' : 'rows',
    file,
    line,
    problem: `${file} line ${line}: ${what}, so the rest of the sample could not be read.`,
    fix: 'quote whole values only, and write a quote inside a quoted value as two quotes ("").'
  })
}

/** Row findings, at most a few of each kind and in all; the rest are only counted. */
class Bounded {
  readonly listed: Finding[] = []
  private readonly perKind = new Map<string, number>()
  private count = 0
  private errors = 0

  add(kind: string, severity: Severity, make: () => Finding): void {
    const seen = this.perKind.get(kind) ?? 0
    this.perKind.set(kind, seen + 1)
    if (seen < MAX_FINDINGS_PER_KIND && this.listed.length < MAX_ROW_FINDINGS_PER_FILE) {
      this.listed.push(make())
      return
    }
    this.count++
    if (severity === 'error') this.errors++
  }

  /** The finding that counts the rest, if any were left out. */
  hidden(): ((file: string) => Finding) | undefined {
    if (this.count === 0) return undefined
    return (file) =>
      finding({
        severity: this.errors ? 'error' : 'warning',
        check: 'rows',
        file,
        problem: `${file}: ${plural(this.count, 'more problem')} in the sampled rows ${this.count === 1 ? 'is' : 'are'} not listed.`,
        fix: 'fix the ones listed and run again; the same fixes are likely to apply.'
      })
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase()).join(' ')
}
