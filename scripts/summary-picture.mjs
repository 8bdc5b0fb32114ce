// npm run summary-picture: renders the README's picture of a job summary from a real run.
//
// Runs the bundle (dist/) against the emulator and a local S3 (scripts/job-summary.js), writes
// the summary the action wrote to docs/job-summary.html, and screenshots it as GitHub shows a job
// summary (its fonts, table borders and colours) with headless Chromium (Debian: apt-get install
// chromium; CHROMIUM=path for another binary) into docs/job-summary.png.
// __tests__/e2e/summary-picture.test.ts fails when docs/job-summary.html is no longer what the
// action writes: then run this again and commit both files.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { jobSummaryRun } from './job-summary.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const chromium = process.env.CHROMIUM ?? 'chromium'

const run = await jobSummaryRun()
if (run.exitCode !== 0) {
  process.stderr.write(run.stdout)
  throw new Error(`summary-picture: the import run ended with exit code ${run.exitCode}`)
}
writeFileSync(join(root, 'docs/job-summary.html'), run.summary)

// GitHub's Markdown styles for a job summary, enough for headings, tables, paragraphs and links.
const page = `<!doctype html><meta charset="utf-8"><style>
body { margin: 0; background: #fff; }
main { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  color: #1f2328; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px; padding: 8px 24px 16px; }
.title { font-weight: 600; font-size: 14px; border-bottom: 1px solid #d1d9e0; margin: 0 -24px 16px; padding: 8px 24px 16px; }
h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
table { border-collapse: collapse; margin-bottom: 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; text-align: left; }
th { font-weight: 600; }
tr:nth-child(2n) { background: #f6f8fa; }
p { margin: 0 0 16px; }
a { color: #0969da; text-decoration: none; }
</style><main><div class="title">import summary</div>${run.summary}</main>`
const dir = mkdtempSync(join(tmpdir(), 'summary-picture-'))
try {
  writeFileSync(join(dir, 'page.html'), page)
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      '--window-size=1100,760',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--screenshot=${join(root, 'docs/job-summary.png')}`,
      `file://${join(dir, 'page.html')}`
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log('summary-picture: wrote docs/job-summary.html and docs/job-summary.png')
