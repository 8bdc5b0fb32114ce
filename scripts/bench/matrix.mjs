// A matrix of imports against the regional quota (issue 15): LEGS runs of the bundled action at
// once, each on its own dataset, against the emulator enforcing Personalize's 5 imports PENDING or
// IN_PROGRESS per region. Time is scaled down: one "minute" of the scenario is MINUTE_MS of real
// time, so the 60-minute imports take 6 s and the default wait-timeout (180 minutes) is 18 s.
// Counts every request the emulator received, by kind, the refused creates, and the legs that
// reached wait-timeout before their create was accepted.
//
//   node scripts/bench/matrix.mjs [DIST]   the matrix alone, on DIST (default dist/)
import os from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startEmulator } from '../../emulator/index.js'
import { runAction } from '../gha-runner.js'

export const LEGS = 20
export const MINUTE_MS = 100
export const IMPORT_MINUTES = 60
export const WAIT_TIMEOUT_MINUTES = 180
/** The smallest poll-interval the action takes (1 s, ten scaled minutes). */
export const POLL_INTERVAL_S = 1
const QUOTA = 5
const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}
const dataset = (leg) =>
  `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/matrix-${leg}/INTERACTIONS`

/**
 * @param {{ root: string, distDir: string, node: string, progress?: (line: string) => void }} o
 */
export async function runMatrixBench({ root, distDir, node, progress = () => {} }) {
  const legs = Array.from({ length: LEGS }, (_, i) => i + 1)
  const emu = await startEmulator({
    credentials: CREDENTIALS,
    maxRunningImports: QUOTA,
    datasets: legs.map((leg) => ({ datasetArn: dataset(leg) })),
    // 5 minutes pending, then in progress to the 60th minute.
    jobs: {
      pendingSeconds: (5 * MINUTE_MS) / 1000,
      inProgressSeconds: ((IMPORT_MINUTES - 5) * MINUTE_MS) / 1000
    }
  })
  const waitTimeoutS = (WAIT_TIMEOUT_MINUTES * MINUTE_MS) / 1000
  progress(
    `matrix: ${LEGS} legs at once, ${IMPORT_MINUTES}-minute imports as ${(IMPORT_MINUTES * MINUTE_MS) / 1000} s, wait-timeout ${waitTimeoutS}s`
  )
  const began = performance.now()
  /** @type {Map<number, number>} when each leg's process was spawned */
  const spawned = new Map()
  let runs
  try {
    runs = await Promise.all(
      legs.map((leg) =>
        runAction({
          entry: join(distDir, 'index.js'),
          actionYml: join(root, 'action.yml'),
          node,
          inputs: {
            'job-name': `matrix-leg-${leg}`,
            'dataset-arn': dataset(leg),
            'data-source': `dataLocation=s3://retail-data/leg-${leg}/`,
            'role-arn': `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`,
            'endpoint-url': emu.url,
            region: REGION,
            'wait-timeout': `${waitTimeoutS}s`,
            'poll-interval': String(POLL_INTERVAL_S),
            preflight: 'off'
          },
          env: {
            AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey
          },
          // Generous: on a busy machine 20 processes take many seconds just to start.
          timeoutMs: (waitTimeoutS + 60) * 1000,
          onStart: () => spawned.set(leg, Date.now())
        }).then((run) => ({ leg, run, spawnedMs: spawned.get(leg) ?? 0 }))
      )
    )
  } finally {
    await emu.close()
  }
  const wallS = (performance.now() - began) / 1000
  return summarize(emu.requests, runs, { wallS, waitTimeoutS })
}

/**
 * @param {import('../../emulator/index.js').RecordedRequest[]} requests
 * @param {{ leg: number, run: import('../gha-runner.js').ActionRun, spawnedMs: number }[]} runs
 * @param {{ wallS: number, waitTimeoutS: number }} t
 */
