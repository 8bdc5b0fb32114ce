import { describe, expect, it } from '@jest/globals'
import type { DatasetImportJob } from '@aws-sdk/client-personalize'
import { describeAwsError, failureText } from '../../../src/aws/aws-errors.js'
import { startDeadline } from '../../../src/aws/deadline.js'
import {
  CREATE_GRACE_MS,
  CreateStopped,
  createImportJobWithRetries,
  sendCreate,
  type CreateOptions,
  type SendOptions
} from '../../../src/job/create.js'
import type { Clock } from '../../../src/job/poll.js'
import { DATASET_ARN, FakeClock, ROLE_ARN } from '../fixtures.js'

const request = {
  jobName: 'nightly-1',
  datasetArn: DATASET_ARN,
  dataSource: { dataLocation: 's3://retail-data/interactions/' },
  roleArn: ROLE_ARN,
  importMode: 'FULL' as const
}
const ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/nightly-1'
const awsError = (name: string, extra: object = {}) =>
  Object.assign(new Error(`${name} message`), { name, ...extra })
const quota = () => awsError('LimitExceededException', { $fault: 'client' })

/** A deadline on the test's clock that only a cancel (or its time) ends. */
const deadlineOn = (clock: Clock, ms: number, cancel = new AbortController().signal) =>
  startDeadline(ms, {
    now: () => clock.now(),
    cancel,
    timer: () => new AbortController().signal,
    name: 'wait-timeout (10m)'
  })

function setup(outcomes: (string | Error)[], job?: DatasetImportJob, cancel?: AbortSignal) {
  const clock = new FakeClock()
  const lines: string[] = []
  let creates = 0
  let describes = 0
  const o: CreateOptions = {
    request,
    jobArn: ARN,
    ifExists: 'fail',
    create: async () => {
      creates++
      const next = outcomes.shift()
      if (next instanceof Error) throw next
      return next ?? ARN
    },
    describe: async () => {
      describes++
      if (!job) throw awsError('ResourceNotFoundException')
      return job
    },
    classify: (e) =>
      describeAwsError('CreateDatasetImportJob', e, { region: 'us-east-1', ...request }),
    clock,
    random: () => 0.5,
    deadline: deadlineOn(clock, 600_000, cancel),
    pollIntervalSeconds: 30,
    log: (line) => lines.push(line)
  }
  return { o, clock, lines, counts: () => ({ creates, describes }) }
}

