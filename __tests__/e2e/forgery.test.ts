// Nothing from outside is forged into the run, and every ending is reported, end to end on the
// bundles against an emulator that answers with forged content: service text with workflow
// commands, HTML and markdown in every printed place; answers about another job; error messages
// that echo the tags. Every stdout line is parsed the way the runner parses it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FORGED_STATUS, FORGED_TEXT, type Emulator, type Fault } from '../../emulator/index.js'
import { importRunner, runWaitAction, visible, type ActionRun } from './runner.js'
import { ACCOUNT, ROLE, consoleUrl, datasetArn, jobArn, startWorld } from './fixture.js'
import { recordFigures } from './figures.js'

// Spaces and a non-ASCII letter, so that the JSON and URL-encoded echoes differ from the value.
// Jobs that stay CREATE PENDING: a busy dataset, and durations that do not depend on timing.
const SLOW = 's3://retail-data/slow/'
const SECRET_TAG = 'sécret forged-tag 42'
const SECRET_FORMS = [SECRET_TAG, encodeURIComponent(SECRET_TAG), 'forged-tag']

// FORGED_TEXT as the log shows it: a zero-width space splits each "::" at a line start and each
// "##[", the CR is a line break, control characters are spelled out.
const FORGED_IN_LOG = [
  'Forged reason',
  ':\u200b:error title=Forged::a forged annotation',
  ':\u200b:set-output name=status::ACTIVE',
  '  :\u200b:add-mask::indented',
  '\\u0085::notice::after a NEL',
  '##\u200b[error]legacy command',
  '<img src=x onerror=alert(1)> <b>bold</b> | a | pipe | </td></tr></table>',
  '',
  '# A heading',
  '[a link](https://evil.example) ![an image](https://evil.example/x.png) \\u001b[31mred\\u001b[0m',
  ':\u200b:warning::after a CR'
].join('\n')
// FORGED_TEXT in a summary cell: one line, HTML as entities, line breaks as <br>.
const FORGED_IN_SUMMARY =
  'Forged reason<br>::error title=Forged::a forged annotation<br>::set-output name=status::ACTIVE<br>  ::add-mask::indented<br>\\u0085::notice::after a NEL<br>##[error]legacy command<br>' +
  '&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;bold&lt;/b&gt; &#124; a &#124; pipe &#124; &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;<br><br># A heading<br>' +
  '[a link](https://evil.example) ![an image](https://evil.example/x.png) \\u001b[31mred\\u001b[0m<br>::warning::after a CR'

const TITLES = [
  'Personalize import CREATE FAILED',
  'Personalize import still running at wait-timeout',
  'Stopped waiting; the import goes on',
  'Dataset busy with another import',
  'Job summary not written',
  'Step outputs not written',
  'CreateDatasetImportJob failed',
  'DescribeDatasetImportJob failed',
  'ListDatasetImportJobs failed'
]

/**
 * The workflow commands in stdout the runner would act on that the action did not mean: any line
 * that starts with "::" after the runner's whitespace trim (U+0085 included) other than an error
 * or warning annotation with one of the action's titles, and any line with the legacy "##[".
 */
function unintendedCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line) => {
    if (line.includes('##[')) return true
    const command = line.replace(/^[\s\u0085]+/, '')
    if (!command.startsWith('::')) return false
    const m = /^::(error|warning) title=([^:,]*)::/.exec(command)
    return !m || !TITLES.includes(m[2].replace(/%3A/g, ':').replace(/%2C/g, ','))
  })
}

const runs: ActionRun[] = []
const unintended: string[] = []
let emu: Emulator
let groups = 0
function freshDataset(): { arn: string; group: string } {
  const group = `forge-${++groups}`
  emu.addDataset({ datasetArn: datasetArn(group) })
  return { arn: datasetArn(group), group }
}

