// Text from outside made inert, answers checked against the request, hostile input refused, one
// bounded file reader: the pure pieces, and the reader on real files.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as yaml from 'yaml'
import { checkCreatedArn, checkDescribedJob, checkListedJobs, parseArn } from '../../src/arn.js'
import { describeAwsError, redactTags } from '../../src/aws-errors.js'
import { buildConfig } from '../../src/config.js'
import { parseCliInput } from '../../src/cli-input.js'
import { InputError, InputErrors } from '../../src/errors.js'
import { escapeLog, escapeSummary } from '../../src/escape.js'
import { consoleUrl } from '../../src/explain.js'
import { checkDepth, parseDataSource, parseTags } from '../../src/params.js'
import { FileRefusedError, readTextFile } from '../../src/read-file.js'
import { parseShorthand } from '../../src/shorthand.js'
import { summaryHtml } from '../../src/summary.js'
import { rawInputs } from './fixtures.js'

const MAX = 64 * 1024
const ENV = { env: {}, workspace: '/ws', readText: () => '' }
const PREFIX = 'arn:aws:personalize:us-east-1:123456789012'
const DATASET = `${PREFIX}:dataset/retail/INTERACTIONS`
const JOB = `${PREFIX}:dataset-import-job/nightly-1`

describe('escapeLog', () => {
  it.each([
    ['::error::x', ':\u200b:error::x'],
    ['a\n::set-output name=s::ACTIVE', 'a\n:\u200b:set-output name=s::ACTIVE'],
    ['a\r::warning::cr', 'a\n:\u200b:warning::cr'],
    ['a\r\n  \t::notice::indented', 'a\n  \t:\u200b:notice::indented'],
    ['\u0085::error::nel', '\\u0085::error::nel'],
    ['x ##[error]legacy', 'x ##\u200b[error]legacy'],
    ['\u001b[31mred', '\\u001b[31mred'],
    ['arn:aws:iam::123456789012:role/r stays', 'arn:aws:iam::123456789012:role/r stays'],
    ['tab\tand new\nline', 'tab\tand new\nline']
  ])('%j', (text, escaped) => {
    expect(escapeLog(text)).toBe(escaped)
  })
})

describe('summary', () => {
  it('keeps newlines, blank lines, pipes, markdown and HTML in their cell', () => {
    expect(escapeSummary('a\n\n| b | [l](u) ![i](u) <td>"\'&\r\nc')).toBe(
      'a<br><br>&#124; b &#124; [l](u) ![i](u) &lt;td&gt;&quot;&#39;&amp;<br>c'
    )
  })

  it('builds links only from its parts, escaped', () => {
    expect(
      summaryHtml({
        heading: 'H <1>',
        header: ['k', 'v'],
        rows: [['a|b', { href: 'https://x/?a="b"', text: '<c>' }]],
        notes: ['n\nm']
      })
    ).toBe(
      '<h3>H &lt;1&gt;</h3>\n<table><tr><th>k</th><th>v</th></tr><tr><td>a&#124;b</td><td><a href="https://x/?a=&quot;b&quot;">&lt;c&gt;</a></td></tr></table>\n<p>n<br>m</p>\n'
    )
  })
})

