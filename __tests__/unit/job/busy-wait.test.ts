// The busy check returns what it found and reports nothing: a mocked Personalize client, a fake
// clock, and the exact results and log lines.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeDatasetImportJobCommand,
  ListDatasetImportJobsCommand,
  PersonalizeClient
} from '@aws-sdk/client-personalize'
import { mockClient } from 'aws-sdk-client-mock'
import { startDeadline } from '../../../src/aws/deadline.js'
import { waitUntilDatasetIsFree, type OnBusy } from '../../../src/job/busy-wait.js'
import type { DatasetState } from '../../../src/job/busy.js'
import { DATASET_ARN, FakeClock } from '../fixtures.js'

const personalize = mockClient(PersonalizeClient)
const JOB = (name: string) =>
  `arn:aws:personalize:us-east-1:123456789012:dataset-import-job/${name}`
const request = {
  jobName: 'nightly-1',
  datasetArn: DATASET_ARN,
  dataSource: { dataLocation: 's3://retail-data/interactions/' }
}
const running = { jobName: 'other', datasetImportJobArn: JOB('other'), status: 'CREATE PENDING' }
const active = { jobName: 'first', datasetImportJobArn: JOB('first'), status: 'ACTIVE' }

beforeEach(() => {
  personalize.reset()
})

function check(onBusy: OnBusy, cancel = new AbortController()) {
  const clock = new FakeClock()
  const lines: string[] = []
  const listed: DatasetState[] = []
  const result = waitUntilDatasetIsFree({
    client: new PersonalizeClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' }
    }),
    request,
    onBusy,
    context: { region: 'us-east-1', ...request },
    deadline: startDeadline(180_000, {
      now: () => clock.now(),
      cancel: cancel.signal,
      timer: () => new AbortController().signal,
      name: 'wait-timeout (3m)'
    }),
    cancel: cancel.signal,
    clock,
    timeoutSeconds: 180,
    pollIntervalSeconds: 30,
    log: (line) => lines.push(line),
    onFirstListing: (state) => listed.push(state)
  })
  return { result, lines, listed }
}

describe('waitUntilDatasetIsFree', () => {
  it('gives the state of a free dataset, once listed', async () => {
    personalize.on(ListDatasetImportJobsCommand).resolves({ datasetImportJobs: [active] })
    const { result, lines, listed } = check('wait')
    expect(await result).toEqual({ state: { running: [], lastActive: active } })
    expect(listed).toEqual([{ running: [], lastActive: active }])
    expect(lines).toEqual([])
  })

  it('says the dataset is busy with on-busy: fail, without waiting', async () => {
    personalize.on(ListDatasetImportJobsCommand).resolves({ datasetImportJobs: [running] })
    const { result } = check('fail')
    expect(await result).toEqual({ busy: running, why: 'on-busy is fail' })
    expect(personalize.commandCalls(DescribeDatasetImportJobCommand)).toHaveLength(0)
  })

  it('waits for a running import to end, then lists again', async () => {
    personalize
      .on(ListDatasetImportJobsCommand)
      .resolvesOnce({ datasetImportJobs: [running] })
      .resolves({ datasetImportJobs: [] })
    personalize
      .on(DescribeDatasetImportJobCommand)
      .resolves({ datasetImportJob: { status: 'ACTIVE' } })
    const { result, lines, listed } = check('wait')
    expect(await result).toEqual({ state: { running: [], lastActive: undefined } })
    expect(listed).toHaveLength(1)
    expect(lines).toEqual([
      'Import job other is CREATE PENDING on this dataset: waiting for it to end first (on-busy: wait).',
      '[other] ACTIVE after 15s of waiting'
    ])
  })

  it('keeps a refused listing whole, its message on several lines, for the caller to warn', async () => {
    personalize.on(ListDatasetImportJobsCommand).rejects(
      Object.assign(new Error('User: x is not authorized\nto list imports'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400, requestId: 'req-1' }
      })
    )
    const { result } = check('wait')
    expect(await result).toMatchObject({
      unlisted: {
        code: 'AccessDeniedException',
        happened:
          'ListDatasetImportJobs failed: AccessDeniedException: User: x is not authorized\nto list imports',
        requestId: 'req-1'
      }
    })
  })

  it('says what stopped it when cancelled while listing', async () => {
    const cancel = new AbortController()
    personalize.on(ListDatasetImportJobsCommand).callsFake(() => {
      cancel.abort()
      return new Promise(() => {})
    })
    const { result } = check('wait', cancel)
    expect(await result).toEqual({
      failure: {
        operation: 'ListDatasetImportJobs',
        code: 'Stopped',
        kind: 'fatal',
        happened:
          'The step was cancelled while checking the dataset for running imports (ListDatasetImportJobs had not succeeded), before CreateDatasetImportJob was sent.',
        advice: ''
      }
    })
  })
})
