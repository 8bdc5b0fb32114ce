// Figures the end-to-end tests measure (counts, timings), kept for the closing note of a change
// but out of the test output, where a line such as "deadline overrun ... 5.04 s" reads like a
// failure. Appended to the file named by E2E_FIGURES, by default .e2e-tmp/figures.txt (ignored by
// git), one block per call headed by the test file's name.
import { appendFileSync, mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ROOT } from './runner.js'

const FILE = process.env.E2E_FIGURES || join(ROOT, '.e2e-tmp/figures.txt')

export function recordFigures(testFile: string, lines: string | string[]): void {
  const text = (Array.isArray(lines) ? lines : [lines]).join('\n').replace(/\n$/, '')
  if (!text) return
  mkdirSync(dirname(FILE), { recursive: true })
  appendFileSync(FILE, `# ${basename(testFile)} ${new Date().toISOString()}\n${text}\n`)
}
