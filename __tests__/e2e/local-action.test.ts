// `npm run local-action` and `npm run local-action:wait`: both actions from src/ through GitHub's
// @github/local-action, with .env.example's inputs, against the emulator, until ACTIVE.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { ROOT } from './runner.js'

const EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8')
const ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/local-import-1'

/** The variables .env.example sets, as dotenv reads them. */
const settings = new Map(
  EXAMPLE.split('\n')
    .filter((line) => /^[A-Z]/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
)

let emu: Emulator
let dir: string
let envFile: string

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    region: 'us-east-1',
    accountId: '123456789012',
    credentials: {
      accessKeyId: settings.get('AWS_ACCESS_KEY_ID')!,
      secretAccessKey: settings.get('AWS_SECRET_ACCESS_KEY')!
    },
    datasets: [{ datasetArn: settings.get('INPUT_DATASET-ARN')! }],
    jobs: { pendingSeconds: 0.5, inProgressSeconds: 1 }
  })
  dir = mkdtempSync(join(tmpdir(), 'local-action-'))
  envFile = join(dir, '.env')
  // .env.example as it is, but for the emulator's port (0 here: any free one).
  writeFileSync(envFile, EXAMPLE.replace('http://127.0.0.1:4599', emu.url))
})

afterAll(async () => {
  await emu.close()
  rmSync(dir, { recursive: true, force: true })
})

function npmRun(
  script: string,
  file = envFile
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Without the runner's own variables: local-action must not see a GITHUB_OUTPUT of this test.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GITHUB_|RUNNER_|INPUT_|AWS_)/.test(name))
  )
  return new Promise((done) =>
    execFile(
      'npm',
      ['run', '--silent', script, '--', file],
      { cwd: ROOT, env, timeout: 90_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  )
}

describe('local-action', () => {
  it('.env.example gives every input of both actions', () => {
    for (const file of ['action.yml', 'wait/action.yml']) {
      const inputs = Object.keys(parseYaml(readFileSync(join(ROOT, file), 'utf8')).inputs)
      expect(inputs.filter((name) => !settings.has(`INPUT_${name.toUpperCase()}`))).toEqual([])
    }
  })

  // Two runs of local-action, each compiling src/ with tsx: 16 s each measured on a busy machine.
  it('runs the import action from src/ until ACTIVE, then the wait action on its job', async () => {
    const imported = await npmRun('local-action')
    expect(imported.stdout).toContain(`::set-output name=dataset-import-job-arn::${ARN}\n`)
    expect(imported.stdout).toContain('::set-output name=status::ACTIVE\n')
    expect(imported.stdout).toContain('::info::Import job local-import-1 is ACTIVE;')
    expect(imported.code).toBe(0)
    expect(emu.requests.map((r) => r.operation).slice(0, 2)).toEqual([
      'ListDatasetImportJobs',
      'CreateDatasetImportJob'
    ])

    const waited = await npmRun('local-action:wait')
    expect(waited.stdout).toContain(
      `::set-output name=statuses::${JSON.stringify({ [ARN]: 'ACTIVE' })}\n`
    )
    expect(waited.stdout).toContain('::set-output name=status::ACTIVE\n')
    expect(waited.code).toBe(0)
  }, 150_000)

  it('says how to start the emulator when nothing answers at the endpoint, before running anything', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    const closed = join(dir, 'closed.env')
    writeFileSync(closed, EXAMPLE.replace('http://127.0.0.1:4599', `http://127.0.0.1:${port}`))
    for (const script of ['local-action', 'local-action:wait']) {
      const run = await npmRun(script, closed)
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: [
          `local-action: nothing answers at http://127.0.0.1:${port} (INPUT_ENDPOINT-URL in ${closed}).`,
          'Start the Personalize emulator first, in another terminal or in the background:',
          '',
          `  node emulator/cli.js --port ${port} --scenario .github/emulator-scenario.json &`,
          '',
          'then run this again (stop the emulator with: kill %1).',
          ''
        ].join('\n')
      })
    }
  })
})
