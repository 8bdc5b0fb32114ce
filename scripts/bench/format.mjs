// Statistics and Markdown helpers for the bench report.

export const median = (xs) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
export const min = (xs) => Math.min(...xs)
export const max = (xs) => Math.max(...xs)

export const ms = (x) => `${Math.round(x)} ms`
export const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`
export const seconds = (x) => `${x.toFixed(1)} s`
export const thousands = (x) => Math.round(x).toLocaleString('en-US')
export const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`
export const pct = (x) => `${(x * 100).toFixed(1)} %`

/** "median (min-max)" of a list, or the fallback when it is empty. */
export function spread(xs, fmt, fallback = 'not measured') {
  const v = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x))
  if (!v.length) return fallback
  if (v.length === 1) return fmt(v[0])
  return `${fmt(median(v))} (${fmt(min(v)).replace(/ .*/, '')}-${fmt(max(v))})`
}

/**
 * A Markdown table laid out the way Prettier lays it out (cells padded to the column width, the
 * delimiter row full of dashes), so `prettier --check` leaves the generated file alone.
 * @param {string[]} head
 * @param {string[][]} rows
 * @param {('l'|'r')[]} [align]
 */
export function table(head, rows, align = []) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c).replace(/\|/g, '\\|')))
  const width = head.map((_, i) => Math.max(3, ...cells.map((r) => [...(r[i] ?? '')].length)))
  const pad = (c, i) => {
    const fill = ' '.repeat(width[i] - [...c].length)
    return align[i] === 'r' ? fill + c : c + fill
  }
  const line = (r) => `| ${r.map(pad).join(' | ')} |`
  const rule = `| ${width.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n')
}
