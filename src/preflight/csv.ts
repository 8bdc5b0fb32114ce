// Reading CSV records with csv-parse, with the line numbers people see in an editor.
import { CsvError, parse } from 'csv-parse/sync'

export interface CsvRecord {
  fields: string[]
  /** 1-based line where the record starts. */
  line: number
  /** Line breaks inside the record's quoted values (0 for a record on one line). */
  breaks: number
  /** Byte offset where the record, its line break included, ends. */
  end: number
}

export interface CsvProblem {
  /** csv-parse's error code, e.g. CSV_QUOTE_NOT_CLOSED. */
  code: string
  /** Line where the record that could not be read starts. */
  line: number
}

const NEWLINE = 0x0a

/**
 * Calls onRecord for each record of the UTF-8 CSV in bytes, in order; returns the problem that
 * stopped the parser, if any (the records after it are not read: a broken quote garbles the rest).
 */
export function readCsv(
  bytes: Uint8Array,
  onRecord: (record: CsvRecord) => void
): CsvProblem | undefined {
  let offset = 0
  let line = 1
  try {
    parse(bytes, {
      // Counts are the checks' to report, byte-order marks too, so the parser keeps both.
      relax_column_count: true,
      bom: false,
      // A quote inside an unquoted value (5"3) is kept as text, as most CSV readers do.
      relax_quotes: true,
      on_record: (fields: string[], context) => {
        // context.bytes is where this record, its line break included, ends.
        let newlines = 0
        for (let i = offset; i < context.bytes; i++) if (bytes[i] === NEWLINE) newlines++
        const terminated = bytes[context.bytes - 1] === NEWLINE
        onRecord({ fields, line, breaks: newlines - (terminated ? 1 : 0), end: context.bytes })
        offset = context.bytes
        line += newlines
        return null
      }
    })
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    return { code: error.code, line }
  }
  return undefined
}
