// What every end-to-end test shares: the Node binaries, the credentials, and a run of dist/.
import { existsSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { runAction as run, type ActionRun, type RunOptions } from '../../scripts/gha-runner.js'

export type { ActionRun } from '../../scripts/gha-runner.js'

export const ROOT = resolve(import.meta.dirname, '../..')

export const CREDENTIALS = {
  accessKeyId: 'AKIAE2ETESTKEY000001',
  secretAccessKey: 'e2e/Secret+Access/Key/That/Must/Never/Leak00',
  sessionToken: 'e2e-session-token-that-must-never-leak'
}

/** The Node binaries the bundle must run on: Node 24 (runs.using: node24) and this machine's. */
export const NODES: [string, string][] = [
  ['node 24', join(ROOT, 'node_modules/node24/bin/node')],
  ['machine node', machineNode()]
]

function machineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node')
    if (!dir.includes('node_modules') && existsSync(candidate)) return candidate
  }
  throw new Error('No node on PATH outside node_modules')
}

/**
 * Runs the committed dist/index.js with credentials in the environment. preflight is off unless
 * given: the checks read S3, which only the pre-flight suite provides.
 */
export function runAction(
  o: Partial<RunOptions> & { inputs: Record<string, string> }
): Promise<ActionRun> {
  return run({
    entry: join(ROOT, 'dist/index.js'),
    actionYml: join(ROOT, 'action.yml'),
    node: NODES[0][1],
    ...o,
    inputs: { preflight: 'off', ...o.inputs },
    env: {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
      ...o.env
    }
  })
}

export type RunMore = Partial<RunOptions>

/**
 * Runs of dist/index.js with a test file's default inputs (a function: the emulator's URL is
 * known only once it has started), each kept in `runs` for the file's leak check.
 */
export function importRunner(defaults: () => Record<string, string>, runs: ActionRun[]) {
  return async (inputs: Record<string, string>, more: RunMore = {}): Promise<ActionRun> => {
    const run = await runAction({ inputs: { ...defaults(), ...inputs }, ...more })
    runs.push(run)
    return run
  }
}

/** Runs the committed dist/wait/index.js (the wait action) with credentials in the environment. */
export function runWaitAction(
  o: Partial<RunOptions> & { inputs: Record<string, string> }
): Promise<ActionRun> {
  return runAction({
    entry: join(ROOT, 'dist/wait/index.js'),
    actionYml: join(ROOT, 'wait/action.yml'),
    ...o
  })
}

/** Everything a user could see: log, annotations, summary, outputs. */
export function visible(run: ActionRun): string {
  return [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')
}

/**
 * stderr without the SDK's notice that it will need Node 22 from 2027, which it prints on the
 * machine's Node 20 (runners use Node 24).
 */
export function unexpectedStderr(run: ActionRun): string {
  return run.stderr.replace(
    /\(node:\d+\) Warning: NodeVersionSupportWarning:[\s\S]*?--trace-warnings \.\.\.` to show where the warning was created\)\n/,
    ''
  )
}
