// Dataset schemas: Avro records as CreateSchema takes them and DescribeSchema returns them (a
// JSON string). A scenario may give each dataset its own; otherwise a dataset gets the standard
// schema of its type, with the required fields of the developer guide's schema requirement pages
// (interactions-, user-, item-dataset-requirements) and a few of their optional ones.

const NAMESPACE = 'com.amazonaws.personalize.schema'

/** @type {(name: string, fields: object[]) => object} */
const record = (name, fields) => ({
  type: 'record',
  name,
  namespace: NAMESPACE,
  fields,
  version: '1.0'
})
const nullable = (/** @type {string} */ type) => ['null', type]

/** The standard schema per dataset type. A union with "null" makes a field optional. */
export const STANDARD_SCHEMAS = {
  Interactions: record('Interactions', [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
    { name: 'EVENT_TYPE', type: nullable('string') },
    { name: 'EVENT_VALUE', type: nullable('float') }
  ]),
  Users: record('Users', [
    { name: 'USER_ID', type: 'string' },
    { name: 'MEMBERSHIP_STATUS', type: nullable('string'), categorical: true }
  ]),
  Items: record('Items', [
    { name: 'ITEM_ID', type: 'string' },
    { name: 'GENRES', type: nullable('string'), categorical: true },
    { name: 'CREATION_TIMESTAMP', type: nullable('long') }
  ]),
  Actions: record('Actions', [
    { name: 'ACTION_ID', type: 'string' },
    { name: 'CREATION_TIMESTAMP', type: nullable('long') }
  ]),
  Action_Interactions: record('ActionInteractions', [
    { name: 'USER_ID', type: 'string' },
    { name: 'ACTION_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
    { name: 'EVENT_TYPE', type: 'string' }
  ])
}

const AVRO_TYPES = ['string', 'int', 'long', 'float', 'double', 'boolean']

/**
 * The schema text of a dataset: the scenario's (an Avro record, as an object or a JSON string),
 * else the standard one of its type. Throws, naming the dataset, on one that Personalize's
 * CreateSchema would refuse in the ways a scenario can get wrong.
 * @param {string} datasetArn for messages
 * @param {string} datasetType
 * @param {object | string | undefined} given
 * @returns {string}
 */
export function schemaText(datasetArn, datasetType, given) {
  const where = `datasets[${datasetArn}].schema`
  if (given === undefined) {
    const standard = STANDARD_SCHEMAS[/** @type {keyof STANDARD_SCHEMAS} */ (datasetType)]
    if (!standard)
      throw new Error(
        `${where}: no standard schema for dataset type ${datasetType}; give one (an Avro record)`
      )
    return JSON.stringify(standard)
  }
  let parsed = given
  if (typeof given === 'string') {
    try {
      parsed = JSON.parse(given)
    } catch {
      throw new Error(`${where}: not JSON`)
    }
  }
  const avro = /** @type {{ type?: unknown, fields?: unknown }} */ (parsed)
  if (avro?.type !== 'record' || !Array.isArray(avro.fields) || avro.fields.length === 0)
    throw new Error(`${where}: expected an Avro record with a fields list`)
  for (const f of avro.fields) {
    const types = Array.isArray(f?.type) ? f.type : [f?.type]
    if (typeof f?.name !== 'string' || !types.every((t) => t === 'null' || AVRO_TYPES.includes(t)))
      throw new Error(
        `${where}: field ${JSON.stringify(f)} needs a name and a type among ${AVRO_TYPES.join(', ')} (or a union with "null")`
      )
  }
  return typeof given === 'string' ? given : JSON.stringify(given)
}

/**
 * The fields of a schema text, each with its value type and whether a value is required.
 * @param {string} text
 * @returns {{ name: string, type: string, required: boolean }[]}
 */
export function schemaFields(text) {
  return JSON.parse(text).fields.map(
    (/** @type {{ name: string, type: string | string[] }} */ f) => {
      const types = Array.isArray(f.type) ? f.type : [f.type]
      return {
        name: f.name,
        type: types.find((t) => t !== 'null') ?? 'string',
        required: !types.includes('null')
      }
    }
  )
}
