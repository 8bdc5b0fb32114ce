// `npm run demo` on a fresh clone before `npm install`: the tracked files only, no node_modules.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { NODES, ROOT } from './runner.js'

let clone: string

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'fresh-clone-'))
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  for (const file of tracked.split('\n').filter(Boolean)) {
    mkdirSync(join(clone, dirname(file)), { recursive: true })
    cpSync(join(ROOT, file), join(clone, file))
  }
})
afterAll(() => rmSync(clone, { recursive: true, force: true }))

// The machine's Node, with no node_modules anywhere on the way.
function demo(...args: string[]): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now()
  const child = spawn(NODES[1][1], ['scripts/demo.mjs', ...args], {
    cwd: clone,
    env: { PATH: dirname(NODES[1][1]) }
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  return new Promise((done) =>
    child.on('close', (code) => done({ code, out, ms: Date.now() - started }))
  )
}

it('shows an import reaching ACTIVE, with outputs and summary, within 15 s', async () => {
  const { code, out, ms } = await demo()
  expect(code).toBe(0)
  expect(ms).toBeLessThan(15_000)
  expect(out).toMatch(/\n {2}status {18}ACTIVE\n/)
  expect(out).toContain('Status         ✅ ACTIVE')
  expect(out).toMatch(/The step succeeded \(exit code 0\)/)
})

it('shows a CREATE FAILED import with its reason with --fail', async () => {
  const { code, out } = await demo('--fail')
  expect(code).toBe(1)
  expect(out).toContain(
    'Error: Personalize import CREATE FAILED: Import job shop-web-7771234567-1-14d904 ended CREATE FAILED after 6s: Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [USER_ID, ITEM_ID].'
  )
  expect(out).toContain('The step failed (exit code 1)')
  // The summary's "What to do" cell, its HTML entities decoded.
  expect(out).toMatch(
    /\n {2}What to do {6}The CSV header must name the dataset schema's fields as the schema writes them\./
  )
  expect(out).not.toMatch(/&(#\d+|[a-z]+);/)
})

it('shows the pre-flight check refusing a CSV without TIMESTAMP with --bad-data, then the same data failing in Personalize', async () => {
  const { code, out } = await demo('--bad-data')
  expect(code).toBe(1)
  expect(out).toContain(
    `Error: Pre-flight check failed: s3://retail-data/no-timestamp/part-1.csv: Input CSV is missing the following columns: [TIMESTAMP]. The Interactions dataset's schema requires it (its type is not a union with "null"). Fix: add the column TIMESTAMP to the header, with a value on every row.`
  )
  expect(out).toMatch(/\n {2}preflight {2}failed\n/)
  expect(out).toContain('  CSV header      ❌ failed (1 error)')
  expect(out).toContain(
    `\n  s3://retail-data/no-timestamp/part-1.csv: Input CSV is missing the following columns: [TIMESTAMP]. The Interactions dataset's schema requires it`
  )
  expect(out).not.toMatch(/&(#\d+|[a-z]+);/)
  expect(out).toMatch(/ {2}preflight: auto {2}refused in \d+\.\d s, before any import job existed/)
  expect(out).toContain(
    '  preflight: off   job shop-web-7771234567-1-14d904 created, CREATE FAILED after 6 s: Failed to create a data import job for Interactions dataset. Input CSV is missing the following columns: [TIMESTAMP].'
  )
})

it('renders the summary as text: links as text and URL, no HTML', async () => {
  const { out } = await demo()
  expect(out).toContain('  Pre-flight data check: passed')
  expect(out).toContain(
    '  Open the dataset group in the AWS console (https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:123456789012:dataset-group$retail/setup)'
  )
  expect(out).not.toMatch(/<\/?(a|p|h\d|table|tr|td|ul|li)\b/)
})

it('prints its modes with --help, and refuses an unknown option with them, running nothing', async () => {
  const help = await demo('--help')
  expect(help.code).toBe(0)
  expect(help.out).toMatch(/^usage: npm run demo \[-- MODE\]\n/)
  for (const mode of ['(none)', '--fail', '--bad-data', '--help'])
    expect(help.out).toMatch(new RegExp(`\\n {2}${mode.replace(/[()]/g, '\\$&')} +\\S`))
  expect(help.out).not.toContain('The step')

  const typo = await demo('--bad-dta')
  expect(typo.code).toBe(2)
  expect(typo.out).toBe(`demo: unknown option --bad-dta\n\n${help.out}`)
})
