// wait-timeout is a hard deadline and a cancel is honest, whatever the endpoint does: dist/ (both
// actions) against an emulator that hangs, trickles, throttles or stays busy, and runner signals
// sent at chosen moments. Each test gets an emulator of its own: some faults never end.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type Fault
} from '../../emulator/index.js'
import { CREDENTIALS, runAction, runWaitAction, type ActionRun, type RunMore } from './runner.js'
import { ACCOUNT, DATASET, ROLE, jobArn } from './fixture.js'
import { recordFigures } from './figures.js'

const TIMEOUT_S = 3
/** A run may outlive wait-timeout by this much (the report and exit included). */
const MAX_OVERRUN_MS = 3000
/** How long a create in flight is awaited after a stop (src/job/create.ts CREATE_GRACE_MS). */
const CREATE_GRACE_MS = 5000

let emu: Emulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

async function emulator(faults: Fault[] = [], more: Partial<EmulatorOptions> = {}) {
  emu = await startEmulator({
    credentials: CREDENTIALS,
    accountId: ACCOUNT,
    datasets: [{ datasetArn: DATASET }],
    incrementalRequiresFullImport: false,
    // Imports that outlast every test here: each ends at the deadline or the cancel.
    jobs: { pendingSeconds: 1, inProgressSeconds: 600 },
    faults,
    ...more
  })
  return emu
}

const importInputs = (name: string, e: Emulator, inputs: Record<string, string> = {}) => ({
  'job-name': name,
  'dataset-arn': DATASET,
  'data-source': 's3://retail-data/interactions/',
  'role-arn': ROLE,
  'import-mode': 'INCREMENTAL',
  'endpoint-url': e.url,
  region: 'us-east-1',
  'poll-interval': '1',
  'wait-timeout': `${TIMEOUT_S}s`,
  ...inputs
})

const created = (e: Emulator, name: string) => e.jobs().filter((j) => j.jobName === name).length

const figures: string[] = []
afterAll(() => {
  recordFigures(import.meta.filename, figures)
})

