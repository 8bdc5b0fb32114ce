// The bundle's start: undici (imported by @actions/core's OIDC client and by @actions/github's
// proxy support) is out of dist/lib/index.js, a run never reads it, and what uses it still works
// once it is read (scripts/bundle/lazy.mjs).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Emulator } from '../../emulator/index.js'
import { DATASET, ROLE, startWorld } from './fixture.js'
import { NODES, ROOT, runAction } from './runner.js'

const lib = join(ROOT, 'dist/lib')
/** A process's exit code and output; async, so that this process's own server can answer it. */
function exec(command: string, args: string[], env?: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'bundle-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('dist/lib/index.js', () => {
  it('holds none of the modules of undici.cjs, and requires that file only through their getters', () => {
    const main = readFileSync(join(lib, 'index.js'), 'utf8')
    const moved = [
      ...readFileSync(join(lib, 'undici.cjs'), 'utf8').matchAll(/^\/\*\*\*\/ (\d+):$/gm)
    ]
    expect(moved.length).toBeGreaterThan(50)
    for (const [, id] of moved) expect(main).not.toContain(`\n/***/ ${id}:\n`)
    expect(main.match(/undici\.cjs/g)).toHaveLength(2)
    expect(main).toContain(
      `for (const id of [${moved.map((m) => m[1]).join(',')}]) Object.defineProperty(__webpack_modules__, id,`
    )
  })
})

describe('a run', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startWorld({
      datasets: [{ datasetArn: DATASET }]
    })
  })
  afterAll(() => emu.close())

  it('with the default job name and wait: false never reads undici.cjs: it succeeds without the file', async () => {
    const dist = join(tmp, 'dist')
    cpSync(join(ROOT, 'dist'), dist, { recursive: true })
    rmSync(join(dist, 'lib/undici.cjs'))
    const run = await runAction({
      entry: join(dist, 'index.js'),
      inputs: {
        'dataset-arn': DATASET,
        'data-source': 's3://retail-data/interactions/',
        'role-arn': ROLE,
        'import-mode': 'FULL',
        'endpoint-url': emu.url,
        region: 'us-east-1',
        wait: 'false'
      },
      env: { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1', GITHUB_REPOSITORY: 'acme/data' }
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['dataset-import-job-arn']).toMatch(/:dataset-import-job\/.+4242/)
    expect(emu.requests.map((r) => r.operation)).toContain('CreateDatasetImportJob')
  })
})

describe('a bundle built as dist/ is', () => {
  let server: Server
  let url = ''
  beforeAll(async () => {
    // The runner's OIDC token endpoint: answers {"value": ...} to a bearer-authenticated GET.
    server = createServer((req, res) => {
      const ok =
        req.headers.authorization === 'Bearer request-token' &&
        req.url?.includes('audience=sts.amazonaws.com')
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      res.end(JSON.stringify(ok ? { value: 'the-id-token' } : { message: 'bad request' }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('still able to get an OIDC token (core.getIDToken) and to build undici proxy agent, from undici.cjs', async () => {
    const out = join(tmp, 'oidc')
    const build = await exec(process.execPath, [
      'scripts/bundle/ncc.mjs',
      '__tests__/fixtures/lazy-undici-entry.mjs',
      out
    ])
    expect(build.stderr).toBe('')
    expect(build.status).toBe(0)
    expect(existsSync(join(out, 'undici.cjs'))).toBe(true)
    writeFileSync(join(out, 'package.json'), '{"type":"module"}\n')
    const run = await exec(NODES[0][1], [join(out, 'index.js')], {
      PATH: process.env.PATH,
      ACTIONS_ID_TOKEN_REQUEST_URL: url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      https_proxy: 'http://127.0.0.1:9',
      no_proxy: '127.0.0.1'
    })
    expect(run.stderr).toBe('')
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      JSON.stringify({ token: 'the-id-token', dispatcher: 'ProxyAgent' })
    )
    expect(run.status).toBe(0)
  }, 240_000)
})
