// What the action does beyond the CLI, end to end on the bundles against the emulator: safe
// re-runs (if-exists), busy datasets (on-busy), the wait action for parallel imports, failures
// explained, console links per partition, the region from the ARN, and FULL's warning.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { CREDENTIALS, importRunner, runWaitAction, visible, type ActionRun } from './runner.js'
import { ACCOUNT, ROLE, consoleUrl, datasetArn, jobArn, startWorld } from './fixture.js'

const SECRET_TAG = 'beyond-the-cli-tag-value-never-shown'
const runs: ActionRun[] = []

let emu: Emulator
let groups = 0
/** A dataset of its own for each test: a running import makes later runs on it wait. */
function freshDataset(type = 'INTERACTIONS'): { arn: string; group: string } {
  const group = `group-${++groups}`
  emu.addDataset({ datasetArn: datasetArn(group, type) })
  return { arn: datasetArn(group, type), group }
}

beforeAll(async () => {
  emu = await startWorld({
    datasets: [],
    jobs: { pendingSeconds: 0.3, inProgressSeconds: 0.7 },
    existingJobs: [],
    outcomes: [
      // Still running when the re-run looks, even when the machine is slow to start the second
      // run (a 1 s job was once ACTIVE by then).
      { match: { jobNamePrefix: 'rerun-same' }, pendingSeconds: 5, inProgressSeconds: 1 },
      // Pending long enough that every check in the test sees CREATE PENDING.
      { match: { dataLocationPrefix: 's3://retail-data/slow/' }, pendingSeconds: 60 },
      {
        // Long enough that the second run, started right after, still finds it running on a
        // loaded machine (2 s was once over before the second process had listed).
        match: { dataLocationPrefix: 's3://retail-data/busy-5s/' },
        pendingSeconds: 5,
        inProgressSeconds: 0.3
      },
      { match: { dataLocationPrefix: 's3://retail-data/no-access/' }, failure: 's3-privileges' },
      {
        match: { dataLocationPrefix: 's3://retail-data/missing-columns/' },
        failure: 'missing-columns'
      },
      {
        match: { dataLocationPrefix: 's3://retail-data/bad-location' },
        failure: 'invalid-data-location'
      },
      {
        match: { dataLocationPrefix: 's3://retail-data/quota/' },
        failureReason:
          'More than 5 resources with PENDING or IN_PROGRESS status exist in the region.'
      },
      {
        match: { dataLocationPrefix: 's3://retail-data/odd/' },
        failureReason: 'Something nobody has documented & <b>happened</b>.'
      }
    ]
  })
})
afterAll(async () => emu.close())

const importRun = importRunner(
  () => ({
    'data-source': 's3://retail-data/interactions/',
    'role-arn': ROLE,
    tags: `tagKey=owner,tagValue=${SECRET_TAG}`,
    'endpoint-url': emu.url,
    region: 'us-east-1',
    'poll-interval': '1'
  }),
  runs
)

