// Polling policies on a simulated clock: how many DescribeDatasetImportJob calls each makes until
// it sees a job end, and how late it notices. No real waiting: every sleep moves a fake clock.
//
// The action's own policy is the real waitForImport from src/, compiled by tsc into a temp dir
// (see compileSources). The other policies are small loops written here.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Job durations simulated, in minutes. */
export const DURATIONS_MIN = [1, 5, 20, 60, 180]
/** End times sampled after each duration: [D, D + WINDOW_S). */
export const WINDOW_S = 30
/** Seeds for the policies with jitter. */
export const SEEDS = 100
const DAY_S = 24 * 3600
const EPSILON_MS = 1

/** mulberry32: a small seeded PRNG with values in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Compiles src/ with the project's tsconfig into a temp dir and returns the URL of the module
 * that exports waitForImport (job/poll.js; poll.js or wait.js in older trees).
 * @param {string} root repository root
 */
export function compileSources(root) {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-src-'))
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}\n')
  const tsc = join(root, 'node_modules/typescript/bin/tsc')
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', outDir], {
    cwd: root,
    encoding: 'utf8'
  })
  // tsc still emits when src/ has type errors (someone may be editing it); only a missing
  // module is fatal.
  const candidates = ['job/poll.js', 'poll.js', 'wait.js'].map((f) => join(outDir, f))
  const found = candidates.find(
    (f) => existsSync(f) && readFileSync(f, 'utf8').includes('waitForImport')
  )
  if (!found) {
    throw new Error(`tsc did not emit waitForImport (exit ${r.status}):\n${r.stdout}${r.stderr}`)
  }
  return {
    outDir,
    url: pathToFileURL(found).href,
    file: found.slice(outDir.length + 1).replace(/\.js$/, '.ts'),
    tscWarnings: r.status === 0 ? '' : `${r.stdout}${r.stderr}`.trim()
  }
}

/**
 * The policies compared. run() polls until describe() returns ACTIVE or CREATE FAILED.
 * @param {(o: object) => Promise<unknown>} waitForImport the action's waiting loop
 */
export function policies(waitForImport) {
  const fixed =
    (seconds) =>
    async ({ clock, describe }) => {
      for (;;) {
        const job = await describe()
        if (job.status === 'ACTIVE' || job.status === 'CREATE FAILED') return
        await clock.sleep(seconds * 1000)
      }
    }
  return [
    {
      key: 'action',
      name: 'Action default (poll-interval 30)',
      short: 'action',
      legend: 'Action (poll-interval 30)',
      jitter: false,
      run: ({ clock, describe }) =>
        waitForImport({
          describe,
          classify: (error) => ({ kind: 'fatal', code: String(error) }),
          clock,
          timeoutSeconds: DAY_S,
          pollIntervalSeconds: 30,
          log: () => {}
        })
    },
    {
      key: 'loop30',
      name: 'Shell loop, sleep 30',
      short: 'loop 30 s',
      legend: 'Shell loop, sleep 30 s',
      jitter: false,
      run: fixed(30)
    },
    {
      key: 'fixed60',
      name: 'AWS samples, fixed 60 s',
      short: 'fixed 60 s',
      legend: 'AWS samples, every 60 s',
      jitter: false,
      run: fixed(60)
    },
    {
      key: 'waiter',
      name: 'SDK waiter (2 s to 120 s)',
      short: 'SDK waiter',
      legend: 'SDK waiter, 2 s to 120 s',
      jitter: true,
      run: sdkWaiter({ minDelay: 2, maxDelay: 120, maxWaitTime: DAY_S })
    }
  ]
}

/**
 * runPolling from @smithy/core (dist-es/submodules/client/util-waiter/poller.js) on a fake
 * clock: a check at once, then exponentialBackoffWithJitter(minDelay, maxDelay, attempt).
 */
function sdkWaiter({ minDelay, maxDelay, maxWaitTime }) {
  return async ({ clock, describe, random }) => {
    const [minDelayMs, maxDelayMs] = [minDelay * 1000, maxDelay * 1000]
    const waitUntil = clock.now() + maxWaitTime * 1000
    const randomInRange = (min, max) => min + random() * (max - min)
    const backoff = (attempt) => {
      const attemptCountCeiling = Math.log(maxDelayMs / minDelayMs) / Math.log(2) + 1
      if (attempt > attemptCountCeiling) return maxDelayMs
      const capped = Math.min(minDelayMs * 2 ** (attempt - 1), maxDelayMs)
      const waitFor = randomInRange(minDelayMs, capped)
      if (clock.now() + waitFor > waitUntil) return Math.max(0, waitUntil - clock.now() - 500)
      return waitFor
    }
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        const delayMs = backoff(attempt)
        if (clock.now() + delayMs > waitUntil) return
        await clock.sleep(delayMs)
      }
      const job = await describe()
      if (job.status === 'ACTIVE' || job.status === 'CREATE FAILED') return
    }
  }
}

