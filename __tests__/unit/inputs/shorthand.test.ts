import { describe, expect, it } from '@jest/globals'
import {
  parseShorthand,
  ShorthandSyntaxError,
  splitListItems
} from '../../../src/inputs/shorthand.js'

describe('parseShorthand (the CLI grammar)', () => {
  it.each([
    ['dataLocation=s3://bucket/key.csv', { dataLocation: 's3://bucket/key.csv' }],
    ['tagKey=env,tagValue=prod', { tagKey: 'env', tagValue: 'prod' }],
    ['a=b,c', { a: ['b', 'c'] }],
    ['a=b,c,d=e', { a: ['b', 'c'], d: 'e' }],
    ['dataLocation=s3://b/a,b.csv', { dataLocation: ['s3://b/a', 'b.csv'] }],
    ['dataLocation=s3://b/a\\,b.csv', { dataLocation: 's3://b/a,b.csv' }],
    ['dataLocation="s3://b/a,b.csv"', { dataLocation: 's3://b/a,b.csv' }],
    ["dataLocation='s3://b/a,b.csv'", { dataLocation: 's3://b/a,b.csv' }],
    ['k="say \\"hi\\""', { k: 'say "hi"' }],
    ["k='it\\'s'", { k: "it's" }],
    ['k="back\\\\slash"', { k: 'back\\slash' }],
    ['k=a=b', { k: 'a=b' }],
    ['k=with space ', { k: 'with space' }],
    ['k = v , j = w', { k: 'v', j: 'w' }],
    ['=x', { '': 'x' }],
    ['k=', { k: '' }],
    ['k=[a,b]', { k: ['a', 'b'] }],
    ['k={x=1,y=2}', { k: { x: '1', y: '2' } }],
    ['k=[{x=1},{x=2}]', { k: [{ x: '1' }, { x: '2' }] }]
  ])('%s', (input, expected) => {
    expect(parseShorthand(input)).toEqual(expected)
  })

  it('rejects a duplicate key, as the CLI does, pointing at the second one', () => {
    expect(() => parseShorthand('tagKey=a,tagValue=b,tagKey=c')).toThrow(
      'second instance of key "tagKey" (often a "," where a space should separate two items) at character 21'
    )
  })

  it.each([
    ['dataLocation', "expected '=', received end of input at character 13"],
    [' k=v', "expected '=', received 'k' at character 2"],
    ['k="unterminated', 'expected a closing ", received end of input at character 3'],
    ['k=v;j=w,', 'expected a value, received end of input at character 9'],
    ['k=[a,b', "expected ',', received end of input at character 7"]
  ])('reports a syntax error for %s', (input, message) => {
    let error: unknown
    try {
      parseShorthand(input)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ShorthandSyntaxError)
    expect((error as Error).message).toContain(message)
  })

  it('shows where the error is, like the CLI', () => {
    const error = (() => {
      try {
        parseShorthand('a=b}')
      } catch (e) {
        return e as ShorthandSyntaxError
      }
    })()
    expect(error?.pointer()).toBe('a=b}\n   ^')
  })
})

describe('splitListItems (what a shell does to --tags a b)', () => {
  it('splits on spaces and new lines', () => {
    expect(
      splitListItems('tagKey=a,tagValue=1 tagKey=b,tagValue=2\n\n  tagKey=c,tagValue=3\n')
    ).toEqual(['tagKey=a,tagValue=1', 'tagKey=b,tagValue=2', 'tagKey=c,tagValue=3'])
  })

  it('keeps quoted spaces and the quotes themselves', () => {
    expect(splitListItems(`tagKey=team,tagValue="data science" tagKey='a b',tagValue=x`)).toEqual([
      'tagKey=team,tagValue="data science"',
      "tagKey='a b',tagValue=x"
    ])
  })

  it('keeps bracketed values together', () => {
    expect(splitListItems('k={a=1, b=2} j=[x, y]')).toEqual(['k={a=1, b=2}', 'j=[x, y]'])
  })
})