describe('createImportJobWithRetries', () => {
  it('returns the ARN of a created job', async () => {
    const { o, counts } = setup([ARN])
    expect(await createImportJobWithRetries(o)).toEqual({ arn: ARN, adopted: false })
    expect(counts()).toEqual({ creates: 1, describes: 0 })
  })

  it('waits for a slot while the regional quota of 5 is taken', async () => {
    const { o, clock, lines, counts } = setup([quota(), quota(), quota(), ARN])
    expect(await createImportJobWithRetries(o)).toEqual({ arn: ARN, adopted: false })
    expect(counts().creates).toBe(4)
    // poll-interval (30 s), then twice it: a slot frees only when an import ends.
    expect(clock.sleeps).toEqual([30_000, 60_000, 60_000])
    expect(lines[0]).toBe(
      "The region's 5 running imports are taken (attempt 1, 0s so far): waiting for one of them to end; trying again in 30s."
    )
  })

  it('gives up on the quota at the deadline', async () => {
    const { o, counts } = setup(Array.from({ length: 1000 }, quota))
    o.deadline = deadlineOn(o.clock, 60_000)
    const result = await createImportJobWithRetries(o)
    expect(result).toMatchObject({
      failure: { code: 'LimitExceededException' },
      maybeCreated: false
    })
    // At 0 s and 30 s; the next, 60 s later, would be past the deadline.
    expect(counts().creates).toBe(2)
  })

  it('adopts its own job when the answer to a creation was lost', async () => {
    const job = {
      datasetImportJobArn: ARN,
      datasetArn: DATASET_ARN,
      dataSource: { dataLocation: 's3://retail-data/interactions/' },
      roleArn: ROLE_ARN,
      importMode: 'FULL' as const,
      creationDateTime: new Date(1_000_000),
      status: 'CREATE PENDING'
    }
    const { o, lines, counts } = setup(
      [
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        awsError('ResourceAlreadyExistsException')
      ],
      job
    )
    expect(await createImportJobWithRetries(o)).toEqual({ arn: ARN, adopted: true, job })
    expect(counts()).toEqual({ creates: 2, describes: 1 })
    expect(lines).toEqual([
      'CreateDatasetImportJob failed (ECONNRESET); trying again in 4s.',
      'The answer to CreateDatasetImportJob was lost, but job nightly-1 exists with this request: carrying on with it.'
    ])
  })

  it('adopts when the SDK itself retried into a taken name', async () => {
    const job = {
      datasetImportJobArn: ARN,
      datasetArn: DATASET_ARN,
      dataSource: { dataLocation: 's3://retail-data/interactions/' },
      roleArn: ROLE_ARN,
      creationDateTime: new Date(1_000_000)
    }
    const { o } = setup(
      [awsError('ResourceAlreadyExistsException', { $metadata: { attempts: 2 } })],
      job
    )
    expect(await createImportJobWithRetries(o)).toEqual({ arn: ARN, adopted: true, job })
  })

  it.each([
    ['another dataset', { datasetArn: DATASET_ARN.replace('INTERACTIONS', 'ITEMS') }],
    ['another location', { dataSource: { dataLocation: 's3://elsewhere/' } }],
    [
      'a job older than the service says our first attempt is',
      { creationDateTime: new Date(5_000_000 - 301_000) }
    ]
  ])('never adopts %s', async (_what, change) => {
    const job = {
      datasetArn: DATASET_ARN,
      dataSource: { dataLocation: 's3://retail-data/interactions/' },
      roleArn: ROLE_ARN,
      creationDateTime: new Date(1_000_000),
      ...change
    }
    // The service's clock (its Date header) runs 4,000 s ahead of the runner's.
    const taken = awsError('ResourceAlreadyExistsException', {
      $response: { headers: { date: new Date(5_000_000 + 4_000).toUTCString() } }
    })
    const { o } = setup([awsError('TimeoutError'), taken], job)
    // The name belongs to that other job, so the lost attempt cannot have created one.
    expect(await createImportJobWithRetries(o)).toMatchObject({
      failure: { code: 'ResourceAlreadyExistsException' },
      maybeCreated: false
    })
  })

  it('keeps the ARN in view when the job holding its name cannot be described', async () => {
    const { o } = setup([
      awsError('ResourceAlreadyExistsException', { $metadata: { attempts: 2 } })
    ])
    o.describe = async () => {
      throw awsError('ThrottlingException')
    }
    expect(await createImportJobWithRetries(o)).toMatchObject({
      failure: { code: 'ResourceAlreadyExistsException' },
      maybeCreated: true
    })
  })

  it('does not look for its own job when the name was simply taken', async () => {
    const { o, counts } = setup([awsError('ResourceAlreadyExistsException')])
    expect(await createImportJobWithRetries(o)).toMatchObject({
      failure: { kind: 'fatal' },
      maybeCreated: false
    })
    expect(counts()).toEqual({ creates: 1, describes: 0 })
  })

  it('fails at once on a fatal error', async () => {
    const { o, counts } = setup([awsError('AccessDeniedException')])
    expect(await createImportJobWithRetries(o)).toMatchObject({
      failure: { code: 'AccessDeniedException' }
    })
    expect(counts().creates).toBe(1)
  })

  describe('if-exists: attach', () => {
    const existing = {
      datasetImportJobArn: ARN,
      datasetArn: DATASET_ARN,
      dataSource: { dataLocation: 's3://retail-data/interactions/' },
      roleArn: ROLE_ARN,
      status: 'CREATE IN_PROGRESS',
      creationDateTime: new Date(0)
    }

    it('attaches to a job that imports the same data into the same dataset', async () => {
      const { o, lines } = setup([awsError('ResourceAlreadyExistsException')], existing)
      o.ifExists = 'attach'
      expect(await createImportJobWithRetries(o)).toEqual({
        arn: ARN,
        adopted: true,
        job: existing
      })
      expect(lines).toEqual([
        'Job nightly-1 already exists (CREATE IN_PROGRESS) and imports the same data into the same dataset: attaching to it (if-exists: attach).'
      ])
    })

    it('never attaches to an unrelated job, and says what differs', async () => {
      const { o } = setup([awsError('ResourceAlreadyExistsException')], {
        ...existing,
        dataSource: { dataLocation: 's3://other/' },
        importMode: 'INCREMENTAL'
      })
      o.ifExists = 'attach'
      const result = await createImportJobWithRetries(o)
      expect('failure' in result && failureText(result.failure)).toContain(
        'The existing job is not this import: data location is s3://other/, not s3://retail-data/interactions/; import mode is INCREMENTAL, not FULL. Give a new job-name.'
      )
    })
  })

  it('suggests if-exists: attach when the name is taken', async () => {
    const { o } = setup([awsError('ResourceAlreadyExistsException')])
    const result = await createImportJobWithRetries(o)
    expect('failure' in result && failureText(result.failure)).toContain(
      'Or set if-exists: attach to wait on that job if it imports the same data.'
    )
  })
})

/** A clock whose sleeps end only when their signal aborts, or when the test says. */
function heldClock() {
  const wakes: (() => void)[] = []
  const clock: Clock = {
    now: () => 0,
    sleep: (_ms, signal) =>
      new Promise((resolve) => {
        wakes.push(() => resolve())
        signal?.addEventListener('abort', () => resolve(), { once: true })
      })
  }
  return { clock, wakeAll: () => wakes.splice(0).forEach((w) => w()) }
}