/**
 * One simulated job: created at t = 0 (when the policy starts), IN_PROGRESS until endMs, then
 * `finalStatus`. Returns every check time and when the end was seen.
 */
export async function simulate(policy, seed, endMs, finalStatus = 'ACTIVE') {
  let t = 0
  const checks = []
  const clock = {
    now: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms)
    }
  }
  const describe = async () => {
    checks.push(t)
    return { status: t >= endMs ? finalStatus : 'CREATE IN_PROGRESS' }
  }
  await policy.run({ clock, describe, random: seededRandom(seed) })
  const seenAt = checks.at(-1)
  if (seenAt === undefined || seenAt < endMs) {
    throw new Error(`${policy.key} stopped before the job ended (seed ${seed}, end ${endMs} ms)`)
  }
  return { calls: checks.length, seenAt, delayS: (seenAt - endMs) / 1000, checks }
}

/**
 * End times to try in [fromMs, toMs): every whole second, plus 1 ms after each check this seed
 * makes in the range (where the delay is largest: almost a whole gap).
 */
async function endTimes(policy, seed, fromMs, toMs) {
  const times = new Set()
  for (let ms = fromMs; ms < toMs; ms += 1000) times.add(ms)
  // The schedule does not depend on the status seen, so one run that never sees the end gives
  // every check time up to toMs.
  const trace = await simulate(policy, seed, toMs + 200_000)
  for (const c of trace.checks) {
    if (c + EPSILON_MS >= fromMs && c + EPSILON_MS < toMs) times.add(c + EPSILON_MS)
  }
  return [...times].sort((a, b) => a - b)
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length

/** Calls and detection delays of every policy for every duration, and first-minute failures. */
export async function runPolling(waitForImport) {
  const list = policies(waitForImport)
  const rows = []
  for (const minutes of DURATIONS_MIN) {
    const D = minutes * 60_000
    const row = { minutes, byPolicy: {} }
    for (const p of list) {
      const seeds = p.jitter ? SEEDS : 1
      const atD = []
      const windowCalls = new Map()
      let worstDelayS = 0
      let worstAt = D
      let samples = 0
      for (let seed = 1; seed <= seeds; seed++) {
        atD.push((await simulate(p, seed, D)).calls)
        for (const e of await endTimes(p, seed, D, D + WINDOW_S * 1000)) {
          const r = await simulate(p, seed, e)
          samples++
          if (r.delayS > worstDelayS) {
            worstDelayS = r.delayS
            worstAt = e
          }
          // The largest number of calls at each whole second of the window (for comparisons).
          const key = Math.floor((e - D) / 1000)
          windowCalls.set(key, Math.max(windowCalls.get(key) ?? 0, r.calls))
        }
      }
      row.byPolicy[p.key] = {
        meanCalls: mean(atD),
        maxCalls: Math.max(...atD),
        minCalls: Math.min(...atD),
        worstDelayS,
        worstAtS: worstAt / 1000,
        samples,
        windowCalls
      }
    }
    rows.push(row)
  }

  // Jobs that fail at t = 1..60 s (plus 1 ms after each check in that range).
  const failures = {}
  for (const p of list) {
    const seeds = p.jitter ? SEEDS : 1
    let worst = 0
    let worstAt = 0
    let samples = 0
    for (let seed = 1; seed <= seeds; seed++) {
      for (const f of await endTimes(p, seed, 1000, 60_001)) {
        const r = await simulate(p, seed, f, 'CREATE FAILED')
        samples++
        if (r.delayS > worst) {
          worst = r.delayS
          worstAt = f / 1000
        }
      }
    }
    failures[p.key] = { worstDelayS: worst, worstAtS: worstAt, samples }
  }

  // The action's checks in the first 3 minutes, for the doc.
  const schedule = (await simulate(list[0], 0, 200_000)).checks
    .filter((c) => c <= 180_000)
    .map((c) => c / 1000)
  // For each duration, the mean and max excess over the loop for end times at every whole second
  // of [D, D + WINDOW_S).
  const loop = list.find((p) => p.key === 'loop30')
  const windowExcess = []
  for (const minutes of DURATIONS_MIN) {
    const D = minutes * 60_000
    const excess = []
    for (let ms = D; ms < D + WINDOW_S * 1000; ms += 1000) {
      const a = (await simulate(list[0], 0, ms)).calls
      excess.push(a - (await simulate(loop, 0, ms)).calls)
    }
    windowExcess.push({ minutes, mean: mean(excess), max: Math.max(...excess) })
  }
  return { policies: list, rows, failures, schedule, windowExcess }
}
