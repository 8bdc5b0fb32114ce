// What Personalize finds wrong in import data, as a failureReason: the header against the
// schema's required fields, then each record's values against the field types. Pure: the reading
// is s3-read.js. The first problem found is the reason, as a job has one.
import { readHeader, readRecords } from './csv.js'
import { FAILURES } from './failures.js'
import { schemaFields } from './schemas.js'

/** Fields holding IDs: at most 256 characters (data-prep-formatting). */
const ID_FIELDS = ['USER_ID', 'ITEM_ID', 'ACTION_ID']
const ID_MAX = 256
/** Categorical string values: at most 1000 characters. */
const CATEGORICAL_MAX = 1000
const TIMESTAMPS = ['TIMESTAMP', 'CREATION_TIMESTAMP']
/** Epoch seconds reach 11 digits only in the year 5138; 12 or more digits are milliseconds. */
const MAX_SECONDS = 99_999_999_999

/**
 * @typedef {{ location: string, text: string, truncated: boolean }} DataFile
 */

/**
 * The failure reason of an import of these files, or undefined when they are good.
 * @param {string} datasetType
 * @param {string} schemaText the Avro record, as DescribeSchema returns it
 * @param {DataFile[]} files
 * @returns {string | undefined}
 */
export function checkData(datasetType, schemaText, files) {
  const fields = schemaFields(schemaText)
  const categorical = new Set(
    JSON.parse(schemaText)
      .fields.filter((/** @type {{ categorical?: boolean }} */ f) => f.categorical === true)
      .map((/** @type {{ name: string }} */ f) => f.name)
  )
  for (const file of files) {
    const header = readHeader(file.text)
    const missing = fields.filter((f) => f.required && !header.includes(f.name)).map((f) => f.name)
    if (missing.length > 0) return FAILURES.missingColumns(datasetType, missing)
    const records = readRecords(file.text, file.truncated)
    if (records.length === 0 && !file.truncated)
      return FAILURES.noRecords(datasetType, file.location)
    for (const { line, fields: values } of records) {
      if (values.length !== header.length)
        return FAILURES.fieldCount(datasetType, {
          location: file.location,
          line,
          fields: values.length,
          columns: header.length
        })
      for (const field of fields) {
        const value = values[header.indexOf(field.name)]
        if (value === undefined) continue
        const limit = ID_FIELDS.includes(field.name)
          ? ID_MAX
          : categorical.has(field.name)
            ? CATEGORICAL_MAX
            : Infinity
        if ([...value].length > limit) return FAILURES.tooLong(field.name, limit)
        const problem = valueProblem(field, value)
        if (problem)
          return FAILURES.badValue(datasetType, {
            column: field.name,
            location: file.location,
            line,
            value,
            problem
          })
      }
    }
  }
  return undefined
}

/**
 * What is wrong with one value of a field, in words that follow the value; '' if nothing.
 * @param {{ name: string, type: string, required: boolean }} field
 * @param {string} value
 */
function valueProblem(field, value) {
  if (value === '') return field.required ? 'is empty, and the field is required' : ''
  if (TIMESTAMPS.includes(field.name)) {
    if (!/^\d+$/.test(value)) return 'is not Unix epoch time in seconds'
    if (Number(value) > MAX_SECONDS)
      return 'is in milliseconds; Unix epoch time in seconds is needed'
    return ''
  }
  switch (field.type) {
    case 'int':
    case 'long':
      return /^-?\d+$/.test(value) ? '' : `is not a ${field.type}`
    case 'float':
    case 'double':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? '' : `is not a ${field.type}`
    case 'boolean':
      return /^(true|false)$/i.test(value) ? '' : 'is not a boolean'
  }
  return ''
}
