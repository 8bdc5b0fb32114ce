// A small CSV reader for the emulator's import check (the emulator has no dependencies, so no
// csv-parse): RFC 4180 records (quoted fields may hold commas, quotes as "" and line breaks),
// each with the line it starts on. The header is read apart and literally, as Personalize
// reads it: headers are not quoted, so a quote or a byte-order mark stays part of the name.

/**
 * The header names of a file's text: its first line split on commas, nothing stripped but the
 * line end.
 * @param {string} text
 */
export function readHeader(text) {
  const end = text.search(/\r?\n/)
  return (end < 0 ? text : text.slice(0, end)).split(',')
}

/**
 * The records after the header line. When `truncated` (only the start of the object was read),
 * the last record, which may be cut short, is left out.
 * @param {string} text
 * @param {boolean} truncated
 * @returns {{ line: number, fields: string[] }[]}
 */
export function readRecords(text, truncated) {
  /** @type {{ line: number, fields: string[] }[]} */
  const records = []
  let line = 1
  let i = text.search(/\n/)
  if (i < 0) return records
  i++
  line++
  while (i < text.length) {
    const start = line
    /** @type {string[]} */
    const fields = []
    let field = ''
    let quoted = false
    let ended = false
    for (; i < text.length; i++) {
      const c = text[i]
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"'
          i++
        } else if (c === '"') quoted = false
        else {
          if (c === '\n') line++
          field += c
        }
      } else if (c === '"' && field === '') quoted = true
      else if (c === ',') {
        fields.push(field)
        field = ''
      } else if (c === '\n') {
        i++
        line++
        ended = true
        break
      } else if (c !== '\r' || text[i + 1] !== '\n') field += c
    }
    fields.push(field)
    if (!ended && truncated) break
    // A blank line is not a record.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields })
  }
  return records
}