describe('if-exists', () => {
  it('attach: waits on the job a first attempt created and reports it as its own', async () => {
    const { arn, group } = freshDataset()
    const first = await importRun({ 'job-name': 'rerun-same', 'dataset-arn': arn, wait: 'false' })
    expect(first.exitCode).toBe(0)
    const again = await importRun({
      'job-name': 'rerun-same',
      'dataset-arn': arn,
      'if-exists': 'attach'
    })
    expect(again.exitCode).toBe(0)
    expect(again.annotations).toEqual([])
    expect(again.outputs).toEqual({
      preflight: 'off',
      'dataset-import-job-arn': jobArn('rerun-same'),
      'job-name': 'rerun-same',
      'console-url': consoleUrl(group),
      status: 'ACTIVE',
      'failure-reason': '',
      'duration-seconds': '6'
    })
    expect(again.stdout).toMatch(
      /^Job rerun-same already exists \(CREATE (PENDING|IN_PROGRESS)\) and imports the same data into the same dataset: attaching to it \(if-exists: attach\)\.\n/
    )
    expect(again.stdout).toContain(
      `Attached to import job rerun-same\nARN: ${jobArn('rerun-same')}`
    )
    expect(emu.jobs().filter((j) => j.jobName === 'rerun-same')).toHaveLength(1)
  })

  it('attach with wait: false: reports the status the existing job has reached', async () => {
    const { arn } = freshDataset()
    const first = await importRun({ 'job-name': 'rerun-done', 'dataset-arn': arn })
    expect(first.outputs.status).toBe('ACTIVE')
    const again = await importRun({
      'job-name': 'rerun-done',
      'dataset-arn': arn,
      'if-exists': 'attach',
      wait: 'false'
    })
    expect(again.exitCode).toBe(0)
    expect(again.outputs.status).toBe('ACTIVE')
    expect(again.outputs['duration-seconds']).toBe('1')
    expect(again.stdout).toContain('Not waiting (wait: false). Import job rerun-done is ACTIVE.')
  })

  it('attach: refuses a job that imports something else, saying what differs', async () => {
    const { arn } = freshDataset()
    await importRun({ 'job-name': 'rerun-other', 'dataset-arn': arn, wait: 'false' })
    const again = await importRun({
      'job-name': 'rerun-other',
      'dataset-arn': arn,
      'data-source': 's3://retail-data/other-day/',
      'if-exists': 'attach'
    })
    expect(again.exitCode).toBe(1)
    expect(again.outputs).toEqual({ 'job-name': 'rerun-other', preflight: 'off' })
    expect(again.annotations).toHaveLength(1)
    expect(again.annotations[0].title).toBe('CreateDatasetImportJob failed')
    expect(again.annotations[0].message).toContain(
      'The existing job is not this import: data location is s3://retail-data/interactions/, not s3://retail-data/other-day/. Give a new job-name.'
    )
    expect(again.annotations[0].message).toContain('No import job was created.')
  })

  it('fail (the default): says the name is taken and how attach would help', async () => {
    const { arn } = freshDataset()
    await importRun({ 'job-name': 'rerun-fail', 'dataset-arn': arn, wait: 'false' })
    const again = await importRun({ 'job-name': 'rerun-fail', 'dataset-arn': arn })
    expect(again.exitCode).toBe(1)
    expect(again.annotations[0].message).toContain(
      'An import job named rerun-fail already exists in this account and region, and job names can never be reused.'
    )
    expect(again.annotations[0].message).toContain(
      'Or set if-exists: attach to wait on that job if it imports the same data.'
    )
  })
})

describe('on-busy', () => {
  it('wait (the default): waits for the running import, naming it, then creates its own', async () => {
    const { arn } = freshDataset()
    const busy = await importRun({
      'job-name': 'busy-first',
      'dataset-arn': arn,
      'data-source': 's3://retail-data/busy-5s/',
      wait: 'false'
    })
    expect(busy.exitCode).toBe(0)
    emu.clearRequests()
    const run = await importRun({
      'job-name': 'busy-second',
      'dataset-arn': arn,
      'import-mode': 'INCREMENTAL'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.stdout).toContain(
      'Import job busy-first is CREATE PENDING on this dataset: waiting for it to end first (on-busy: wait).'
    )
    expect(run.stdout).toContain('[busy-first] ACTIVE after')
    const ops = emu.requests.map((r) => r.operation)
    const create = ops.indexOf('CreateDatasetImportJob')
    // Listed, waited on busy-first, listed again, then created.
    expect(ops[0]).toBe('ListDatasetImportJobs')
    expect(ops.slice(1, create - 1).every((op) => op === 'DescribeDatasetImportJob')).toBe(true)
    expect(ops[create - 1]).toBe('ListDatasetImportJobs')
    const busyDone = emu.jobs().find((j) => j.jobName === 'busy-first')!
    const second = emu.jobs().find((j) => j.jobName === 'busy-second')!
    expect(busyDone.status).toBe('ACTIVE')
    expect(second.creationDateTime).toBeGreaterThanOrEqual(busyDone.lastUpdatedDateTime)
  })

  it('fail: names the running import and creates nothing', async () => {
    const { arn } = freshDataset()
    await importRun({
      'job-name': 'busy-slow',
      'dataset-arn': arn,
      'data-source': 's3://retail-data/slow/',
      wait: 'false'
    })
    emu.clearRequests()
    const run = await importRun({
      'job-name': 'busy-refused',
      'dataset-arn': arn,
      'on-busy': 'fail'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({ 'job-name': 'busy-refused', preflight: 'off' })
    expect(emu.requests.map((r) => r.operation)).toEqual(['ListDatasetImportJobs'])
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Dataset busy with another import',
        message: `Import job busy-slow is CREATE PENDING on this dataset (on-busy is fail). No import job was created.\nARN of the running job: ${jobArn('busy-slow')}\nRun this step when it has ended, or with on-busy: wait and a longer wait-timeout.`
      }
    ])
  })
})

