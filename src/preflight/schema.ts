import type { AvroPrimitive, SchemaField } from './types.js'

const PRIMITIVES: readonly string[] = ['string', 'int', 'long', 'float', 'double', 'boolean']
// Avro's rule for names; a name that passes is safe to print unquoted.
const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The fields of the Avro record in DescribeSchema's `schema.schema` string. Throws an Error with a
 * plain message when it is not a record of fields whose types the checks know.
 */
export function parseSchema(schemaJson: string): SchemaField[] {
  let schema: unknown
  try {
    schema = JSON.parse(schemaJson)
  } catch (error) {
    throw new Error(`The dataset's schema is not valid JSON (${(error as Error).message}).`, {
      cause: error
    })
  }
  if (!isObject(schema) || schema.type !== 'record' || !Array.isArray(schema.fields)) {
    throw new Error(
      'The dataset\'s schema is not an Avro record: expected {"type": "record", "fields": [...]}.'
    )
  }
  return schema.fields.map((field: unknown, index: number) => parseField(field, index))
}

function parseField(field: unknown, index: number): SchemaField {
  if (!isObject(field) || typeof field.name !== 'string' || !AVRO_NAME.test(field.name)) {
    throw new Error(`Field ${index + 1} of the dataset's schema has no valid Avro name.`)
  }
  const { name } = field
  const members = Array.isArray(field.type)
    ? field.type.map(primitiveOf)
    : [primitiveOf(field.type)]
  const types = members.filter((type) => type !== 'null')
  const type = types[0]
  if (types.length !== 1 || type === undefined || !PRIMITIVES.includes(type)) {
    const shown = JSON.stringify(field.type) ?? 'nothing'
    throw new Error(
      `Field ${name} of the dataset's schema has the type ${shown.slice(0, 100)}; the pre-flight checks know string, int, long, float, double and boolean, each alone or in a union with "null".`
    )
  }
  return {
    name,
    type: type as AvroPrimitive,
    nullable: types.length < members.length,
    categorical: field.categorical === true
  }
}

// A type is a name ("long") or a schema object ({"type": "long"}).
function primitiveOf(type: unknown): string | undefined {
  if (typeof type === 'string') return type
  if (isObject(type) && typeof type.type === 'string') return type.type
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
