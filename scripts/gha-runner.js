// Runs a JavaScript action the way the GitHub runner does: a child process with INPUT_<NAME>
// variables (with the defaults action.yml declares), GITHUB_* variables and files. Reads back the
// outputs, the job summary and the annotations. Plain Node, no dependencies: the demo uses it
// before `npm install`, the end-to-end tests use it too.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The `default:` of each input in an action.yml. A small reader for the block form action.yml
 * files use (two-space input names, four-space keys), so it needs no YAML library.
 * @param {string} actionYml path
 * @returns {Record<string, string>}
 */
export function actionDefaults(actionYml) {
  const defaults = {}
  let inInputs = false
  let current
  for (const line of readFileSync(actionYml, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inInputs = line.startsWith('inputs:')
    if (!inInputs) continue
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)
    if (name) {
      current = name[1]
      defaults[current] = ''
      continue
    }
    const value = /^ {4}default:\s*(.*)$/.exec(line)
    if (value && current) defaults[current] = value[1].trim().replace(/^(['"])(.*)\1$/, '$2')
  }
  return defaults
}

/**
 * @param {import('./gha-runner.js').RunOptions} o
 * @returns {Promise<import('./gha-runner.js').ActionRun>}
 */
export async function runAction(o) {
  const dir = mkdtempSync(join(tmpdir(), 'gha-run-'))
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace)
  for (const [path, text] of Object.entries(o.files ?? {}))
    writeFileSync(join(workspace, path), text)
  const files = {}
  for (const name of [
    'GITHUB_OUTPUT',
    'GITHUB_STEP_SUMMARY',
    'GITHUB_STATE',
    'GITHUB_ENV',
    'GITHUB_PATH'
  ]) {
    files[name] = join(dir, name.toLowerCase())
    writeFileSync(files[name], '')
  }
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'our-org/shop.web',
    GITHUB_REPOSITORY_OWNER: 'our-org',
    GITHUB_RUN_ID: '7771234567',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_WORKFLOW: 'import',
    GITHUB_JOB: 'import',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    // No stray AWS configuration from the machine running this.
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...files
  }
  const inputs = { ...actionDefaults(o.actionYml), ...o.inputs }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  for (const [name, value] of Object.entries(o.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }

  const started = Date.now()
  const child = spawn(o.node ?? process.execPath, [o.entry], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
    o.onStdout?.(String(d))
  })
  child.stderr.on('data', (d) => (stderr += d))
  o.onStart?.(child, () => stdout)
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000)
  const [exitCode, signal] = await new Promise((done) =>
    child.on('close', (code, sig) => done([code, sig]))
  )
  clearTimeout(timer)
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: readOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: parseAnnotations(stdout),
    workspace,
    ms: Date.now() - started
  }
}

/**
 * name<<delimiter blocks; a later value for a name wins, as on the runner.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function readOutputs(text) {
  const outputs = {}
  for (const m of text.matchAll(/^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n?\2$/gm))
    outputs[m[1]] = m[3]
  return outputs
}

/** @param {string} s */
const unescape = (s) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')

/**
 * Workflow commands (::error title=...::message) with the toolkit's escaping undone.
 * @param {string} stdout
 * @returns {import('./gha-runner.js').Annotation[]}
 */
export function parseAnnotations(stdout) {
  return [...stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => {
    const props = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))])
    )
    return {
      level: /** @type {'error'|'warning'|'notice'} */ (m[1]),
      title: props.title,
      message: unescape(m[3])
    }
  })
}