beforeAll(async () => {
  emu = await startWorld({
    datasets: [],
    jobs: { pendingSeconds: 0, inProgressSeconds: 1 },
    existingJobs: [],
    outcomes: [{ match: { dataLocationPrefix: SLOW }, pendingSeconds: 60 }],
    // The slow jobs pile up: no regional quota here.
    maxRunningImports: 1000
  })
})
afterAll(async () => {
  await emu.close()
  for (const run of runs) unintended.push(...unintendedCommands(run.stdout))
  recordFigures(
    import.meta.filename,
    `forgery: ${runs.length} runs, ${unintended.length} unintended workflow commands in stdout\n`
  )
})

const importRun = importRunner(
  () => ({
    'data-source': 's3://retail-data/interactions/',
    'role-arn': ROLE,
    tags: `tagKey=owner,tagValue="${SECRET_TAG}"`,
    'endpoint-url': emu.url,
    region: 'us-east-1',
    'poll-interval': '1'
  }),
  runs
)

/** An import run on a fresh dataset, with the faults injected first. */
async function forged(name: string, faults: Fault[], inputs: Record<string, string> = {}) {
  const dataset = freshDataset()
  for (const fault of faults) emu.injectFault(fault)
  const run = await importRun({
    'job-name': name,
    'dataset-arn': dataset.arn,
    'data-source': SLOW,
    ...inputs
  })
  expect(unintendedCommands(run.stdout)).toEqual([])
  // Outputs are data and keep the text as it came; the log and the summary show no raw NEL.
  expect(run.stdout + run.summary).not.toContain('\u0085')
  for (const form of SECRET_FORMS) expect(visible(run)).not.toContain(form)
  return { run, ...dataset }
}

