// The standard schemas of the Personalize Developer Guide, as DescribeSchema returns them.
import { checkFile, parseSchema } from '../../../src/preflight/index.js'
import type { FileResult, SchemaField } from '../../../src/preflight/index.js'

const record = (name: string, fields: object[]) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'com.amazonaws.personalize.schema',
    fields,
    version: '1.0'
  })

export const INTERACTIONS_SCHEMA = record('Interactions', [
  { name: 'USER_ID', type: 'string' },
  { name: 'ITEM_ID', type: 'string' },
  { name: 'EVENT_TYPE', type: 'string' },
  { name: 'EVENT_VALUE', type: ['null', 'float'] },
  { name: 'TIMESTAMP', type: 'long' }
])
export const USERS_SCHEMA = record('Users', [
  { name: 'USER_ID', type: 'string' },
  { name: 'AGE', type: 'int' },
  { name: 'GENDER', type: 'string', categorical: true },
  { name: 'MEMBER', type: ['boolean', 'null'] }
])
export const ITEMS_SCHEMA = record('Items', [
  { name: 'ITEM_ID', type: 'string' },
  { name: 'PRICE', type: ['null', 'double'] },
  { name: 'GENRES', type: ['null', 'string'], categorical: true },
  { name: 'DESCRIPTION', type: ['null', 'string'], textual: true },
  { name: 'CREATION_TIMESTAMP', type: 'long' }
])

/** The fields of a schema of these Avro fields. */
export const fieldsOf = (name: string, fields: object[]) => parseSchema(record(name, fields))

export const INTERACTIONS = parseSchema(INTERACTIONS_SCHEMA)
export const USERS = parseSchema(USERS_SCHEMA)
export const ITEMS = parseSchema(ITEMS_SCHEMA)

export const FILE = 's3://data/i.csv'

/** checkFile on text (or bytes) as a whole object. */
export function check(
  data: string | Uint8Array,
  {
    fields = INTERACTIONS,
    complete = true,
    datasetType = 'Interactions'
  }: { fields?: SchemaField[]; complete?: boolean; datasetType?: string } = {}
): FileResult {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data
  return checkFile({ file: FILE, bytes, complete, fields, datasetType })
}

/** The messages of checkFile's findings. */
export function messages(
  data: string | Uint8Array,
  options?: Parameters<typeof check>[1]
): string[] {
  return check(data, options).findings.map((f) => f.message)
}
