// What Personalize finds wrong in import data, as a failureReason: the header against the
// schema's required fields, then each record's values against the field types. Pure: the reading
// is s3-read.js. The first problem found is the reason, as a job has one.
//
// Values follow the evidence (shared reference, "What real imports show"): a recorded ACTIVE import
// had blank and unparsable values ('', '2006–2007') in a metadata field typed "int", not nullable,
// so values of metadata fields are imported whatever they hold, except booleans, which the guide
// says must be true or false in lower case. The reserved fields the emulator knows keep their
// documented formats: IDs are not empty, TIMESTAMP and CREATION_TIMESTAMP are epoch seconds,
// EVENT_VALUE is a float, and a required EVENT_TYPE is not empty.
import { readHeader, readRecords } from './csv.js'
import { FAILURES } from './failures.js'
import { schemaFields } from './schemas.js'

/** Fields holding IDs: at most 256 characters (data-prep-formatting). */
const ID_FIELDS = ['USER_ID', 'ITEM_ID', 'ACTION_ID']
const ID_MAX = 256
/** Categorical string values: at most 1000 characters. */
const CATEGORICAL_MAX = 1000
const TIMESTAMPS = ['TIMESTAMP', 'CREATION_TIMESTAMP']
/** The reserved fields whose values are checked; every other field is metadata. */
const RESERVED = [...ID_FIELDS, ...TIMESTAMPS, 'EVENT_TYPE', 'EVENT_VALUE']
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
  if (value === '') return field.required && RESERVED.includes(field.name) ? 'is empty' : ''
  // The guide: "values true and false must be lower case in your data", in any field.
  if (field.type === 'boolean')
    return value === 'true' || value === 'false'
      ? ''
      : 'is not a boolean (true or false, in lower case)'
  if (TIMESTAMPS.includes(field.name)) {
    if (!/^\d+$/.test(value)) return 'is not Unix epoch time in seconds'
    if (Number(value) > MAX_SECONDS)
      return 'is in milliseconds; Unix epoch time in seconds is needed'
    return ''
  }
  if (!RESERVED.includes(field.name)) return ''
  switch (field.type) {
    case 'int':
    case 'long':
      return /^-?\d+$/.test(value) ? '' : `is not a ${field.type}`
    case 'float':
    case 'double':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? '' : `is not a ${field.type}`
  }
  return ''
}
