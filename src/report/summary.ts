// The job summary as HTML blocks (GitHub renders the summary as markdown), every piece of text
// passed through escapeSummary: a field holding newlines, pipes, markdown or HTML stays text in
// its cell, and links are built only here. Pure.
import { EOL } from 'node:os'
import { escapeSummary } from './escape.js'

export type Cell = string | { text: string; href: string }

export interface SummarySpec {
  heading: string
  header: string[]
  rows: Cell[][]
  /** Paragraphs under the table. */
  notes?: Cell[]
}

const cell = (c: Cell) =>
  typeof c === 'string'
    ? escapeSummary(c)
    : `<a href="${escapeSummary(c.href)}">${escapeSummary(c.text)}</a>`

const row = (cells: string[], tag: 'th' | 'td') =>
  `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`

export function summaryHtml(s: SummarySpec): string {
  const table = [
    row(s.header.map(escapeSummary), 'th'),
    ...s.rows.map((r) => row(r.map(cell), 'td'))
  ]
  const notes = (s.notes ?? []).map((n) => `<p>${cell(n)}</p>${EOL}`)
  return `<h3>${escapeSummary(s.heading)}</h3>${EOL}<table>${table.join('')}</table>${EOL}${notes.join('')}`
}
