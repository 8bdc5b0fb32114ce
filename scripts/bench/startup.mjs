// Start-up of real processes against the local Personalize emulator: the bundled action with
// `wait: false` (run as the GitHub runner runs it, through scripts/gha-runner.js), with the default
// job name and with one given, the floor (a bare bundle of the SDK, bench/floor.mjs) and the AWS
// CLI making the same CreateDatasetImportJob call, and a bare `node -e 0`.
//
// Each run measures: time from spawn to the CreateDatasetImportJob request reaching the emulator,
// wall time from spawn to exit, and peak memory (max RSS) from GNU time when it is installed.
import { spawn, spawnSync } from 'node:child_process'
import {
  accessSync,
  chmodSync,
  constants,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { startEmulator } from '../../emulator/index.js'
import { runAction } from '../gha-runner.js'

const ACCOUNT = '123456789012'
// A fresh dataset per run: the action first lists the dataset's import jobs and waits for a
// running one to end (on-busy: wait), so runs must not queue behind each other's jobs.
const dataset = (group) => `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/${group}/INTERACTIONS`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
const DATA = 'dataLocation=s3://retail-data/interactions/'
const TAGS = ['tagKey=team,tagValue=reco', 'tagKey=env,tagValue=demo']
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}

// Max RSS in KiB, user and system CPU seconds.
const FORMAT = '%M %U %S'

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** GNU time, if installed and able to write %M (max RSS in KiB) and %U %S (CPU s) to a file. */
export function findGnuTime(path = process.env.BENCH_TIME || '/usr/bin/time') {
  if (!isExecutable(path)) {
    return { path: null, note: `${path} is not installed (Debian package \`time\`)` }
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'))
  const out = join(dir, 'rss')
  const r = spawnSync(path, ['-f', FORMAT, '-o', out, 'true'])
  try {
    if (r.status === 0 && readTime(out).rssKiB) return { path, note: '' }
  } catch {
    // falls through
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { path: null, note: `${path} is not GNU time (no -f '${FORMAT}' -o FILE)` }
}

/**
 * The AWS CLI on PATH (outside node_modules). A pyenv shim is resolved to the real script, so
 * pyenv's own start-up (a bash script and a `pyenv exec`) is not counted against the CLI.
 */
export function findAwsCli() {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !/node_modules/.test(d))
  const onPath = dirs.map((d) => join(d, 'aws')).find(isExecutable)
  if (!onPath) return null
  let path = onPath
  let note = ''
  if (onPath.includes('/.pyenv/shims/')) {
    const r = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' })
    const real = r.status === 0 ? r.stdout.trim() : ''
    if (real && isExecutable(real)) {
      path = real
      note = `${onPath} is a pyenv shim; the bench runs ${real} directly`
    }
  }
  const v = spawnSync(path, ['--version'], { encoding: 'utf8', env: cliEnv(tmpdir()) })
  const version = `${v.stdout ?? ''}${v.stderr ?? ''}`.trim().split('\n')[0]
  return { path, onPath, version, note }
}

function cliEnv(home) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: ''
  }
}

/**
 * A bash script that runs its arguments (after `prefix`) under GNU time, which writes the max RSS
 * and the CPU time to $BENCH_RSS_FILE. Every row goes through the same wrapper, so each pays the same small cost
 * (a bash exec and a fork by time). Bash, not /bin/sh: dash drops environment variables whose
 * names are not shell identifiers, such as the runner's INPUT_DATASET-ARN.
 */
function wrapper(dir, name, timePath, prefix = []) {
  const path = join(dir, name)
  const quoted = [...prefix].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  writeFileSync(
    path,
    `#!/bin/bash\nexec ${timePath} -f '${FORMAT}' -o "$BENCH_RSS_FILE" ${quoted} "$@"\n`
  )
  chmodSync(path, 0o755)
  return path
}