/** A create whose answer the test gives, and a stop (a cancel) it fires. */
function sending(clock: Clock = new FakeClock()) {
  const stop = new AbortController()
  const hurry = new AbortController()
  let answer!: (arn: string) => void
  let refuse!: (e: Error) => void
  const sent: AbortSignal[] = []
  let inFlightStops = 0
  const deadline = deadlineOn(clock, 600_000, stop.signal)
  const o: SendOptions = {
    send: (noRetryAfter) => {
      sent.push(noRetryAfter)
      return {
        answer: new Promise<string>((resolve, reject) => {
          answer = resolve
          refuse = reject
        }),
        onWire: () => true,
        lastError: () => undefined
      }
    },
    deadline,
    hurry: hurry.signal,
    clock,
    onStopInFlight: () => inFlightStops++
  }
  return {
    o,
    stop,
    hurry,
    sent,
    deadline,
    answer: (arn: string) => answer(arn),
    refuse: (e: Error) => refuse(e),
    inFlightStops: () => inFlightStops
  }
}

const tick = () => new Promise((done) => setImmediate(done))

describe('sendCreate', () => {
  it('answers with the ARN, passing the stop signal to hold back SDK retries', async () => {
    const s = sending()
    const result = sendCreate(s.o)
    s.answer(ARN)
    expect(await result).toBe(ARN)
    expect(s.sent).toEqual([s.deadline.signal])
    expect(s.inFlightStops()).toBe(0)
  })

  it('never sends after a stop', async () => {
    const s = sending()
    s.stop.abort()
    await expect(sendCreate(s.o)).rejects.toEqual(
      new CreateStopped('The step was cancelled before CreateDatasetImportJob was sent.', false)
    )
    expect(s.sent).toEqual([])
  })

  it('awaits the answer of a create in flight at a stop', async () => {
    const { clock } = heldClock()
    const s = sending(clock)
    const result = sendCreate(s.o)
    s.stop.abort()
    await tick()
    expect(s.inFlightStops()).toBe(1)
    s.answer(ARN)
    expect(await result).toBe(ARN)
  })

  it(`gives up ${CREATE_GRACE_MS / 1000}s after the stop: the job may exist`, async () => {
    const clock = new FakeClock()
    const s = sending(clock)
    const result = sendCreate(s.o)
    s.stop.abort()
    const error = await result.catch((e: unknown) => e)
    expect(error).toEqual(
      new CreateStopped(
        'The step was cancelled while CreateDatasetImportJob was in flight, and no answer came within 5s.',
        true
      )
    )
    expect((error as CreateStopped).sent).toBe(true)
    expect(clock.sleeps).toEqual([CREATE_GRACE_MS])
  })

  it("gives up at once at the runner's next signal", async () => {
    const { clock } = heldClock()
    const s = sending(clock)
    const result = sendCreate(s.o)
    s.stop.abort()
    await tick()
    s.hurry.abort()
    await expect(result).rejects.toThrow(
      'The step was cancelled while CreateDatasetImportJob was in flight, and no answer came before the runner signalled again.'
    )
  })

  it("a stop while the SDK waits to retry gives the last attempt's failure at once", async () => {
    const s = sending()
    const throttled = awsError('ThrottlingException')
    s.o.send = (noRetryAfter) => {
      s.sent.push(noRetryAfter)
      // One attempt went out and was refused; the SDK now backs off before the next.
      return {
        answer: new Promise<string>(() => {}),
        onWire: () => false,
        lastError: () => throttled
      }
    }
    const result = sendCreate(s.o)
    s.stop.abort()
    await expect(result).rejects.toBe(throttled)
    expect(s.inFlightStops()).toBe(0)
  })

  it('passes on an error the service answers with after the stop', async () => {
    const { clock } = heldClock()
    const s = sending(clock)
    const result = sendCreate(s.o)
    s.stop.abort()
    await tick()
    s.refuse(awsError('ResourceAlreadyExistsException'))
    await expect(result).rejects.toThrow('ResourceAlreadyExistsException message')
  })
})

describe('createImportJobWithRetries, stopped', () => {
  it('a cancel during the quota backoff: the next attempt is not sent, and nothing was created', async () => {
    const stop = new AbortController()
    const { o, counts } = setup([quota(), quota(), ARN], undefined, stop.signal)
    const inner = o.create
    o.create = () =>
      sendCreate({
        send: () => ({ answer: inner(), onWire: () => true, lastError: () => undefined }),
        deadline: o.deadline,
        clock: o.clock,
        onStopInFlight: () => {}
      })
    ;(o.clock as FakeClock).onSleep = () => stop.abort()
    expect(await createImportJobWithRetries(o)).toEqual({
      failure: {
        operation: 'CreateDatasetImportJob',
        code: 'Stopped',
        kind: 'fatal',
        happened: 'The step was cancelled before CreateDatasetImportJob was sent.',
        advice: ''
      },
      maybeCreated: false
    })
    expect(counts().creates).toBe(1)
  })

  it('a create in flight that never answered: the job may have been created', async () => {
    const { o } = setup([])
    o.create = async () => {
      throw new CreateStopped('no answer', true)
    }
    expect(await createImportJobWithRetries(o)).toMatchObject({
      failure: { code: 'Stopped', happened: 'no answer' },
      maybeCreated: true
    })
  })
})