describe('wait-timeout is a hard deadline', () => {
  // Counted from the run's first request (its deadline starts just before), so Node's start-up on
  // a loaded machine does not count; called as soon as the run has ended.
  const overrun = (what: string, run: ActionRun) => {
    const first = Math.min(...emu!.requests.map((r) => r.time))
    const ms = Date.now() - first - TIMEOUT_S * 1000
    figures.push(
      `deadline overrun, ${what}: ${(ms / 1000).toFixed(2)} s (whole run ${(run.ms / 1000).toFixed(2)} s)`
    )
    return ms
  }
  const running = { 'CREATE PENDING': 1, 'CREATE IN_PROGRESS': 1 }

  describe('import action, before a job exists: no job, and the timeout said', () => {
    it.each([
      ['a list that never answers', { kind: 'hang' }, 'had not succeeded'],
      ['a list answered a byte at a time', { kind: 'trickle' }, 'had not succeeded'],
      [
        'a list throttled with Retry-After beyond the deadline',
        { kind: 'retry-after', ms: 60_000 },
        // The SDK's own retries hold the call until the deadline.
        'had not succeeded'
      ]
    ] as const)('%s', async (what, fault, said) => {
      const e = await emulator([
        { operation: 'ListDatasetImportJobs', count: Infinity, ...fault } as Fault
      ])
      const name = `list-${fault.kind}`
      const run = await runAction({ inputs: importInputs(name, e) })
      expect(overrun(`import, ${what}`, run)).toBeLessThan(MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toEqual([
        {
          level: 'error',
          title: 'ListDatasetImportJobs failed',
          message: `wait-timeout (3s) ran out while checking the dataset for running imports (ListDatasetImportJobs ${said}), before CreateDatasetImportJob was sent.\nNo import job was created.`
        }
      ])
      expect(created(e, name)).toBe(0)
      expect(e.requests.filter((r) => r.operation === 'CreateDatasetImportJob')).toEqual([])
    })

    it('a list throttled forever', async () => {
      const e = await emulator([
        { operation: 'ListDatasetImportJobs', kind: 'throttle', count: Infinity }
      ])
      const run = await runAction({ inputs: importInputs('list-throttled', e) })
      expect(overrun('import, a list throttled forever', run)).toBeLessThan(MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(run.annotations.map((a) => a.title)).toEqual(['ListDatasetImportJobs failed'])
      expect(run.annotations[0].message).toMatch(
        /ThrottlingException[\s\S]*No import job was created\.$/
      )
      expect(created(e, 'list-throttled')).toBe(0)
    })

    it('a busy dataset that never frees', async () => {
      const e = await emulator([], {
        existingJobs: [{ jobName: 'forever', datasetArn: DATASET, status: 'CREATE IN_PROGRESS' }]
      })
      const run = await runAction({ inputs: importInputs('after-forever', e) })
      expect(overrun('import, a busy dataset that never frees', run)).toBeLessThan(MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toEqual([
        {
          level: 'error',
          title: 'Dataset busy with another import',
          message: `Import job forever is CREATE IN_PROGRESS on this dataset (it was still running at wait-timeout). No import job was created.\nARN of the running job: ${jobArn('forever')}\nRun this step when it has ended, or with on-busy: wait and a longer wait-timeout.`
        }
      ])
      expect(created(e, 'after-forever')).toBe(0)
    })
  })

  describe('import action, once the job exists: the timeout with its ARN and last status', () => {
    it.each([
      ['a status check that never answers', { kind: 'hang' }],
      ['a status answered a byte at a time', { kind: 'trickle' }],
      ['Retry-After beyond the deadline', { kind: 'retry-after', ms: 60_000 }],
      ['throttling forever', { kind: 'throttle' }]
    ] as const)('%s', async (what, fault) => {
      // The first check goes through, so there is a last status to report.
      const e = await emulator([
        { operation: 'DescribeDatasetImportJob', count: Infinity, skip: 1, ...fault } as Fault
      ])
      const name = `describe-${fault.kind}`
      const run = await runAction({ inputs: importInputs(name, e) })
      expect(overrun(`import, ${what}`, run)).toBeLessThan(MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(run.outputs['dataset-import-job-arn']).toBe(jobArn(name))
      const status = run.outputs.status
      expect(running).toHaveProperty([status])
      expect(run.stdout).toContain(`\n${status} after`)
      expect(run.annotations).toHaveLength(1)
      expect(run.annotations[0]).toMatchObject({
        level: 'error',
        title: 'Personalize import still running at wait-timeout'
      })
      expect(run.annotations[0].message).toContain(
        `Import job ${name} is still ${status} after waiting 3s (wait-timeout).`
      )
      expect(run.annotations[0].message).toContain(`ARN: ${jobArn(name)}`)
    })

    it('a create that never answers: awaited a few seconds more, then the ARN it may have', async () => {
      const e = await emulator([{ operation: 'CreateDatasetImportJob', kind: 'hang-after-create' }])
      const run = await runAction({ inputs: importInputs('create-hangs', e) })
      const ms = overrun('import, a create that never answers', run)
      expect(ms).toBeGreaterThan(CREATE_GRACE_MS - 500)
      expect(ms).toBeLessThan(CREATE_GRACE_MS + MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('create-hangs'))
      expect(run.stdout).toContain(
        `wait-timeout (3s) ran out while CreateDatasetImportJob was in flight: waiting a few seconds for its answer. The job may exist: ${jobArn('create-hangs')}\n`
      )
      expect(run.annotations).toEqual([
        {
          level: 'error',
          title: 'CreateDatasetImportJob failed',
          message: `wait-timeout (3s) ran out while CreateDatasetImportJob was in flight, and no answer came within 5s.\nAn attempt may have created the job before its answer was lost: look for ${jobArn('create-hangs')}.`
        }
      ])
      expect(created(e, 'create-hangs')).toBe(1)
    })
  })

  describe('wait action: outputs on every ending, the timeout included', () => {
    it.each([
      ['a status check that never answers', { kind: 'hang' }],
      ['a status answered a byte at a time', { kind: 'trickle' }],
      ['Retry-After beyond the deadline', { kind: 'retry-after', ms: 60_000 }],
      ['throttling forever', { kind: 'throttle' }]
    ] as const)('%s', async (what, fault) => {
      const e = await emulator(
        [{ operation: 'DescribeDatasetImportJob', count: Infinity, skip: 2, ...fault } as Fault],
        {
          existingJobs: ['one', 'two'].map((jobName) => ({
            jobName,
            datasetArn: DATASET,
            status: 'CREATE IN_PROGRESS'
          }))
        }
      )
      const arns = [jobArn('one'), jobArn('two')]
      const run = await runWaitAction({
        inputs: {
          'dataset-import-job-arn': arns.join('\n'),
          'endpoint-url': e.url,
          region: 'us-east-1',
          'poll-interval': '1',
          'wait-timeout': `${TIMEOUT_S}s`
        }
      })
      expect(overrun(`wait, ${what}`, run)).toBeLessThan(MAX_OVERRUN_MS)
      expect(run.exitCode).toBe(1)
      expect(JSON.parse(run.outputs.statuses)).toEqual({
        [arns[0]]: 'CREATE IN_PROGRESS',
        [arns[1]]: 'CREATE IN_PROGRESS'
      })
      expect(run.outputs['failure-reasons']).toBe('{}')
      expect(run.outputs.status).toBe('CREATE IN_PROGRESS')
      expect(run.annotations.map((a) => [a.title, a.message.split('.')[0]])).toEqual(
        ['one', 'two'].map((name) => [
          'Personalize import still running at wait-timeout',
          `Import job ${name} is still CREATE IN_PROGRESS after waiting 3s (wait-timeout)`
        ])
      )
    })
  })
})

/** Sends `signals` to the run, `gapMs` apart, once `ready` holds (checked every 10 ms). */
function signalWhen(
  ready: (stdout: string) => boolean,
  signals: NodeJS.Signals[] = ['SIGINT'],
  gapMs = 1000
): RunMore & { signalledAt: () => number } {
  let at = 0
  return {
    signalledAt: () => at,
    onStart: (child: ChildProcess, stdout: () => string) => {
      const timer = setInterval(() => {
        if (!ready(stdout())) return
        clearInterval(timer)
        at = Date.now()
        signals.forEach((signal, i) => setTimeout(() => child.kill(signal), i * gapMs))
      }, 10)
      child.on('exit', () => clearInterval(timer))
    }
  }
}

const arrived = (e: Emulator, operation: string) => () =>
  e.requests.some((r) => r.operation === operation)

describe('a cancel before the create is sent: no job, ever', () => {
  const TRIES = 3
  const tally: Record<string, number> = {}
  afterAll(() => {
    for (const [what, jobs] of Object.entries(tally))
      figures.push(`jobs created after a cancel ${what}: ${jobs} of ${TRIES}`)
  })

  it.each([
    [
      'during the busy check',
      [],
      { existingJobs: [{ jobName: 'busy', datasetArn: DATASET, status: 'CREATE IN_PROGRESS' }] },
      (_e: Emulator) => (stdout: string) => stdout.includes('waiting for it to end first'),
      'Dataset busy with another import'
    ],
    [
      'during a list-retry backoff',
      [{ operation: 'ListDatasetImportJobs', kind: 'http-500', count: Infinity }],
      {},
      (_e: Emulator) => (stdout: string) => stdout.includes('ListDatasetImportJobs failed ('),
      'ListDatasetImportJobs failed'
    ],
    [
      'during a throttled list',
      [{ operation: 'ListDatasetImportJobs', kind: 'retry-after', ms: 60_000, count: Infinity }],
      {},
      (e: Emulator) => arrived(e, 'ListDatasetImportJobs'),
      'ListDatasetImportJobs failed'
    ],
    [
      'during a create retry backoff',
      [{ operation: 'CreateDatasetImportJob', kind: 'limit-exceeded', count: Infinity }],
      {},
      (_e: Emulator) => (stdout: string) => stdout.includes("The region's 5 running imports"),
      'CreateDatasetImportJob failed'
    ]
  ] as [
    string,
    Fault[],
    Partial<EmulatorOptions>,
    (e: Emulator) => (s: string) => boolean,
    string
  ][])('%s', async (what, faults, more, when, title) => {
    tally[what] = 0
    for (let i = 1; i <= TRIES; i++) {
      const e = await emulator(faults, more)
      const name = `early-${i}`
      const ready = when(e)
      // A little later each try: the signal lands at different points of the loop.
      const delay = (i - 1) * 150
      let readyAt = 0
      const signal = signalWhen((stdout) => {
        if (!readyAt && ready(stdout)) readyAt = Date.now()
        return readyAt > 0 && Date.now() - readyAt >= delay
      })
      const run = await runAction({
        inputs: importInputs(name, e, { 'wait-timeout': '30s' }),
        ...signal
      })
      expect(signal.signalledAt()).toBeGreaterThan(0)
      expect(Date.now() - signal.signalledAt()).toBeLessThan(2000)
      expect(run.signal).toBeNull()
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toContain('Received SIGINT: the step is being cancelled.')
      expect(run.annotations.map((a) => a.title)).toEqual([title])
      expect(run.annotations[0].message).toContain('No import job was created.')
      // Give a create the SDK might still send time to arrive, then count.
      await new Promise((done) => setTimeout(done, 300))
      tally[what] += created(e, name)
      expect(
        e.requests.filter((r) => r.operation === 'CreateDatasetImportJob' && r.status === 200)
      ).toEqual([])
      await e.close()
      emu = undefined
    }
    expect(tally[what]).toBe(0)
  })
})

describe('a cancel while the create is in flight: the ARN is never lost', () => {
  it('learns and reports the ARN when the answer comes', async () => {
    const e = await emulator([{ operation: 'CreateDatasetImportJob', kind: 'hang', ms: 2000 }])
    const signal = signalWhen(arrived(e, 'CreateDatasetImportJob'))
    const run = await runAction({
      inputs: importInputs('late-answer', e, { 'wait-timeout': '30s' }),
      ...signal
    })
    const exitMs = Date.now() - signal.signalledAt()
    figures.push(`cancel-to-exit, create answered 2 s late: ${exitMs} ms`)
    expect(exitMs).toBeLessThan(CREATE_GRACE_MS)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['dataset-import-job-arn']).toBe(jobArn('late-answer'))
    expect(run.stdout).toContain(
      `The step was cancelled while CreateDatasetImportJob was in flight: waiting a few seconds for its answer. The job may exist: ${jobArn('late-answer')}\n`
    )
    expect(run.stdout).toContain(`Created import job late-answer\nARN: ${jobArn('late-answer')}\n`)
    expect(run.annotations).toHaveLength(1)
    expect(run.annotations[0]).toMatchObject({
      level: 'warning',
      title: 'Stopped waiting; the import goes on'
    })
    expect(run.annotations[0].message).toContain(`ARN: ${jobArn('late-answer')}`)
    expect(created(e, 'late-answer')).toBe(1)
  })

  it.each([
    ['no second signal', ['SIGINT'], CREATE_GRACE_MS],
    ['SIGINT then SIGINT', ['SIGINT', 'SIGINT'], 1000],
    ['SIGINT then SIGTERM (the runner)', ['SIGINT', 'SIGTERM'], 1000]
  ] as [string, NodeJS.Signals[], number][])(
    'an answer that never comes, %s: the ARN the job will have, saying it may exist',
    async (what, signals, endsAfterMs) => {
      const e = await emulator([{ operation: 'CreateDatasetImportJob', kind: 'hang-after-create' }])
      const name = `no-answer-${signals.length}-${signals.at(-1)}`
      const signal = signalWhen(arrived(e, 'CreateDatasetImportJob'), signals)
      const run = await runAction({
        inputs: importInputs(name, e, { 'wait-timeout': '30s' }),
        ...signal
      })
      const exitMs = Date.now() - signal.signalledAt()
      figures.push(`cancel-to-exit, create never answered, ${what}: ${exitMs} ms`)
      expect(exitMs).toBeGreaterThan(endsAfterMs - 200)
      expect(exitMs).toBeLessThan(endsAfterMs + 1500)
      expect(run.signal).toBeNull()
      expect(run.exitCode).toBe(1)
      expect(run.outputs['dataset-import-job-arn']).toBe(jobArn(name))
      expect(run.outputs['job-name']).toBe(name)
      expect(run.stdout).toContain(
        `The step was cancelled while CreateDatasetImportJob was in flight: waiting a few seconds for its answer. The job may exist: ${jobArn(name)}\n`
      )
      const noAnswer = signals.length > 1 ? 'before the runner signalled again' : 'within 5s'
      expect(run.annotations).toEqual([
        {
          level: 'error',
          title: 'CreateDatasetImportJob failed',
          message: `The step was cancelled while CreateDatasetImportJob was in flight, and no answer came ${noAnswer}.\nAn attempt may have created the job before its answer was lost: look for ${jobArn(name)}.`
        }
      ])
      expect(created(e, name)).toBe(1)
    }
  )
})