describe('answers checked against the request', () => {
  it('parses regional ARNs only', () => {
    expect(parseArn(JOB)).toEqual({
      partition: 'aws',
      service: 'personalize',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'dataset-import-job/nightly-1'
    })
    expect(parseArn('arn:aws:iam::123456789012:role/r')).toBeUndefined()
    expect(parseArn('arn:aws:personalize:us-east-1:12345:x')).toBeUndefined()
  })

  it.each([
    `${PREFIX}:dataset-import-job/other`,
    'arn:aws:personalize:us-east-1:999999999999:dataset-import-job/nightly-1',
    'arn:aws:personalize:eu-west-3:123456789012:dataset-import-job/nightly-1',
    'arn:aws-cn:personalize:us-east-1:123456789012:dataset-import-job/nightly-1',
    undefined
  ])('refuses a create answered with %s', (answered) => {
    expect(() => checkCreatedArn(answered, { datasetArn: DATASET, jobName: 'nightly-1' })).toThrow(
      /^CreateDatasetImportJob answered with the ARN .*, not arn:aws:personalize:us-east-1:123456789012:dataset-import-job\/nightly-1, the ARN of the job it was asked to create\.$/
    )
    expect(checkCreatedArn(JOB, { datasetArn: DATASET, jobName: 'nightly-1' })).toBe(JOB)
  })

  it.each([
    [
      { datasetImportJobArn: `${PREFIX}:dataset-import-job/other`, status: 'ACTIVE' },
      'about the job'
    ],
    [{ jobName: 'other', status: 'ACTIVE' }, 'with the job name "other"'],
    [{ status: 'DONE\n::set-output name=x::y' }, 'with the status "DONE\\n::set-output name=x::y"'],
    [
      {
        status: 'ACTIVE',
        datasetArn: 'arn:aws:personalize:us-east-1:999999999999:dataset/g/ITEMS'
      },
      'with the dataset'
    ],
    [{ status: 'ACTIVE', datasetArn: `${PREFIX}:schema/s` }, 'with the dataset']
  ])('refuses a describe answered %j', (job, why) => {
    expect(() => checkDescribedJob(job, JOB)).toThrow(
      `DescribeDatasetImportJob for ${JOB} answered ${why}`
    )
  })

  it('accepts a describe of the job asked about', () => {
    const job = {
      datasetImportJobArn: JOB,
      jobName: 'nightly-1',
      status: 'ACTIVE',
      datasetArn: DATASET
    }
    expect(checkDescribedJob(job, JOB)).toBe(job)
  })

  it('refuses a listed job of another account, a bad name or an unknown status', () => {
    const ok = {
      jobName: 'a',
      datasetImportJobArn: `${PREFIX}:dataset-import-job/a`,
      status: 'ACTIVE'
    }
    expect(checkListedJobs([ok], DATASET)).toEqual([ok])
    for (const bad of [
      {
        ...ok,
        datasetImportJobArn: 'arn:aws:personalize:us-east-1:999999999999:dataset-import-job/a'
      },
      { ...ok, jobName: 'a\n::error::x' },
      { ...ok, status: 'GONE' }
    ])
      expect(() => checkListedJobs([bad], DATASET)).toThrow(/^ListDatasetImportJobs for /)
  })

  it('an unexpected answer is fatal, with advice', () => {
    let error: unknown
    try {
      checkDescribedJob({ status: 'X' }, JOB)
    } catch (e) {
      error = e
    }
    expect(
      describeAwsError('DescribeDatasetImportJob', error, { region: 'us-east-1' })
    ).toMatchObject({
      code: 'UnexpectedAnswer',
      kind: 'fatal'
    })
  })

  it('builds a console link only from well-formed, matching ARNs', () => {
    expect(consoleUrl(JOB, DATASET)).toBe(
      'https://us-east-1.console.aws.amazon.com/personalize/home?region=us-east-1#arn:aws:personalize:us-east-1:123456789012:dataset-group$retail/setup'
    )
    for (const [job, dataset] of [
      ['arn:aws:personalize:us-east-1:999999999999:dataset-import-job/j', DATASET],
      ['arn:aws:personalize:eu-west-3:123456789012:dataset-import-job/j', DATASET],
      [JOB, `${PREFIX}:dataset/"><script>/INTERACTIONS`],
      [`${PREFIX}:dataset-import-job/a b`, DATASET],
      ['not an arn', DATASET]
    ])
      expect(consoleUrl(job, dataset)).toBeUndefined()
  })
})

describe('tag values stay secret', () => {
  it('redacts values as they are, URL-encoded and JSON-escaped, longest first', () => {
    const tags = [
      { tagKey: 'a', tagValue: 'sécret value' },
      { tagKey: 'b', tagValue: 'sécret' }
    ]
    expect(redactTags('x sécret value y s%C3%A9cret%20value z s\\u00e9cret w sécret', tags)).toBe(
      'x *** y *** z *** w ***'
    )
  })

  it('in the failure text', () => {
    const failure = describeAwsError(
      'CreateDatasetImportJob',
      Object.assign(new Error("Value 'top-secret-1' at 'tags'"), { name: 'InvalidInputException' }),
      { region: 'us-east-1', tags: [{ tagKey: 'k', tagValue: 'top-secret-1' }] }
    )
    expect(failure.text).toContain("InvalidInputException: Value '***' at 'tags'")
  })

  it('keeps an error type to the characters of a code', () => {
    const failure = describeAwsError(
      'DescribeDatasetImportJob',
      Object.assign(new Error('m'), { name: 'Bad\n::error::x<b>' }),
      { region: 'us-east-1' }
    )
    expect(failure.code).toBe('Bad___error__x_b_')
  })
})

