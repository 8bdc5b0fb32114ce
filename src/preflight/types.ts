// The shapes shared by the pre-flight checks (pure, in this folder) and the code that reads S3 and
// the dataset's schema for them. Findings carry raw data values; messages quote them via quote().

export type Severity = 'error' | 'warning'

/** The checks, in the order a run reports them. */
export const CHECKS = ['location', 'schema', 'header', 'rows', 'mode'] as const
export type CheckName = (typeof CHECKS)[number]

export interface Finding {
  severity: Severity
  check: CheckName
  /** The whole text for people: what is wrong, where, and the fix. */
  message: string
  /** The fix alone (also the last sentence of message), for a summary table. */
  fix?: string
  /** The s3:// URI of the object the finding is about. */
  file?: string
  /** 1-based line of the file where the record starts. */
  line?: number
  column?: string
  /** The offending data value, raw (not secret, but possibly hostile: escape before printing). */
  value?: string
}

/** A check that could not run, and why (a missing permission, an unreachable S3 ...). */
export interface Skipped {
  check: CheckName
  reason: string
}

export type AvroPrimitive = 'string' | 'int' | 'long' | 'float' | 'double' | 'boolean'

export interface SchemaField {
  name: string
  type: AvroPrimitive
  /** The type is a union with "null": the column may be empty or absent. */
  nullable: boolean
  /** The field has "categorical": true. */
  categorical: boolean
}

import type { ImportMode } from '../inputs/validate.js'
export type { ImportMode }

/** One object found at the data location (HeadObject for a key, ListObjectsV2 for a folder). */
export interface S3Object {
  /** The s3:// URI of the object. */
  uri: string
  size: number
}

export interface LocationInput {
  /** The dataLocation as given, e.g. s3://bucket/folder/ or s3://bucket/key.csv. */
  location: string
  /** The location ends in "/": every object under the prefix is imported. */
  folder: boolean
  /** What was found: the one object (empty when HeadObject said 404), or the whole listing. */
  objects: readonly S3Object[]
  importMode: ImportMode
  /** The bucket's region when S3 redirected to it, and the dataset's region. */
  regions?: { bucket: string; dataset: string }
}

export interface LocationResult {
  findings: Finding[]
  /** E.g. "s3://bucket/folder/: 3 objects, 12.4 MB in total." */
  summary: string
  /** The objects whose start to read for the header and row checks (at most SAMPLE_FILES). */
  sample: S3Object[]
}

export interface FileInput {
  /** The s3:// URI, used in messages. */
  file: string
  /** The start of the object (a ranged GET of at most READ_CAP_BYTES). */
  bytes: Uint8Array
  /** bytes holds the whole object, so its last line is complete. */
  complete: boolean
  fields: readonly SchemaField[]
  /** The dataset's type (Interactions, Users, Items ...), used in messages. */
  datasetType: string
}

export interface FileResult {
  findings: Finding[]
  /** The column names as parsed (byte-order mark removed), or undefined when none could be read. */
  header?: string[]
  /** The data rows judged (a cut last line is not). */
  rows: number
  /** Set when the file could not be judged at all (e.g. the first line is longer than the read). */
  skipped?: Skipped
}

export interface HeaderOfFile {
  file: string
  header: readonly string[]
}

export interface IncrementalInput {
  importMode: ImportMode
  /** The dataset has had at least one ACTIVE import job (from ListDatasetImportJobs). */
  hadActiveImport: boolean
}

export type Verdict = 'passed' | 'incomplete' | 'failed'

export interface CheckResult {
  check: CheckName
  result: 'passed' | 'warning' | 'failed' | 'skipped'
  errors: number
  warnings: number
  /** Why the check was skipped. */
  reason?: string
}

export interface Summary {
  verdict: Verdict
  /** One entry per check that ran or was skipped, in CHECKS order. */
  checks: CheckResult[]
  errors: number
  warnings: number
}
