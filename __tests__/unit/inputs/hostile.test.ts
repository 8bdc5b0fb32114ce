import { describe, expect, it } from '@jest/globals'
import * as yaml from 'yaml'
import { buildConfig } from '../../../src/import/config.js'
import { parseCliInput } from '../../../src/inputs/cli-input.js'
import { InputError, InputErrors } from '../../../src/inputs/errors.js'
import { checkDepth, parseDataSource, parseTags } from '../../../src/inputs/params.js'
import { parseShorthand } from '../../../src/inputs/shorthand.js'
import { rawInputs } from '../fixtures.js'
const MAX = 64 * 1024
const ENV = { env: {}, workspace: '/ws', readText: () => '' }

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