describe('hostile input', () => {
  const refused = (fn: () => unknown) => {
    // How fast is the e2e table's figure (bad-input.test.ts), on the bundle: not timed here.
    let error: unknown
    try {
      fn()
    } catch (e) {
      error = e
    }
    const first = error instanceof InputErrors ? error.errors[0] : error
    expect(first).toBeInstanceOf(InputError)
    return (first as InputError).message
  }
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)

  it.each([
    [
      'data-source JSON 500k deep',
      () => parseDataSource('data-source', `{"dataLocation": ${deep(500_000)}}`)
    ],
    ['tags JSON 10k deep', () => parseTags('tags', deep(10_000))],
    [
      'data-source shorthand 10k deep',
      () => parseDataSource('data-source', `dataLocation=${deep(10_000)}`)
    ],
    ['cli-input-json 10k deep', () => parseCliInput('cli-input-json', `{"tags": ${deep(10_000)}}`)],
    [
      'cli-input-yaml 10k deep',
      () => parseCliInput('cli-input-yaml', `tags: ${deep(10_000)}`, yaml)
    ],
    [
      'cli-input-yaml unknown tag',
      () => parseCliInput('cli-input-yaml', 'jobName: !!unknown x', yaml)
    ],
    [
      'cli-input-yaml billion laughs',
      () =>
        parseCliInput(
          'cli-input-yaml',
          'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
          yaml
        )
    ],
    [
      'data-source shorthand of 64 KiB',
      () => parseDataSource('data-source', `dataLocation=${'x,'.repeat(MAX / 2)}`)
    ],
    [
      'tags of 64 KiB',
      () => buildConfig(rawInputs({ tags: `tagKey=k,tagValue=${'v'.repeat(MAX - 20)}=` }), ENV)
    ],
    [
      'tags: 3k items in 64 KiB',
      () => buildConfig(rawInputs({ tags: 'tagKey=k,tagValue=v '.repeat(MAX / 20) }), ENV)
    ],
    [
      'cli-input-yaml: 2k tags in 64 KiB',
      () =>
        buildConfig(
          rawInputs({
            'cli-input-yaml': `tags:\n${'  - {tagKey: k, tagValue: v}\n'.repeat(MAX / 30)}`
          }),
          { ...ENV, yaml }
        )
    ],
    [
      'cli-input-json of 10 MB',
      () => parseCliInput('cli-input-json', `{"jobName": "${'x'.repeat(10 * 1024 * 1024)}"}`)
    ],
    [
      'any input of 10 MB',
      () => buildConfig(rawInputs({ 'job-name': 'x'.repeat(10 * 1024 * 1024) }), ENV)
    ]
  ])('%s: an input error', (_what, fn) => {
    expect(refused(fn)).toMatch(/^Input `/)
  })

  it('names the position of a YAML problem, never its text', () => {
    expect(
      refused(() =>
        parseCliInput('cli-input-yaml', 'jobName: ok\ntags: !!unknown top-secret', yaml)
      )
    ).toBe(
      'Input `cli-input-yaml`: invalid YAML (TAG_RESOLVE_FAILED) at line 2, column 7. Expected a map such as "jobName: my-import".'
    )
  })

  it('keeps "__proto__" an own key, so it is an unknown parameter', () => {
    expect(Object.keys(parseShorthand('__proto__={dataLocation=s3://b/}'))).toEqual(['__proto__'])
    expect(
      refused(() => parseDataSource('data-source', '__proto__={dataLocation=s3://b/}'))
    ).toContain('unknown parameter "__proto__"')
  })

  it('checkDepth lets a request through', () => {
    const tags = [{ tagKey: 'k', tagValue: 'v' }]
    expect(checkDepth('tags', { tags })).toEqual({ tags })
  })
})

describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-file-'))
  const fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  writeFileSync(join(dir, 'small.txt'), 'hello')
  writeFileSync(join(dir, 'big.txt'), 'x'.repeat(101))

  it('reads a regular file', () => {
    expect(readTextFile(join(dir, 'small.txt'))).toBe('hello')
  })

  it.each([
    ['/dev/zero', 'is a device, not a regular file'],
    ['/dev/urandom', 'is a device, not a regular file'],
    [fifo, 'is a FIFO, not a regular file'],
    [dir, 'is a directory, not a regular file'],
    [join(dir, 'big.txt'), 'is 101 bytes; at most 100 bytes are read']
  ])('refuses %s at once', (path, reason) => {
    const start = Date.now()
    expect(() => readTextFile(path, 100)).toThrow(new FileRefusedError(reason))
    expect(Date.now() - start).toBeLessThan(1000)
  })

  it('refuses a file of 0 bytes by its size that holds more (procfs)', () => {
    expect(() => readTextFile('/proc/self/maps', 10)).toThrow('holds more than 10 bytes')
  })

  it('says a missing file is missing', () => {
    expect(() => readTextFile(join(dir, 'none'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' })
    )
  })
})