const summaryOf = (rows: [string, string][], notes: string[] = []) =>
  `<h3>Personalize dataset import</h3>\n<table><tr><th>Field</th><th>Value</th></tr>${rows
    .map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`)
    .join('')}</table>\n${notes.map((n) => `<p>${n}</p>\n`).join('')}`

describe('forged service text', () => {
  it('a failure reason stays text: in the annotation, and in its summary cell', async () => {
    const { run, arn, group } = await forged('forged-reason', [
      { operation: 'DescribeDatasetImportJob', kind: 'forged-text' }
    ])
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({
      'dataset-import-job-arn': jobArn('forged-reason'),
      'job-name': 'forged-reason',
      preflight: 'off',
      'console-url': consoleUrl(group),
      status: 'CREATE FAILED',
      'failure-reason': FORGED_TEXT,
      'duration-seconds': '0'
    })
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'Personalize import CREATE FAILED',
        message: `Import job forged-reason ended CREATE FAILED after 0s: ${FORGED_IN_LOG}\nARN: ${jobArn('forged-reason')}`
      }
    ])
    expect(run.summary).toBe(
      summaryOf(
        [
          ['Job name', 'forged-reason'],
          ['Job ARN', jobArn('forged-reason')],
          ['Dataset', arn],
          ['Data location', SLOW],
          ['Import mode', 'FULL'],
          ['Status', '❌ CREATE FAILED'],
          ['Duration', '0s'],
          ['Failure reason', FORGED_IN_SUMMARY]
        ],
        [`<a href="${consoleUrl(group)}">Open the dataset group in the AWS console</a>`]
      )
    )
  })

  it('a status no job has is an error, never our status', async () => {
    const { run, group } = await forged('forged-status', [
      { operation: 'DescribeDatasetImportJob', kind: 'forged-status' }
    ])
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('CREATE PENDING')
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: 'DescribeDatasetImportJob failed',
        message: `DescribeDatasetImportJob failed: UnexpectedAnswer: DescribeDatasetImportJob for ${jobArn('forged-status')} answered with the status ${JSON.stringify(FORGED_STATUS)}.\nThe answer is not about what the action asked for, so it is not used. Check endpoint-url, and any proxy between the runner and AWS (HTTPS_PROXY).\nImport job forged-status was last seen CREATE PENDING. Personalize import jobs cannot be stopped: this one goes on.\nARN: ${jobArn('forged-status')}\nConsole: ${consoleUrl(group)}`
      }
    ])
  })

  it.each(['ListDatasetImportJobs', 'CreateDatasetImportJob', 'DescribeDatasetImportJob'] as const)(
    'an error message from %s stays text in the log and the summary',
    async (operation) => {
      const name = `forged-error-${operation.length}`
      const { run } = await forged(name, [{ operation, kind: 'forged-error' }])
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toHaveLength(1)
      expect(run.annotations[0].title).toBe(`${operation} failed`)
      expect(run.annotations[0].message).toContain(
        `${operation} failed: InvalidInputException: ${FORGED_IN_LOG}\nPersonalize rejected the request.`
      )
      expect(run.summary).toContain(
        `${operation} failed: InvalidInputException: ${FORGED_IN_SUMMARY}`
      )
      expect(run.summary.split('\n').filter(Boolean)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^<table>.*<\/table>$/)])
      )
      for (const line of run.summary.split('\n').filter(Boolean))
        expect(line).toMatch(/^<(h3|table|p)>/)
    }
  )

  it('the wait action keeps forged text in the annotation and its summary cell', async () => {
    const { arn } = freshDataset()
    const started = await importRun({
      'job-name': 'waited-forged',
      'dataset-arn': arn,
      'data-source': SLOW,
      wait: 'false'
    })
    expect(started.exitCode).toBe(0)
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'forged-text' })
    const run = await runWaitAction({
      inputs: {
        'dataset-import-job-arn': jobArn('waited-forged'),
        'endpoint-url': emu.url,
        'poll-interval': '1',
        'wait-timeout': '30s'
      }
    })
    runs.push(run)
    expect(run.exitCode).toBe(1)
    expect(unintendedCommands(run.stdout)).toEqual([])
    expect(run.annotations[0].message).toContain(FORGED_IN_LOG)
    expect(JSON.parse(run.outputs['failure-reasons'])).toEqual({
      [jobArn('waited-forged')]: FORGED_TEXT
    })
    expect(run.summary).toContain(
      `<tr><td>waited-forged</td><td>❌ CREATE FAILED</td><td>0s</td><td>${FORGED_IN_SUMMARY}</td>`
    )
  })
})

describe('answers about another job', () => {
  const FORGED_PARTS = ['someone-elses-job', '999999999999', 'eu-west-3']
  const noForgedOutput = (run: ActionRun) => {
    for (const part of FORGED_PARTS) {
      expect(JSON.stringify(run.outputs)).not.toContain(part)
      expect(run.stdout.split('\n').filter((l) => /^(ARN|Console): /.test(l))).not.toEqual(
        expect.arrayContaining([expect.stringContaining(part)])
      )
      expect(run.summary).not.toMatch(new RegExp(`href="[^"]*${part}`))
    }
  }

  it.each(['other-job', 'other-account', 'other-region'] as const)(
    'Describe answering %s: an error, our ARN kept, no status from it',
    async (kind) => {
      const name = `describe-${kind}`
      const { run, group } = await forged(name, [{ operation: 'DescribeDatasetImportJob', kind }])
      expect(run.exitCode).toBe(1)
      expect(run.outputs).toEqual({
        'dataset-import-job-arn': jobArn(name),
        'job-name': name,
        preflight: 'off',
        'console-url': consoleUrl(group),
        status: 'CREATE PENDING',
        'failure-reason': '',
        'duration-seconds': '0'
      })
      expect(run.annotations).toHaveLength(1)
      expect(run.annotations[0].title).toBe('DescribeDatasetImportJob failed')
      expect(run.annotations[0].message).toMatch(
        new RegExp(
          `^DescribeDatasetImportJob failed: UnexpectedAnswer: DescribeDatasetImportJob for ${jobArn(name)} answered (about the job|with the dataset) "`
        )
      )
      noForgedOutput(run)
    }
  )

  it.each(['other-job', 'other-account', 'other-region'] as const)(
    'Create answering %s: an error, no ARN output or link from it',
    async (kind) => {
      const name = `create-${kind}`
      const { run } = await forged(name, [{ operation: 'CreateDatasetImportJob', kind }])
      expect(run.exitCode).toBe(1)
      expect(run.outputs).toEqual({ 'job-name': name, preflight: 'off' })
      expect(run.annotations).toHaveLength(1)
      expect(run.annotations[0].title).toBe('CreateDatasetImportJob failed')
      expect(run.annotations[0].message).toContain(
        `, not ${jobArn(name)}, the ARN of the job it was asked to create.`
      )
      expect(run.annotations[0].message).toContain(
        `An attempt may have created the job before its answer was lost: look for ${jobArn(name)}.`
      )
      noForgedOutput(run)
    }
  )

  // A list is about other jobs by nature: another name alone is no forgery, another home is.
  it.each(['other-account', 'other-region'] as const)(
    'List answering %s: an error before anything is created',
    async (kind) => {
      const { arn } = freshDataset()
      await importRun({ 'job-name': `listed-${kind}`, 'dataset-arn': arn, wait: 'false' })
      emu.clearRequests()
      emu.injectFault({ operation: 'ListDatasetImportJobs', kind })
      const run = await importRun({ 'job-name': `after-${kind}`, 'dataset-arn': arn })
      expect(unintendedCommands(run.stdout)).toEqual([])
      expect(run.exitCode).toBe(1)
      expect(emu.requests.map((r) => r.operation)).toEqual(['ListDatasetImportJobs'])
      expect(run.outputs).toEqual({ 'job-name': `after-${kind}`, preflight: 'off' })
      expect(run.annotations[0].title).toBe('ListDatasetImportJobs failed')
      expect(run.annotations[0].message).toContain('UnexpectedAnswer')
      noForgedOutput(run)
    }
  )

  it('the wait action: a Describe about another job is that ARN’s error, no link', async () => {
    const { arn } = freshDataset()
    await importRun({ 'job-name': 'waited-other', 'dataset-arn': arn, wait: 'false' })
    emu.injectFault({ operation: 'DescribeDatasetImportJob', kind: 'other-account' })
    const run = await runWaitAction({
      inputs: {
        'dataset-import-job-arn': jobArn('waited-other'),
        'endpoint-url': emu.url,
        'poll-interval': '1',
        'wait-timeout': '30s'
      }
    })
    runs.push(run)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({
      statuses: JSON.stringify({ [jobArn('waited-other')]: '' }),
      'failure-reasons': '{}',
      status: '',
      succeeded: 'false',
      // Nothing from the answer about another job.
      details: JSON.stringify({ [jobArn('waited-other')]: { kind: 'datasetImportJob' } })
    })
    expect(run.annotations[0].title).toBe('DescribeDatasetImportJob failed')
    noForgedOutput(run)
    expect(run.summary).not.toContain('<a ')
  })
})

