import { describe, expect, it } from '@jest/globals'
import {
  parseBoolean,
  parseDataSource,
  parseEnum,
  parseSeconds,
  parseTags
} from '../../../src/inputs/params.js'

describe('parseDataSource', () => {
  it.each([
    ['dataLocation=s3://retail/interactions/', 's3://retail/interactions/'],
    ['{"dataLocation": "s3://retail/file.csv"}', 's3://retail/file.csv'],
    ['  s3://retail/interactions/  ', 's3://retail/interactions/'],
    ['dataLocation="s3://retail/a,b.csv"', 's3://retail/a,b.csv'],
    ['dataLocation=s3://retail/a\\,b.csv', 's3://retail/a,b.csv']
  ])('%s', (raw, location) => {
    expect(parseDataSource('data-source', raw)).toEqual({ dataLocation: location })
  })

  it('explains the unescaped comma gotcha', () => {
    expect(() => parseDataSource('data-source', 'dataLocation=s3://b/a,b.csv')).toThrow(
      'Input `data-source`: dataLocation became a list because of an unescaped comma ("s3://b/a,b.csv"). Quote the value (dataLocation="s3://bucket/a,b.csv") or escape the comma (\\,).'
    )
  })

  it('rejects unknown keys with the allowed ones', () => {
    expect(() => parseDataSource('data-source', 'location=s3://b/')).toThrow(
      'Input `data-source`: unknown parameter "location", must be one of: dataLocation'
    )
  })

  it('rejects broken JSON naming the input', () => {
    expect(() => parseDataSource('data-source', '{"dataLocation": ')).toThrow(
      /^Input `data-source`: invalid JSON/
    )
  })

  it('rejects a JSON list where a structure is expected', () => {
    expect(() => parseDataSource('data-source', '["s3://b/"]')).toThrow(
      'Input `data-source`: expected a structure: dataLocation=s3://bucket/key.csv'
    )
  })

  it('shows shorthand syntax errors with a pointer', () => {
    expect(() => parseDataSource('data-source', 'dataLocation')).toThrow(
      "Input `data-source`: invalid shorthand syntax, expected '=', received end of input at character 13:\ndataLocation\n            ^"
    )
  })
})

describe('parseTags', () => {
  it('parses shorthand items separated by spaces and new lines', () => {
    expect(
      parseTags(
        'tags',
        'tagKey=team,tagValue=reco tagKey=env,tagValue=prod\ntagKey=x,tagValue="a b"'
      )
    ).toEqual([
      { tagKey: 'team', tagValue: 'reco' },
      { tagKey: 'env', tagValue: 'prod' },
      { tagKey: 'x', tagValue: 'a b' }
    ])
  })

  it('parses the JSON list and a single JSON object', () => {
    expect(
      parseTags('tags', '[{"tagKey":"a","tagValue":"1"},{"tagKey":"b","tagValue":""}]')
    ).toEqual([
      { tagKey: 'a', tagValue: '1' },
      { tagKey: 'b', tagValue: '' }
    ])
    expect(parseTags('tags', '{"tagKey":"a","tagValue":"1"}')).toEqual([
      { tagKey: 'a', tagValue: '1' }
    ])
  })

  it('is empty for an empty input', () => {
    expect(parseTags('tags', '  \n')).toEqual([])
  })

  const secret = 'S3CR3T-VALUE'
  it.each([
    [
      `tagKey=a,tagValue=${secret},x`,
      'Input `tags`: tag 1: tagValue must be a single string (an unescaped comma in the value? quote it or use \\,)'
    ],
    [
      `tagKey=a,value=${secret}`,
      'Input `tags`: tag 1: unknown parameter "value", must be one of: tagKey, tagValue'
    ],
    [`tagKey=a`, 'Input `tags`: tag 1: tagValue is missing'],
    [
      `[{"tagKey":"a","tagValue":"${secret}"`,
      'Input `tags`: invalid JSON. Expected a list like [{"tagKey": "team", "tagValue": "reco"}].'
    ],
    [
      `tagKey=a,tagValue="${secret}`,
      'Input `tags`: invalid shorthand syntax, expected a closing ", received end of input at character 19'
    ],
    [`[1]`, 'Input `tags`: tag 1: expected {tagKey, tagValue}, got a number']
  ])('%s -> an error that never shows the value', (raw, message) => {
    let error: Error | undefined
    try {
      parseTags('tags', raw)
    } catch (e) {
      error = e as Error
    }
    expect(error?.message).toBe(message)
    expect(error?.message).not.toContain(secret)
  })
})

describe('scalars', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['', undefined]
  ])('parseBoolean(%j)', (raw, value) => {
    expect(parseBoolean('wait', raw)).toBe(value)
  })

  it('rejects other booleans', () => {
    expect(() => parseBoolean('wait', 'yes')).toThrow(
      'Input `wait`: "yes" is not a boolean. Expected true or false.'
    )
  })

  it('accepts enums in any case and returns the canonical value', () => {
    expect(parseEnum('import-mode', ' incremental ', ['FULL', 'INCREMENTAL'])).toBe('INCREMENTAL')
    expect(() => parseEnum('import-mode', 'append', ['FULL', 'INCREMENTAL'])).toThrow(
      'Input `import-mode`: "append" is not one of FULL, INCREMENTAL.'
    )
  })

  it.each(['-1', '1.5', 'abc', '3601', ''])('parseSeconds rejects %j', (raw) => {
    expect(() => parseSeconds('poll-interval', raw, 1, 3600)).toThrow(
      `Input \`poll-interval\`: "${raw}" is not a whole number of seconds from 1 to 3600.`
    )
  })

  it('parseSeconds accepts the bounds', () => {
    expect(parseSeconds('cli-read-timeout', '0', 0, 86400)).toBe(0)
    expect(parseSeconds('poll-interval', '3600', 1, 3600)).toBe(3600)
  })
})
