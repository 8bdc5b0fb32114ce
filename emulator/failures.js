// The failureReason texts of CREATE FAILED jobs. The documented ones are the developer guide's
// error-messages page, word for word; the ones marked "ours" are for failures the guide names
// without giving their text, in the documented texts' form.

/** @param {string} type the dataset type, e.g. Interactions */
const failed = (type) => `Failed to create a data import job for ${type} dataset.`

export const FAILURES = {
  invalidDataLocation: () => 'Invalid Data location.',
  /** @param {string} type */
  s3Privileges: (type) =>
    `${failed(type)} Insufficient privileges for accessing data in Amazon S3.`,
  /**
   * @param {string} type
   * @param {string[]} columns
   */
  missingColumns: (type, columns) =>
    `${failed(type)} Input CSV is missing the following columns: [${columns.join(', ')}].`,
  /**
   * @param {string} column
   * @param {number} limit
   */
  tooLong: (column, limit) => `Length cannot be more than ${limit} characters for ${column}.`,
  // Ours: the docs only say INCREMENTAL needs an earlier bulk import.
  /** @param {string} type */
  incrementalBeforeFull: (type) =>
    `${failed(type)} INCREMENTAL import mode is only supported after a FULL import.`,
  // Ours: the docs say values must map to the field's type, and timestamps are epoch seconds.
  /**
   * @param {string} type
   * @param {{ column: string, location: string, line: number, value: string, problem: string }} at
   */
  badValue: (type, at) =>
    `${failed(type)} Invalid value for column ${at.column} in ${at.location} line ${at.line}: '${at.value}' ${at.problem}.`,
  // Ours: each record is one line with the header's columns.
  /**
   * @param {string} type
   * @param {{ location: string, line: number, fields: number, columns: number }} at
   */
  fieldCount: (type, at) =>
    `${failed(type)} ${at.location} line ${at.line} has ${at.fields} fields; the header has ${at.columns} columns.`,
  // Ours: the guide names CSV as the only format; Personalize's own text for a compressed or
  // columnar file is not known.
  /**
   * @param {string} type
   * @param {string} location
   * @param {string} kind e.g. gzip-compressed, a Parquet file
   */
  notCsv: (type, location, kind) => `${failed(type)} ${location} is ${kind}, not CSV text.`,
  // Ours.
  /**
   * @param {string} type
   * @param {string} location
   */
  noRecords: (type, location) => `${failed(type)} ${location} has a header and no records.`,
  // Ours: S3 answered something else than the data or a refusal (the emulator's S3 is local).
  /**
   * @param {string} type
   * @param {string} detail
   */
  s3Unreadable: (type, detail) => `${failed(type)} Amazon S3 could not be read: ${detail}.`
}