export function summarize(requests, runs, { wallS, waitTimeoutS }) {
  /** @type {Record<string, number>} */
  const byKind = {}
  for (const r of requests) {
    const kind =
      r.operation === 'CreateDatasetImportJob'
        ? r.errorType
          ? `CreateDatasetImportJob refused (${r.errorType})`
          : 'CreateDatasetImportJob accepted'
        : r.operation
    byKind[kind] = (byKind[kind] ?? 0) + 1
  }
  const refused = requests.filter(
    (r) => r.operation === 'CreateDatasetImportJob' && r.errorType === 'LimitExceededException'
  ).length
  // Each request names its leg: the create and the list its dataset, the describe its job.
  const legOf = (/** @type {{ body: unknown }} */ r) =>
    Number(/matrix-(?:leg-)?(\d+)\b/.exec(JSON.stringify(r.body))?.[1])
  const legs = runs.map(({ leg, run, spawnedMs }) => {
    const mine = requests.filter((r) => legOf(r) === leg)
    // Times count from the leg's first request, which the action sends right after it starts:
    // on a busy machine, 20 processes loading at once take seconds to get there.
    const first = mine[0]?.time ?? spawnedMs
    const accepted = mine.find((r) => r.operation === 'CreateDatasetImportJob' && r.status === 200)
    const createdAtS = accepted ? (accepted.time - first) / 1000 : null
    const endS = (spawnedMs + run.ms - first) / 1000
    return {
      leg,
      startupS: (first - spawnedMs) / 1000,
      exitCode: run.exitCode,
      status: run.outputs.status ?? '',
      requests: mine.length,
      createAttempts: mine.filter((r) => r.operation === 'CreateDatasetImportJob').length,
      createdAtS,
      endS,
      timedOut: run.annotations.some((a) => /wait-timeout/.test(a.title ?? '')),
      // Its wait-timeout went on the quota: no job, or one created with less than an import's
      // length left, then the wait-timeout error.
      starved:
        createdAtS === null ||
        (createdAtS > endS - (IMPORT_MINUTES * MINUTE_MS) / 1000 && run.exitCode !== 0),
      overrunS: Math.max(0, endS - waitTimeoutS)
    }
  })
  return {
    wallS,
    load: os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(', '),
    requests: requests.length,
    byKind,
    refusedCreates: refused,
    refusedShare: requests.length ? refused / requests.length : 0,
    legs,
    active: legs.filter((l) => l.status === 'ACTIVE').length,
    neverCreated: legs.filter((l) => l.createdAtS === null).length,
    timedOut: legs.filter((l) => l.timedOut).length,
    starved: legs.filter((l) => l.starved).length,
    worstOverrunS: Math.max(...legs.map((l) => l.overrunS))
  }
}

/**
 * The figures as markdown lines.
 * @param {Awaited<ReturnType<typeof runMatrixBench>>} m
 * @param {(head: string[], rows: string[][], align?: string[]) => string} table
 */
export function matrixReport(m, table) {
  const pct = (x) => `${(x * 100).toFixed(1)} %`
  return [
    table(
      ['Requests by kind', 'Count', 'Share'],
      [
        ...Object.entries(m.byKind)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => [k, String(n), pct(n / m.requests)]),
        ['**All**', `**${m.requests}**`, '100 %']
      ],
      ['l', 'r', 'r']
    ),
    '',
    `- **Refused creates** (LimitExceededException, the 5-import quota): ${m.refusedCreates} of ${m.requests} requests (${pct(m.refusedShare)}).`,
    `- **Legs**: ${m.active} of ${m.legs.length} ended ACTIVE; ${m.starved} spent their wait-timeout on the quota: ${m.neverCreated} never created a job (the action gave up on LimitExceededException) and ${m.starved - m.neverCreated} created theirs with less than the import's ${IMPORT_MINUTES} minutes left, then ended with the wait-timeout error (${m.timedOut} wait-timeout errors in all).`,
    `- **Past wait-timeout**: the longest leg ended ${m.worstOverrunS.toFixed(1)} s (${((m.worstOverrunS * 1000) / MINUTE_MS).toFixed(0)} scenario minutes) after its wait-timeout, counted from its first request.`,
    '',
    table(
      [
        'Leg',
        'Spawn to first request',
        'Requests',
        'Creates sent',
        'Create accepted at',
        'Ended at',
        'Status',
        'Exit'
      ],
      m.legs.map((l) => [
        String(l.leg),
        `${l.startupS.toFixed(1)} s`,
        String(l.requests),
        String(l.createAttempts),
        l.createdAtS === null ? 'never' : `${l.createdAtS.toFixed(1)} s`,
        `${l.endS.toFixed(1)} s`,
        l.status || '-',
        String(l.exitCode)
      ]),
      ['r', 'r', 'r', 'r', 'r', 'r', 'l', 'r']
    ),
    '',
    `- **Wall time** of the whole matrix: ${m.wallS.toFixed(1)} s; load average ${m.load} when it ended. Times in the table count from the leg's first request (its process had started by then; the second column is how long that took).`,
    `- **Scenario**: ${LEGS} legs started together, each on its own dataset (no on-busy wait), against the emulator with the quota of ${QUOTA} imports PENDING or IN_PROGRESS per region. One scenario minute is ${MINUTE_MS} ms: the imports take ${IMPORT_MINUTES} minutes (${(IMPORT_MINUTES * MINUTE_MS) / 1000} s), wait-timeout is the default ${WAIT_TIMEOUT_MINUTES} minutes (${(WAIT_TIMEOUT_MINUTES * MINUTE_MS) / 1000}s), poll-interval ${POLL_INTERVAL_S} s (its minimum; ten scenario minutes, so status checks are fewer than at the default 30 s). The action's own retry delays and the SDK's backoff run in real time, so they weigh more in scenario minutes than they would in a real hour.`
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(import.meta.dirname, '../..')
  const { existsSync } = await import('node:fs')
  const { table } = await import('./format.mjs')
  const node24 = join(root, 'node_modules/node24/bin/node')
  const m = await runMatrixBench({
    root,
    distDir: resolve(process.argv[2] ?? join(root, 'dist')),
    node: existsSync(node24) ? node24 : process.execPath,
    progress: (line) => process.stderr.write(`bench: ${line}\n`)
  })
  console.log(matrixReport(m, table).join('\n'))
}