it('warns that a FULL import replaces the data of the earlier ACTIVE one', async () => {
  const { arn } = freshDataset()
  expect((await importRun({ 'job-name': 'full-first', 'dataset-arn': arn })).exitCode).toBe(0)
  const incremental = await importRun({
    'job-name': 'incremental-after',
    'dataset-arn': arn,
    'import-mode': 'INCREMENTAL'
  })
  expect(incremental.annotations).toEqual([])
  const full = await importRun({ 'job-name': 'full-again', 'dataset-arn': arn })
  expect(full.exitCode).toBe(0)
  expect(full.annotations).toEqual([
    {
      level: 'warning',
      title: 'FULL import replaces earlier bulk data',
      message:
        'import-mode is FULL: this import replaces all bulk data imported into the dataset before, including import incremental-after. Use import-mode: INCREMENTAL to add records instead.'
    }
  ])
})

describe('failures explained', () => {
  it.each([
    [
      's3://retail-data/no-access/',
      'Insufficient privileges',
      'the bucket policy lets the service principal personalize.amazonaws.com'
    ],
    [
      's3://retail-data/missing-columns/',
      'missing the following columns',
      'without a UTF-8 byte-order mark'
    ],
    [
      's3://retail-data/bad-location.csv',
      'Invalid Data location',
      's3://bucket/folder/ with the trailing /'
    ],
    [
      's3://retail-data/quota/',
      'More than 5 resources',
      'At most 5 imports may be pending or in progress per region'
    ],
    [
      's3://retail-data/first-incremental/',
      'INCREMENTAL import mode is only supported after a FULL import',
      'Run the first import with import-mode: FULL.'
    ]
  ])(
    '%s: the reason and what to do, in the annotation and the summary',
    async (source, reason, fix) => {
      const { arn } = freshDataset()
      const run = await importRun({
        'job-name': `explained-${groups}`,
        'dataset-arn': arn,
        'data-source': source,
        'import-mode': source.includes('incremental') ? 'INCREMENTAL' : 'FULL'
      })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.status).toBe('CREATE FAILED')
      expect(run.outputs['failure-reason']).toContain(reason)
      const [annotation] = run.annotations
      expect(annotation.title).toBe('Personalize import CREATE FAILED')
      expect(annotation.message).toContain(`: ${run.outputs['failure-reason']}\nWhat to do: `)
      expect(annotation.message).toContain(fix)
      expect(run.summary).toMatch(
        new RegExp(`<td>What to do</td><td>[^<]*${fix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)
      )
    }
  )

  it('shows an unknown reason verbatim, with no advice', async () => {
    const { arn } = freshDataset()
    const run = await importRun({
      'job-name': 'unexplained',
      'dataset-arn': arn,
      'data-source': 's3://retail-data/odd/'
    })
    const reason = 'Something nobody has documented & <b>happened</b>.'
    expect(run.exitCode).toBe(1)
    expect(run.outputs['failure-reason']).toBe(reason)
    expect(run.annotations[0].message).toBe(
      `Import job unexplained ended CREATE FAILED after 1s: ${reason}\nARN: ${jobArn('unexplained')}`
    )
    expect(run.summary).toContain(
      '<td>Failure reason</td><td>Something nobody has documented &amp; &lt;b&gt;happened&lt;/b&gt;.</td>'
    )
    expect(run.summary).not.toContain('What to do')
  })
})

describe('console links per partition', () => {
  it.each([
    [
      'aws-cn',
      'cn-north-1',
      'https://cn-north-1.console.amazonaws.cn/personalize/home?region=cn-north-1#arn:aws-cn:personalize:cn-north-1:123456789012:dataset-group$china/setup'
    ],
    [
      'aws-us-gov',
      'us-gov-west-1',
      'https://console.amazonaws-us-gov.com/personalize/home?region=us-gov-west-1#arn:aws-us-gov:personalize:us-gov-west-1:123456789012:dataset-group$china/setup'
    ]
  ])('%s', async (partition, region, url) => {
    const other = await startEmulator({
      port: 0,
      region,
      partition,
      accountId: ACCOUNT,
      credentials: CREDENTIALS,
      datasets: [{ datasetArn: datasetArn('china', 'ITEMS', region, partition) }],
      jobs: { pendingSeconds: 0.1, inProgressSeconds: 0.1 }
    })
    try {
      const run = await importRun({
        'job-name': `console-${partition}`,
        'dataset-arn': datasetArn('china', 'ITEMS', region, partition),
        'role-arn': `arn:${partition}:iam::${ACCOUNT}:role/PersonalizeS3Read`,
        'endpoint-url': other.url,
        region: '',
        wait: 'false'
      })
      expect(run.exitCode).toBe(0)
      expect(run.outputs['dataset-import-job-arn']).toBe(
        jobArn(`console-${partition}`, region, partition)
      )
      expect(run.outputs['console-url']).toBe(url)
      expect(run.summary).toContain(
        `<a href="${url}">Open the dataset group in the AWS console</a>`
      )
      // No region input or variable: the client signed for the ARN's region.
      expect(other.requests.map((r) => r.credential?.region)).toEqual([region, region])
    } finally {
      await other.close()
    }
  })
})

describe('region', () => {
  it('refuses a region that differs from the dataset ARN, sending nothing', async () => {
    emu.clearRequests()
    const run = await importRun(
      {
        'job-name': 'wrong-region',
        'dataset-arn': datasetArn('eu', 'USERS', 'eu-west-1'),
        region: ''
      },
      { env: { AWS_REGION: 'us-east-1' } }
    )
    expect(run.exitCode).toBe(1)
    expect(emu.requests).toEqual([])
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Invalid input',
        message:
          'An input is not valid; nothing was sent to AWS.\nInput `region`: us-east-1 (from AWS_REGION) is not the region of dataset-arn (eu-west-1). Personalize resources live in one region: set region: eu-west-1, or use the ARN of a resource in us-east-1.'
      }
    ])
  })
})

describe('the wait action', () => {
  const consoleUrls = new Map<string, string>()
  /** Starts one import with wait: false, as a parallel pipeline does, and returns its ARN. */
  async function started(name: string, type: string, source = 's3://retail-data/interactions/') {
    const { arn, group } = freshDataset(type)
    consoleUrls.set(name, consoleUrl(group))
    const run = await importRun({
      'job-name': name,
      'dataset-arn': arn,
      'data-source': source,
      wait: 'false'
    })
    expect(run.exitCode).toBe(0)
    return run.outputs['dataset-import-job-arn']
  }

  async function waitRun(arns: string[], inputs: Record<string, string> = {}, env = {}) {
    const run = await runWaitAction({
      inputs: {
        'dataset-import-job-arn': arns.join('\n'),
        'endpoint-url': emu.url,
        'poll-interval': '1',
        ...inputs
      },
      env
    })
    runs.push(run)
    return run
  }

  it('waits for Users, Items and Interactions imports together and maps each ARN to ACTIVE', async () => {
    const arns = await Promise.all([
      started('pipeline-users', 'USERS'),
      started('pipeline-items', 'ITEMS'),
      started('pipeline-interactions', 'INTERACTIONS')
    ])
    emu.clearRequests()
    const run = await waitRun(arns)
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toEqual([])
    expect(JSON.parse(run.outputs.statuses)).toEqual({
      [arns[0]]: 'ACTIVE',
      [arns[1]]: 'ACTIVE',
      [arns[2]]: 'ACTIVE'
    })
    expect(run.outputs['failure-reasons']).toBe('{}')
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.stdout).toContain('Waiting up to 3h for 3 import jobs (checks at most 1s apart).')
    expect(run.stdout).toContain('[pipeline-items] ACTIVE after')
    expect(run.stdout).toContain('3 of 3 import jobs ACTIVE.')
    expect(new Set(emu.requests.map((r) => r.operation))).toEqual(
      new Set(['DescribeDatasetImportJob'])
    )
    // The region came from the ARNs: no region input, no AWS_REGION.
    expect(new Set(emu.requests.map((r) => r.credential?.region))).toEqual(new Set(['us-east-1']))
    expect(run.summary).toContain('<td>pipeline-users</td><td>✅ ACTIVE</td>')
  })

  it('waits for the jobs given when a skipped import step left its line blank', async () => {
    const arns = [await started('skip-users', 'USERS'), '', await started('skip-items', 'ITEMS')]
    const run = await waitRun(arns)
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toEqual([])
    expect(JSON.parse(run.outputs.statuses)).toEqual({ [arns[0]]: 'ACTIVE', [arns[2]]: 'ACTIVE' })
    expect(run.stdout).toContain('Waiting up to 3h for 2 import jobs (checks at most 1s apart).')
  })

  it('fails when any job failed, with its reason and what to do', async () => {
    const arns = await Promise.all([
      started('pair-ok', 'USERS'),
      started('pair-bad', 'ITEMS', 's3://retail-data/no-access/')
    ])
    const run = await waitRun(arns)
    const reason =
      'Failed to create a data import job for Items dataset. Insufficient privileges for accessing data in Amazon S3.'
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs.statuses)).toEqual({
      [arns[0]]: 'ACTIVE',
      [arns[1]]: 'CREATE FAILED'
    })
    expect(JSON.parse(run.outputs['failure-reasons'])).toEqual({ [arns[1]]: reason })
    expect(run.outputs.status).toBe('CREATE FAILED')
    expect(run.annotations).toHaveLength(1)
    expect(run.annotations[0].title).toBe('Personalize import CREATE FAILED')
    expect(run.annotations[0].message).toMatch(
      new RegExp(
        `^Import job pair-bad ended CREATE FAILED after 1s: ${reason.replace(/\./g, '\\.')}\nWhat to do: Personalize could not read the data\\.`
      )
    )
    expect(run.summary).toContain('<td>pair-bad</td><td>❌ CREATE FAILED</td>')
  })

  it('stops at wait-timeout saying the imports go on', async () => {
    const arns = [await started('late-one', 'USERS', 's3://retail-data/slow/')]
    const run = await waitRun(arns, { 'wait-timeout': '2s' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('CREATE PENDING')
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Personalize import still running at wait-timeout',
        message: `Import job late-one is still ${run.outputs.status} after waiting 2s (wait-timeout). Personalize import jobs cannot be stopped: this one goes on.\nARN: ${arns[0]}\nConsole: ${consoleUrls.get('late-one')}\nRaise wait-timeout, or wait for it in a later step.`
      }
    ])
  })

  it('reports an ARN that does not exist, and goes on with the others', async () => {
    const arns = [await started('exists', 'USERS'), jobArn('never-created')]
    const run = await waitRun(arns)
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs.statuses)).toEqual({ [arns[0]]: 'ACTIVE', [arns[1]]: '' })
    expect(run.annotations).toHaveLength(1)
    expect(run.annotations[0].title).toBe('DescribeDatasetImportJob failed')
    expect(run.annotations[0].message).toContain(
      'DescribeDatasetImportJob failed: ResourceNotFoundException'
    )
    expect(run.annotations[0].message).toContain(`ARN: ${jobArn('never-created')}`)
    expect(run.annotations[0].message).not.toContain('goes on')
  })

  it.each([
    [
      'no ARN',
      [],
      {},
      'Input `dataset-import-job-arn`: has no ARN: give the dataset-import-job-arn output of one or more import steps, or any Personalize ARNs in arn, one per line. Blank lines (from steps that were skipped) are ignored; when every step may be skipped, give this step the same if: condition.'
    ],
    [
      'a dataset ARN',
      [datasetArn('retail')],
      {},
      `Input \`dataset-import-job-arn\`: "${datasetArn('retail')}" is not a dataset import job ARN. Expected arn:aws:personalize:<region>:<account>:dataset-import-job/<job name>, such as the dataset-import-job-arn output of the import action; give this dataset in the arn input.`
    ],
    [
      'ARNs in two regions',
      [jobArn('a'), jobArn('b', 'eu-west-1')],
      {},
      'Input `dataset-import-job-arn`: the resources are in several regions (us-east-1, eu-west-1). Use one wait step per region.'
    ],
    [
      'a region that is not the ARNs',
      [jobArn('a')],
      { AWS_REGION: 'eu-west-1' },
      'Input `region`: eu-west-1 (from AWS_REGION) is not the region of dataset-import-job-arn (us-east-1). Personalize resources live in one region: set region: us-east-1, or use the ARN of a resource in eu-west-1.'
    ]
  ])('refuses %s, sending nothing', async (_what, arns, env, message) => {
    emu.clearRequests()
    const run = await waitRun(arns, {}, env)
    expect(run.exitCode).toBe(1)
    expect(emu.requests).toEqual([])
    expect(run.outputs).toEqual({})
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Invalid input',
        message: `An input is not valid; nothing was sent to AWS.\n${message}`
      }
    ])
  })
})

// Last in the file, so it sees every run above.
it('never shows a credential secret or a tag value, across every run', () => {
  expect(runs.length).toBeGreaterThan(20)
  for (const run of runs) {
    const seen = visible(run)
    expect(seen).not.toContain(CREDENTIALS.secretAccessKey)
    expect(seen).not.toContain(CREDENTIALS.sessionToken)
    expect(seen).not.toContain(SECRET_TAG)
  }
})
