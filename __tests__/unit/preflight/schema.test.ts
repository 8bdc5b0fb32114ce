import { describe, expect, it } from '@jest/globals'
import { parseSchema } from '../../../src/preflight/index.js'
import { INTERACTIONS, ITEMS, USERS } from './fixtures.js'

const schema = (fields: unknown) => JSON.stringify({ type: 'record', name: 'X', fields })

describe('parseSchema', () => {
  it('reads the standard Interactions, Users and Items schemas', () => {
    expect(INTERACTIONS).toEqual([
      { name: 'USER_ID', type: 'string', nullable: false, categorical: false },
      { name: 'ITEM_ID', type: 'string', nullable: false, categorical: false },
      { name: 'EVENT_TYPE', type: 'string', nullable: false, categorical: false },
      { name: 'EVENT_VALUE', type: 'float', nullable: true, categorical: false },
      { name: 'TIMESTAMP', type: 'long', nullable: false, categorical: false }
    ])
    expect(USERS.map((f) => [f.name, f.type, f.nullable, f.categorical])).toEqual([
      ['USER_ID', 'string', false, false],
      ['AGE', 'int', false, false],
      ['GENDER', 'string', false, true],
      ['MEMBER', 'boolean', true, false]
    ])
    expect(ITEMS.map((f) => [f.name, f.type, f.nullable, f.categorical])).toEqual([
      ['ITEM_ID', 'string', false, false],
      ['PRICE', 'double', true, false],
      ['GENRES', 'string', true, true],
      ['DESCRIPTION', 'string', true, false],
      ['CREATION_TIMESTAMP', 'long', false, false]
    ])
  })

  it('reads a type written as a schema object', () => {
    expect(parseSchema(schema([{ name: 'N', type: { type: 'int' } }]))).toEqual([
      { name: 'N', type: 'int', nullable: false, categorical: false }
    ])
    expect(
      parseSchema(schema([{ name: 'N', type: ['null', { type: 'long' }] }]))[0]!.nullable
    ).toBe(true)
  })

  it.each([
    ['{', /^The dataset's schema is not valid JSON \(.+\)\.$/],
    [
      '[]',
      'The dataset\'s schema is not an Avro record: expected {"type": "record", "fields": [...]}.'
    ],
    [
      '{"type":"record"}',
      'The dataset\'s schema is not an Avro record: expected {"type": "record", "fields": [...]}.'
    ],
    [schema([{ type: 'string' }]), "Field 1 of the dataset's schema has no valid Avro name."],
    [
      schema([
        { name: 'A', type: 'string' },
        { name: '1x', type: 'string' }
      ]),
      "Field 2 of the dataset's schema has no valid Avro name."
    ],
    [
      schema([{ name: 'TAGS', type: { type: 'array', items: 'string' } }]),
      'Field TAGS of the dataset\'s schema has the type {"type":"array","items":"string"}; the pre-flight checks know string, int, long, float, double and boolean, each alone or in a union with "null".'
    ],
    [
      schema([{ name: 'U', type: ['null', 'string', 'int'] }]),
      'Field U of the dataset\'s schema has the type ["null","string","int"]; the pre-flight checks know string, int, long, float, double and boolean, each alone or in a union with "null".'
    ],
    [
      schema([{ name: 'N', type: 'null' }]),
      'Field N of the dataset\'s schema has the type "null"; the pre-flight checks know string, int, long, float, double and boolean, each alone or in a union with "null".'
    ],
    [
      schema([{ name: 'N' }]),
      'Field N of the dataset\'s schema has the type nothing; the pre-flight checks know string, int, long, float, double and boolean, each alone or in a union with "null".'
    ]
  ])('refuses %s', (json, message) => {
    expect(() => parseSchema(json)).toThrow(message)
  })
})