describe('tag values stay secret', () => {
  it('an error message that echoes the tags is redacted, in every form', async () => {
    const { run } = await forged('echoed-tags', [
      { operation: 'CreateDatasetImportJob', kind: 'echo-tags' }
    ])
    expect(run.exitCode).toBe(1)
    expect(run.annotations[0].message).toContain(
      'InvalidInputException: 1 validation error detected: Value \'[{tagKey: owner, tagValue: ***}]\' at \'tags\' failed to satisfy constraint: [{"tagKey":"owner","tagValue":"***"}] (***)'
    )
    expect(run.summary).toContain('tagValue: ***')
  })
})

describe('every ending is reported', () => {
  const noJob = (
    run: ActionRun,
    [name, arn, location]: [string, string, string],
    happened: string,
    advice: string
  ) => {
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({ 'job-name': name, preflight: 'off' })
    expect(run.summary).toBe(
      summaryOf([
        ['Job name', name],
        ['Status', '⛔ not created'],
        ['Dataset', arn],
        ['Data location', location],
        ['Import mode', 'FULL'],
        ['What happened', happened],
        ['What to do', advice]
      ])
    )
  }

  it('a taken name (if-exists: fail)', async () => {
    const { arn } = freshDataset()
    await importRun({ 'job-name': 'taken', 'dataset-arn': arn, wait: 'false' })
    const run = await importRun({ 'job-name': 'taken', 'dataset-arn': arn })
    expect(run.annotations).toHaveLength(1)
    noJob(
      run,
      ['taken', arn, 's3://retail-data/interactions/'],
      `CreateDatasetImportJob failed: ResourceAlreadyExistsException: Another resource with Arn ${jobArn('taken')} already exists. No import job was created.`,
      'An import job named taken already exists in this account and region, and job names can never be reused. Give a new job-name, or leave job-name empty: a new run attempt gets a new default name. Or set if-exists: attach to wait on that job if it imports the same data.'
    )
  })

  it('a permission error', async () => {
    const { run, arn } = await forged('denied', [
      { operation: 'CreateDatasetImportJob', kind: 'access-denied' }
    ])
    expect(run.annotations).toHaveLength(1)
    noJob(
      run,
      ['denied', arn, SLOW],
      `CreateDatasetImportJob failed: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/session is not authorized to perform: personalize:CreateDatasetImportJob on resource: ${jobArn('denied')} because no identity-based policy allows the personalize:CreateDatasetImportJob action No import job was created.`,
      `The caller lacks permission personalize:CreateDatasetImportJob on ${jobArn('denied')}, the import job it would create. Allow personalize:CreateDatasetImportJob on arn:aws:personalize:us-east-1:${ACCOUNT}:dataset-import-job/* (as well as on the dataset) in the IAM policy of the role used by configure-aws-credentials.`
    )
  })

  it.each([
    ['on-busy: fail', 'fail', 'on-busy is fail'],
    ['a cancel while waiting for it', 'wait', 'the step was cancelled while waiting for it']
  ])('a busy dataset: %s', async (_what, onBusy, why) => {
    const { arn } = freshDataset()
    const busyJob = `busy-${onBusy}`
    const busy = await importRun({
      'job-name': busyJob,
      'dataset-arn': arn,
      'data-source': SLOW,
      wait: 'false'
    })
    expect(busy.exitCode).toBe(0)
    const name = `after-busy-${onBusy}`
    const run = await importRun(
      { 'job-name': name, 'dataset-arn': arn, 'on-busy': onBusy },
      {
        onStart: (child, stdout) => {
          const timer = setInterval(() => {
            if (stdout().includes('waiting for it to end first')) {
              clearInterval(timer)
              child.kill('SIGINT')
            }
          }, 20)
          child.on('exit', () => clearInterval(timer))
        }
      }
    )
    const happened = `Import job ${busyJob} is CREATE PENDING on this dataset (${why}). No import job was created.`
    expect(run.annotations.at(-1)).toEqual({
      level: 'error',
      title: 'Dataset busy with another import',
      message: `${happened}\nARN of the running job: ${jobArn(busyJob)}\nRun this step when it has ended, or with on-busy: wait and a longer wait-timeout.`
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({ 'job-name': name, preflight: 'off' })
    expect(run.summary).toBe(
      summaryOf([
        ['Job name', name],
        ['Status', '⛔ not created'],
        ['Running job', jobArn(busyJob)],
        ['Dataset', arn],
        ['Data location', 's3://retail-data/interactions/'],
        ['Import mode', 'FULL'],
        ['What happened', happened],
        [
          'What to do',
          'Run this step when it has ended, or with on-busy: wait and a longer wait-timeout.'
        ]
      ])
    )
  })

  it.each([
    ['GITHUB_STEP_SUMMARY', 'Job summary not written'],
    ['GITHUB_OUTPUT', 'Step outputs not written']
  ])('an unwritable %s on an ACTIVE import: a warning, exit 0', async (file, title) => {
    const { arn } = freshDataset()
    // A directory: appending to it fails (EISDIR) as an unwritable file would.
    const dir = mkdtempSync(join(tmpdir(), 'forge-unwritable-'))
    const run = await importRun(
      { 'job-name': `unwritable-${file.length}`, 'dataset-arn': arn },
      { env: { [file]: dir } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('Import job unwritable')
    expect(run.annotations).toEqual([
      { level: 'warning', title, message: expect.stringContaining(`${file} (EISDIR`) }
    ])
    expect(unintendedCommands(run.stdout)).toEqual([])
  })
})

it('no run printed an unintended workflow command', () => {
  expect(runs.length).toBeGreaterThanOrEqual(20)
  expect(runs.flatMap((run) => unintendedCommands(run.stdout))).toEqual([])
})
