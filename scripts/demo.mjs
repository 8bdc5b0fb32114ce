// npm run demo [-- --fail | --bad-data | --help]: the bundled action against a local Personalize
// emulator and a local S3 (a folder of CSV files), shown as a GitHub run would show it: the step
// log, the step outputs and the job summary. Plain Node and no dependencies, so it works on a
// fresh clone before `npm install`. The modes are in USAGE.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { credentials, dataset, role, startDemoWorld } from './demo-world.mjs'
import { runAction } from './gha-runner.js'

const USAGE = `usage: npm run demo [-- MODE]

The bundled action (dist/) against a local Personalize emulator and a local S3, shown as a GitHub
run would show it: the step log, the step outputs and the job summary. MODE is one of:

  (none)      good data: the pre-flight check passes and the import becomes ACTIVE
  --fail      data without USER_ID and ITEM_ID, preflight: off: Personalize fails the import
  --bad-data  a CSV without TIMESTAMP: the check refuses it before any job exists, then the same
              data with preflight: off, to show how long Personalize takes to say so
  --help      this text
`
const MODES = { '--fail': 'fail', '--bad-data': 'bad-data' }
const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const unknown = args.filter((arg) => !(arg in MODES))
if (unknown.length > 0 || args.length > 1) {
  process.stderr.write(
    `demo: ${unknown.length ? `unknown option ${unknown.join(' ')}` : 'give one mode'}\n\n${USAGE}`
  )
  process.exit(2)
}
const mode = MODES[args[0]] ?? 'good'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
const bold = (t) => paint(1, t)
const dim = (t) => paint(2, t)
const red = (t) => paint(31, t)
const yellow = (t) => paint(33, t)

// The data: each folder under the S3 root is a bucket.
const rows = (header, row) =>
  [header, ...Array.from({ length: 50 }, (_, i) => row(i))].join('\n') + '\n'
const data = {
  'retail-data/interactions/part-1.csv': rows(
    'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE',
    (i) => `u${i % 7},i${i % 11},${1_700_000_000 + 60 * i},click`
  ),
  'retail-data/broken/part-1.csv': rows(
    'TIMESTAMP,EVENT_TYPE',
    (i) => `${1_700_000_000 + i},click`
  ),
  'retail-data/no-timestamp/part-1.csv': rows(
    'USER_ID,ITEM_ID,EVENT_TYPE',
    (i) => `u${i % 7},i${i % 11},click`
  )
}
// The emulator's import jobs read the same S3, as Personalize would.
const world = await startDemoWorld(data, { pendingSeconds: 2, inProgressSeconds: 4 })
const { emulator, s3 } = world

const inputs = (location, preflight) => ({
  'dataset-arn': dataset,
  'data-source': `dataLocation=s3://retail-data/${location}/`,
  'role-arn': role,
  'import-mode': 'FULL',
  tags: 'tagKey=team,tagValue=reco tagKey=env,tagValue=demo',
  'endpoint-url': emulator.url,
  's3-endpoint-url': s3.url,
  'poll-interval': '1',
  preflight
})

console.log(bold(`Personalize emulator listening on ${emulator.url} (us-east-1)`))
console.log(bold(`S3 over a local folder listening on ${s3.url}`))
let run
if (mode === 'bad-data') {
  console.log(dim('\nData: s3://retail-data/no-timestamp/part-1.csv, a CSV without TIMESTAMP.'))
  const checked = await step(inputs('no-timestamp', 'auto'), 'With the pre-flight check (auto)')
  const unchecked = await step(
    inputs('no-timestamp', 'off'),
    'The same data without it (preflight: off)',
    { brief: true }
  )
  console.log(bold('\n── What the check saved ──'))
  console.log(
    `  preflight: auto  refused in ${seconds(checked.ms)}, before any import job existed (no job name used).`
  )
  console.log(
    `  preflight: off   job ${unchecked.outputs['job-name']} created, ${unchecked.outputs.status} after ${unchecked.outputs['duration-seconds']} s: ${unchecked.outputs['failure-reason']}`
  )
  console.log(
    dim(
      '  The emulator fails a job within seconds; Personalize says so only after it has copied and processed\n  the data, minutes to hours later, and the job name is then taken forever.'
    )
  )
  run = checked
} else {
  run = await step(
    inputs(mode === 'fail' ? 'broken' : 'interactions', mode === 'fail' ? 'off' : 'auto'),
    'Step'
  )
}
await world.close()
if (mode === 'good')
  console.log(
    dim(
      'Try `npm run demo -- --fail` to see a CREATE FAILED import, `npm run demo -- --bad-data` to see the pre-flight check refuse bad data.'
    )
  )
process.exitCode = run.exitCode ?? 1

/** One run of the action: its inputs, log, outputs and job summary (brief: the log alone). */
async function step(stepInputs, title, { brief = false } = {}) {
  console.log(bold(`\n${title}: uses: our-org/personalize-dataset-import@v1`))
  for (const [name, value] of Object.entries(stepInputs)) console.log(dim(`  ${name}: ${value}`))
  console.log(bold('\n── Step log ──'))
  let pending = ''
  const result = await runAction({
    entry: join(root, 'dist/index.js'),
    actionYml: join(root, 'action.yml'),
    inputs: stepInputs,
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
  if (!brief) {
    console.log(bold('\n── Step outputs (steps.import.outputs) ──'))
    const width = Math.max(...Object.keys(result.outputs).map((k) => k.length))
    for (const [name, value] of Object.entries(result.outputs))
      console.log(`  ${name.padEnd(width)}  ${value}`)
    console.log(bold('\n── Job summary ──'))
    console.log(renderSummary(result.summary))
  }
  const verdict = result.exitCode === 0 ? paint(32, 'succeeded') : red('failed')
  console.log(`\nThe step ${verdict} (exit code ${result.exitCode}) in ${seconds(result.ms)}.`)
  return result
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`
}

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

// The entities of escapeSummary (src/report/escape.ts), numeric ones included; &amp; last.
function decode(text) {
  return text
    .replace(/<br>/g, ' ')
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
