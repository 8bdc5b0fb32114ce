// The job summary the README shows: one import run of the bundle (dist/) against the emulator and
// a local S3, with the pre-flight check on, as a data team's first FULL import would go. Used by
// scripts/summary-picture.mjs (writes docs/job-summary.html and the picture) and by
// __tests__/e2e/summary-picture.test.ts (the committed summary is still what the action writes).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { credentials, dataset, role, startDemoWorld } from './demo-world.mjs'
import { runAction } from './gha-runner.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const rows = ['USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE']
for (let i = 0; i < 200; i++) rows.push(`u${i % 17},i${i % 29},${1_700_000_000 + 60 * i},click`)

/**
 * Runs the import and returns its job summary (HTML, as the action writes it), its exit code
 * and the Node binary it ran on. `node`: the binary (default: the lockfile's Node 24).
 */
export async function jobSummaryRun({ node = join(root, 'node_modules/node24/bin/node') } = {}) {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'summary-'))
  const world = await startDemoWorld(
    { 'retail-data/interactions/2026-12-04/part-1.csv': rows.join('\n') + '\n' },
    { pendingSeconds: 1, inProgressSeconds: 2 }
  )
  const { emulator, s3 } = world
  try {
    const run = await runAction({
      entry: join(root, 'dist/index.js'),
      actionYml: join(root, 'action.yml'),
      node,
      inputs: {
        'job-name': 'interactions-7771234567-1',
        'dataset-arn': dataset,
        'data-source': 's3://retail-data/interactions/2026-12-04/',
        'role-arn': role,
        'import-mode': 'FULL',
        'endpoint-url': emulator.url,
        's3-endpoint-url': s3.url,
        'poll-interval': '1'
      },
      env: {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        RUNNER_TEMP: runnerTemp
      }
    })
    return { summary: run.summary, exitCode: run.exitCode, stdout: run.stdout }
  } finally {
    await world.close()
    rmSync(runnerTemp, { recursive: true, force: true })
  }
}

/**
 * The summary with what changes from run to run made fixed: durations in seconds and the
 * milliseconds the checks took. Everything else (rows, wording, order) must match exactly.
 */
export function stableSummary(html) {
  return html.replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, 'N$2')
}