/** Max RSS (KiB) and CPU time (user + system, ms) from GNU time's last line, or nulls. */
function readTime(file) {
  try {
    const [kib, user, system] = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ')
    const cpuMs = (Number(user) + Number(system)) * 1000
    return {
      rssKiB: Number(kib) > 0 ? Number(kib) : null,
      cpuMs: Number.isFinite(cpuMs) ? cpuMs : null
    }
  } catch {
    return { rssKiB: null, cpuMs: null }
  }
}

function runProcess(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ exitCode: code, output })
    })
  })
}

/**
 * @param {{ root: string, entry: string, floor: string, node: string, runs: number, progress: (s: string) => void }} o
 *   entry: the bundled action's index.js; floor: the bundled bench/floor.mjs
 */
export async function runStartup({ root, entry, floor, node, runs, progress }) {
  const gnuTime = findGnuTime()
  const aws = findAwsCli()
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'))
  const rssFile = join(dir, 'rss')
  const nodeCmd = gnuTime.path ? wrapper(dir, 'node-timed', gnuTime.path, [node]) : node
  const timed = (cmd, args) =>
    gnuTime.path ? [wrapper(dir, 'timed', gnuTime.path), [cmd, ...args]] : [cmd, args]

  const emulator = await startEmulator({
    region: 'us-east-1',
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    maxRunningImports: 10_000
  })

  const samples = { action: [], named: [], floor: [], load: [], cli: [], node: [] }
  const failures = { action: [], named: [], floor: [], load: [], cli: [], node: [] }
  const wrapperCost = { direct: [], wrapped: [] }
  const firstCreate = (datasetArn) =>
    emulator.requests.find(
      (r) => r.operation === 'CreateDatasetImportJob' && r.body?.datasetArn === datasetArn
    )

  // datasetArn: the run's own dataset, whose CreateDatasetImportJob request is timed (none for
  // runs that make no request).
  const measure = async (kind, i, datasetArn, start, expectedExit = 0) => {
    writeFileSync(rssFile, '')
    const t0 = Date.now()
    const p0 = performance.now()
    const r = await start()
    const wallMs = performance.now() - p0
    const request = datasetArn ? firstCreate(datasetArn) : undefined
    const anyFirst = emulator.requests.find((q) => q.time >= t0)
    const sample = {
      round: i,
      wallMs,
      firstRequestMs: request ? request.time - t0 : null,
      anyRequestMs: request && anyFirst ? anyFirst.time - t0 : null,
      operations: emulator.requests.filter((q) => q.time >= t0).map((q) => q.operation),
      ...(gnuTime.path ? readTime(rssFile) : { rssKiB: null, cpuMs: null })
    }
    const ok = r.exitCode === expectedExit && (!datasetArn || (request && request.status === 200))
    if (!ok) {
      failures[kind].push(`run ${i}: exit ${r.exitCode}; ${r.output.trim().split('\n').at(-1)}`)
    } else if (i > 0) samples[kind].push(sample)
  }

  try {
    for (let i = 0; i <= runs; i++) {
      progress(`start-up: round ${i}/${runs}${i === 0 ? ' (warm-up, not counted)' : ''}`)
      // The action as most workflows use it: job-name left empty, so it derives the default
      // name from the run (a new GITHUB_RUN_ID per run keeps the names apart); and with a
      // job-name given, which skips reading the run's identity.
      for (const [kind, jobName] of [
        ['action', ''],
        ['named', `bench-${i}`]
      ]) {
        const datasetArn = dataset(`bench-${kind}-${i}`)
        emulator.addDataset({ datasetArn })
        await measure(kind, i, datasetArn, async () => {
          const run = await runAction({
            entry,
            actionYml: join(root, 'action.yml'),
            node: nodeCmd,
            inputs: {
              ...(jobName ? { 'job-name': jobName } : {}),
              'dataset-arn': datasetArn,
              'data-source': DATA,
              'role-arn': ROLE,
              'import-mode': 'FULL',
              tags: TAGS.join(' '),
              'endpoint-url': emulator.url,
              wait: 'false',
              // No S3 here: the pre-flight checks are measured on their own (bench/preflight.mjs).
              preflight: 'off'
            },
            env: {
              AWS_REGION: 'us-east-1',
              AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
              GITHUB_RUN_ID: String(8_000_000_000 + i),
              BENCH_RSS_FILE: rssFile
            },
            timeoutMs: 60_000
          })
          rmSync(dirname(run.workspace), { recursive: true, force: true })
          return { exitCode: run.exitCode, output: `${run.stdout}${run.stderr}` }
        })
      }

      const floorDataset = dataset(`bench-floor-${i}`)
      emulator.addDataset({ datasetArn: floorDataset })
      await measure('floor', i, floorDataset, () =>
        runProcess(nodeCmd, [floor], {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          FLOOR_ENDPOINT: emulator.url,
          FLOOR_REQUEST: JSON.stringify({
            jobName: `bench-floor-${i}`,
            datasetArn: floorDataset,
            dataSource: { dataLocation: DATA.replace(/^dataLocation=/, '') },
            roleArn: ROLE,
            importMode: 'FULL',
            tags: TAGS.map((tag) => {
              const [tagKey, tagValue] = tag.split(',').map((kv) => kv.split('=')[1])
              return { tagKey, tagValue }
            })
          }),
          BENCH_RSS_FILE: rssFile
        })
      )

      if (aws) {
        const cliJob = `bench-cli-${i}`
        const cliDataset = dataset(`bench-cli-${i}`)
        emulator.addDataset({ datasetArn: cliDataset })
        const [cmd, args] = timed(aws.path, [
          'personalize',
          'create-dataset-import-job',
          '--job-name',
          cliJob,
          '--dataset-arn',
          cliDataset,
          '--data-source',
          DATA,
          '--role-arn',
          ROLE,
          '--import-mode',
          'FULL',
          '--tags',
          ...TAGS,
          '--endpoint-url',
          emulator.url,
          '--region',
          'us-east-1'
        ])
        await measure('cli', i, cliDataset, () =>
          runProcess(cmd, args, { ...cliEnv(dir), BENCH_RSS_FILE: rssFile })
        )
      }

      // The bundle's load alone: no inputs, so it stops at input validation (exit 1), before any
      // request.
      await measure(
        'load',
        i,
        null,
        async () => {
          const run = await runAction({
            entry,
            actionYml: join(root, 'action.yml'),
            node: nodeCmd,
            inputs: {},
            env: { AWS_REGION: 'us-east-1', BENCH_RSS_FILE: rssFile },
            timeoutMs: 60_000
          })
          rmSync(dirname(run.workspace), { recursive: true, force: true })
          return { exitCode: run.exitCode, output: `${run.stdout}${run.stderr}` }
        },
        1
      )

      const [cmd, args] = timed(node, ['-e', '0'])
      await measure('node', i, null, () =>
        runProcess(cmd, args, { PATH: process.env.PATH ?? '', HOME: dir, BENCH_RSS_FILE: rssFile })
      )
    }
    // What the GNU time wrapper itself costs: /bin/true through it and without it.
    if (gnuTime.path) {
      progress('start-up: cost of the GNU time wrapper')
      const env = { PATH: process.env.PATH ?? '', HOME: dir, BENCH_RSS_FILE: rssFile }
      for (let i = 0; i <= 10; i++) {
        for (const [kind, cmd, args] of [
          ['direct', '/bin/true', []],
          ['wrapped', ...timed('/bin/true', [])]
        ]) {
          const p0 = performance.now()
          await runProcess(cmd, args, env)
          if (i > 0) wrapperCost[kind].push(performance.now() - p0)
        }
      }
    }
  } finally {
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { samples, failures, gnuTime, aws, runs, wrapperCost }
}
