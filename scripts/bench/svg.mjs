// A hand-written SVG scatter chart: API calls (log scale) against worst detection delay, one
// series per polling policy, one point per job duration.

const W = 820
const H = 500
const M = { left: 80, right: 210, top: 84, bottom: 64 }
const COLORS = ['#d95f02', '#1b9e77', '#7570b3', '#e7298a', '#66a61e', '#e6ab02']
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'circle', 'square']

const esc = (s) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
const n = (x) => Number(x.toFixed(1))

function marker(shape, x, y, color) {
  const r = 5
  const style = `fill="${color}" fill-opacity="0.75" stroke="${color}" stroke-width="1.5"`
  if (shape === 'square') {
    return `<rect x="${n(x - r)}" y="${n(y - r)}" width="${2 * r}" height="${2 * r}" ${style}/>`
  }
  if (shape === 'triangle') {
    const pts = [
      [x, y - r - 1],
      [x + r + 1, y + r],
      [x - r - 1, y + r]
    ]
    return `<polygon points="${pts.map((p) => p.map(n).join(',')).join(' ')}" ${style}/>`
  }
  if (shape === 'diamond') {
    const d = r + 1.5
    const pts = [
      [x, y - d],
      [x + d, y],
      [x, y + d],
      [x - d, y]
    ]
    return `<polygon points="${pts.map((p) => p.map(n).join(',')).join(' ')}" ${style}/>`
  }
  return `<circle cx="${n(x)}" cy="${n(y)}" r="${r}" ${style}/>`
}

/**
 * @param {{
 *   title: string, subtitle: string[], xLabel: string, yLabel: string,
 *   series: { name: string, labelSide?: 'left' | 'right',
 *             points: { x: number, y: number, label: string }[] }[],
 *   xLine?: { x: number, label: string }
 * }} o
 */
export function scatterSvg(o) {
  const all = o.series.flatMap((s) => s.points)
  const xMax = Math.ceil((Math.max(...all.map((p) => p.x), o.xLine?.x ?? 0) + 5) / 15) * 15
  const yMin = 1
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...all.map((p) => p.y)) * 1.2))
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const sx = (x) => M.left + (x / xMax) * pw
  const sy = (y) =>
    M.top + ph - (Math.log10(Math.max(y, yMin) / yMin) / Math.log10(yMax / yMin)) * ph

  const out = []
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`)
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`
  )
  out.push(`<title>${esc(o.title)}</title>`)
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`)
  out.push(`<text x="${M.left}" y="24" font-size="16" font-weight="bold">${esc(o.title)}</text>`)
  o.subtitle.forEach((line, i) =>
    out.push(`<text x="${M.left}" y="${46 + i * 16}" fill="#555555">${esc(line)}</text>`)
  )

  // Grid and ticks.
  out.push('<g stroke="#e5e5e5" stroke-width="1">')
  const yTicks = []
  for (let d = yMin; d <= yMax; d *= 10)
    for (const k of [1, 2, 5]) if (d * k <= yMax) yTicks.push(d * k)
  for (const y of yTicks)
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${n(sy(y))}" y2="${n(sy(y))}"/>`)
  const xTicks = []
  for (let x = 0; x <= xMax; x += 15) xTicks.push(x)
  for (const x of xTicks)
    out.push(`<line x1="${n(sx(x))}" x2="${n(sx(x))}" y1="${M.top}" y2="${M.top + ph}"/>`)
  out.push('</g>')
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333333"/>`
  )
  out.push('<g fill="#333333">')
  for (const y of yTicks) {
    out.push(`<text x="${M.left - 8}" y="${n(sy(y) + 4)}" text-anchor="end">${y}</text>`)
  }
  for (const x of xTicks) {
    out.push(`<text x="${n(sx(x))}" y="${M.top + ph + 18}" text-anchor="middle">${x}</text>`)
  }
  out.push('</g>')
  out.push(
    `<text x="${n(M.left + pw / 2)}" y="${H - 18}" text-anchor="middle" font-size="13">${esc(o.xLabel)}</text>`
  )
  out.push(
    `<text transform="translate(22 ${n(M.top + ph / 2)}) rotate(-90)" text-anchor="middle" font-size="13">${esc(o.yLabel)}</text>`
  )

  if (o.xLine) {
    const x = n(sx(o.xLine.x))
    out.push(
      `<line x1="${x}" x2="${x}" y1="${M.top}" y2="${M.top + ph}" stroke="#999999" stroke-dasharray="5 4"/>`
    )
    out.push(
      `<text x="${x + 4}" y="${M.top + 14}" fill="#777777" font-size="11">${esc(o.xLine.label)}</text>`
    )
  }

  // Series: a line through the durations in order, a marker and a label per point.
  o.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]
    const shape = SHAPES[i % SHAPES.length]
    out.push(`<g>`)
    out.push(`<title>${esc(s.name)}</title>`)
    const pts = s.points.map((p) => `${n(sx(p.x))},${n(sy(p.y))}`).join(' ')
    out.push(
      `<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.6"/>`
    )
    for (const p of s.points) {
      out.push(marker(shape, sx(p.x), sy(p.y), color))
      const left = s.labelSide === 'left'
      out.push(
        `<text x="${n(sx(p.x) + (left ? -9 : 9))}" y="${n(sy(p.y) + 4)}" text-anchor="${left ? 'end' : 'start'}" font-size="11" fill="${color}">${esc(p.label)}</text>`
      )
    }
    out.push(`</g>`)
  })

  // Legend.
  const lx = M.left + pw + 20
  out.push(`<g>`)
  out.push(`<text x="${lx}" y="${M.top + 4}" font-weight="bold">Policy</text>`)
  o.series.forEach((s, i) => {
    const y = M.top + 26 + i * 24
    out.push(marker(SHAPES[i % SHAPES.length], lx + 6, y - 4, COLORS[i % COLORS.length]))
    out.push(`<text x="${lx + 18}" y="${y}">${esc(s.name)}</text>`)
  })
  out.push(`</g>`)
  out.push('</svg>')
  return out.join('\n') + '\n'
}
