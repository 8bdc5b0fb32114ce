// npm run demo [-- --fail]: the bundled action against a local Personalize emulator, shown as a
// GitHub run would show it: the step log, the step outputs and the job summary. Plain Node and no
// dependencies, so it works on a fresh clone before `npm install`.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator/index.js'
import { runAction } from '../tools/gha-runner.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const failing = process.argv.includes('--fail')
const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
const bold = (t) => paint(1, t)
const dim = (t) => paint(2, t)
const red = (t) => paint(31, t)
const yellow = (t) => paint(33, t)

const account = '123456789012'
const dataset = `arn:aws:personalize:us-east-1:${account}:dataset/retail/INTERACTIONS`
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}

const emulator = await startEmulator({
  port: 0,
  region: 'us-east-1',
  accountId: account,
  credentials,
  datasets: [{ datasetArn: dataset }],
  jobs: { pendingSeconds: 2, inProgressSeconds: 4 },
  outcomes: [
    { match: { dataLocationPrefix: 's3://retail-data/broken/' }, failure: 'missing-columns' }
  ]
})

const inputs = {
  'dataset-arn': dataset,
  'data-source': `dataLocation=s3://retail-data/${failing ? 'broken' : 'interactions'}/`,
  'role-arn': `arn:aws:iam::${account}:role/PersonalizeS3Read`,
  'import-mode': 'FULL',
  tags: 'tagKey=team,tagValue=reco tagKey=env,tagValue=demo',
  'endpoint-url': emulator.url,
  'poll-interval': '1'
}

console.log(bold(`Personalize emulator listening on ${emulator.url} (us-east-1)`))
console.log(dim('Step: uses: our-org/personalize-dataset-import@v1'))
for (const [name, value] of Object.entries(inputs)) console.log(dim(`  ${name}: ${value}`))
console.log(bold('\n── Step log ──'))

let pending = ''
const run = await runAction({
  entry: join(root, 'dist/index.js'),
  actionYml: join(root, 'action.yml'),
  inputs,
  env: {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'demo-'))
  },
  onStdout: (chunk) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop()
    for (const line of lines) showLogLine(line)
  }
})
await emulator.close()

console.log(bold('\n── Step outputs (steps.import.outputs) ──'))
const width = Math.max(...Object.keys(run.outputs).map((k) => k.length))
for (const [name, value] of Object.entries(run.outputs))
  console.log(`  ${name.padEnd(width)}  ${value}`)

console.log(bold('\n── Job summary ──'))
console.log(renderSummary(run.summary))

const verdict = run.exitCode === 0 ? paint(32, 'succeeded') : red('failed')
console.log(`\nThe step ${verdict} (exit code ${run.exitCode}) in ${(run.ms / 1000).toFixed(1)} s.`)
if (!failing) console.log(dim('Try `npm run demo -- --fail` to see a CREATE FAILED import.'))
process.exitCode = run.exitCode ?? 1

// The runner turns ::error/::warning commands into annotations and hides ::debug.
function showLogLine(line) {
  const command = /^::(error|warning|notice|debug)(?: ([^:]*))?::(.*)$/.exec(line)
  if (!command) return console.log(`  ${line}`)
  const [, level, props = '', message] = command
  if (level === 'debug') return
  const title = /title=([^,]*)/.exec(props)?.[1]
  const text = message.replace(/%0A/g, '\n').replace(/%25/g, '%')
  const paintLevel = level === 'error' ? red : yellow
  console.log(
    paintLevel(
      `  ${level === 'error' ? 'Error' : 'Warning'}: ${title ? `${title}: ` : ''}${text.split('\n').join('\n    ')}`
    )
  )
}

// The summary is HTML: show each section's heading, table, list and paragraphs as text, links as
// "text (url)".
function renderSummary(html) {
  const out = []
  const blocks = /<h\d>(.*?)<\/h\d>|<table>(.*?)<\/table>|<ul>(.*?)<\/ul>|<p>(.*?)<\/p>/gs
  for (const [, heading, tableHtml, list, paragraph] of html.matchAll(blocks)) {
    if (heading !== undefined) out.push(bold(`${out.length ? '\n' : ''}  ${inline(heading)}`))
    if (tableHtml !== undefined) {
      const rows = [...tableHtml.matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) =>
        [...r[1].matchAll(/<t[hd]>(.*?)<\/t[hd]>/gs)].map((c) => inline(c[1]))
      )
      const first = Math.max(...rows.map((r) => r[0].length))
      rows.forEach(([k, v], i) => out.push((i === 0 ? dim : String)(`  ${k.padEnd(first)}  ${v}`)))
    }
    if (list !== undefined)
      for (const item of list.matchAll(/<li>(.*?)<\/li>/gs)) out.push(`  - ${inline(item[1])}`)
    if (paragraph !== undefined) out.push(`  ${inline(paragraph)}`)
  }
  return out.join('\n')
}

// Links become "text (url)"; any other tag is dropped.
function inline(html) {
  return decode(
    html
      .replace(/<a href="([^"]*)">(.*?)<\/a>/g, (_, url, text) => `${text} (${url})`)
      .replace(/<[^>]+>/g, '')
  )
}

function decode(text) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
