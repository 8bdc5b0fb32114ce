// The data rules of the pre-flight check, one row each: what the rule checks, whether it refuses
// the data or warns, and the evidence for that verdict. The checks take each finding's severity
// from here, so a verdict changes in one place; the README's rule list is this table, rendered
// (rulesMarkdown, compared with the README by a unit test). Pure.
//
// A rule refuses only where the Amazon Personalize Developer Guide says the data fails, or a
// recorded import shows it failing, and no recorded import contradicts it. Where the evidence is
// silent or mixed, it warns with the fix and the import goes ahead.
// Sources: /work/shared/reference/personalize-data-format.md ("What real imports show").
import type { CheckName, Severity } from './types.js'

export interface Rule {
  check: CheckName
  severity: Severity
  /** What the rule finds, for the README: a sentence fragment after "Refused:" or "Warned:". */
  checks: string
  /** For a refusal, the guide page and sentence or the recorded import; for a warning, why the evidence is silent or mixed. */
  evidence: string
}

const FORMATTING = 'data-prep-formatting'
const SCHEMA = 'how-it-works-dataset-schema'
const ACTIVE_YEAR =
  'a recorded import with blanks and values that do not parse in an `"int"` metadata field that is not nullable went ACTIVE (`aws-samples/amazon-personalize-samples`, `POC_in_a_box/completed/02_Validating_and_Importing_Item_Metadata.ipynb`: 13 empty `YEAR` values and one `2006–2007`)'

export const RULES = {
  'location.missing': {
    check: 'location',
    severity: 'error',
    checks: 'a key that does not exist, or a folder with no object under it',
    evidence: 'error-messages: "Invalid Data location."'
  },
  'location.no-data': {
    check: 'location',
    severity: 'error',
    checks:
      "a location with no data to import: only empty objects and data pipelines' side files, or data only in sub-folders of the folder",
    evidence: `${FORMATTING}: "Amazon Personalize requires the first row of your CSV file to contain column headers"; bulk-data-import-step: "Amazon Personalize only uses the files in the first level of your folder"`
  },
  'location.empty-object': {
    check: 'location',
    severity: 'warning',
    checks: 'an empty object beside the data in a folder (not sampled)',
    evidence: 'whether Personalize skips an empty file in a folder is not documented'
  },
  'location.side-files': {
    check: 'location',
    severity: 'warning',
    checks:
      'the side files Spark, Hadoop, Glue, EMR and Databricks write beside the data (`_SUCCESS`, `_committed_*`, `_started_*`, `.crc` files, `_temporary/`): named in one warning, never sampled',
    evidence: 'whether Personalize skips them is not documented; their own readers skip such names'
  },
  'location.sub-folder': {
    check: 'location',
    severity: 'warning',
    checks:
      'objects in sub-folders of a folder location: named, neither sampled nor counted in the size',
    evidence:
      'the guide says "Amazon Personalize only uses the files in the first level of your folder, it doesn\'t use any data in any sub folders" (bulk-data-import-step): they are left out, not an error'
  },
  'location.size': {
    check: 'location',
    severity: 'error',
    checks: 'more data than one import job takes: 100 GB for `FULL`, 1 GB for `INCREMENTAL`',
    evidence: 'limits: the quota for data per import job'
  },
  'location.region': {
    check: 'location',
    severity: 'warning',
    checks:
      "a bucket in another region than the dataset's (S3 answers 301 with `x-amz-bucket-region`): both regions are named, and the data is still read",
    evidence:
      'the guide requires the same region for batch inference input (API_BatchInferenceJobInput) but says nothing of import jobs'
  },
  'file.not-csv': {
    check: 'header',
    severity: 'error',
    checks:
      'an object that is compressed or columnar, known by its first bytes (gzip, zip, bzip2, zstd, Parquet, ORC, Avro), whatever its name',
    evidence: `${FORMATTING}: "Amazon Personalize imports data only from files that are in the comma-separated values (CSV) format"`
  },
  'file.not-utf8': {
    check: 'header',
    severity: 'error',
    checks: 'text that is not UTF-8 (UTF-16, or bytes that do not decode)',
    evidence: `${FORMATTING}: "If your data includes any non-ASCII encoded characters, your CSV file must be encoded in UTF-8 format"`
  },
  'header.bom': {
    check: 'header',
    severity: 'warning',
    checks:
      "a UTF-8 byte-order mark before a required column (`\\ufeffUSER_ID,...`); before an unnamed or optional first column (pandas' index) it is not named",
    evidence:
      'whether Personalize strips the mark is not documented; if it does not, that column is missing'
  },
  'header.none': {
    check: 'header',
    severity: 'error',
    checks: 'a file with no header line (empty, or an empty first line)',
    evidence: `${FORMATTING}: "Amazon Personalize requires the first row of your CSV file to contain column headers"`
  },
  'header.delimiter': {
    check: 'header',
    severity: 'error',
    checks: 'a header separated by tabs, semicolons or pipes',
    evidence: `${FORMATTING}: "Amazon Personalize imports data only from files that are in the comma-separated values (CSV) format"`
  },
  'header.quoted': {
    check: 'header',
    severity: 'error',
    checks: 'quoted column names in the header',
    evidence: `${FORMATTING}: "Don't enclose headers in quotation marks (")"`
  },
  'header.missing': {
    check: 'header',
    severity: 'error',
    checks: 'a required field (a type that is not a union with `"null"`) with no column',
    evidence: `${FORMATTING}: "The column headers in your CSV file need to map to the schema"; error-messages: "Input CSV is missing the following columns"`
  },
  'header.case': {
    check: 'header',
    severity: 'warning',
    checks:
      'a field written in another case or with spaces around it (`user_id`, ` ITEM_ID`); its values are still checked',
    evidence: 'whether Personalize matches names exactly is not documented'
  },
  'header.duplicate': {
    check: 'header',
    severity: 'warning',
    checks: 'a column name written twice (the first copy is checked)',
    evidence: 'which copy Personalize reads, or whether it refuses, is not documented'
  },
  'header.extra': {
    check: 'header',
    severity: 'warning',
    checks:
      "a named column the schema lacks (not imported); an unnamed column, such as pandas' index, is not named",
    evidence:
      'recorded imports with an extra column and an unnamed first column went ACTIVE (`amazon-personalize-samples`, `personalized_recommender_agent/01`)'
  },
  'header.no-rows': {
    check: 'header',
    severity: 'warning',
    checks: 'a file with a header and no rows',
    evidence: 'whether an import of no rows fails is not documented'
  },
  'header.folder-differs': {
    check: 'header',
    severity: 'warning',
    checks:
      "a folder's file whose columns differ from the first file's (names, spelling or order); each file's required columns are checked on their own",
    evidence: 'the guide does not say what happens to files of one folder with different headers'
  },
  'rows.count': {
    check: 'rows',
    severity: 'error',
    checks:
      'a row with more or fewer values than the header (usually an unquoted comma), or a quote that is never closed',
    evidence: `${FORMATTING}: the data is CSV that maps to the header; rows shifted by an unquoted comma fail with "Length cannot be more than ... characters for <COLUMN>" (error-messages)`
  },
  'rows.multiline': {
    check: 'rows',
    severity: 'warning',
    checks: 'a record over several lines (a quoted line break)',
    evidence: 'the guide does not say whether quoted line breaks are read'
  },
  'rows.blank': {
    check: 'rows',
    severity: 'warning',
    checks: 'an empty line, or a line of spaces',
    evidence: 'the guide does not say whether empty lines are skipped'
  },
  'value.empty-reserved': {
    check: 'rows',
    severity: 'error',
    checks:
      'an empty value in a reserved field that is not nullable (`USER_ID`, `ITEM_ID`, `EVENT_TYPE`, `TIMESTAMP`, `CREATION_TIMESTAMP` ...)',
    evidence: `${SCHEMA}: these fields have documented formats (an ID, Unix epoch seconds) and only a union with "null" "allows you to use imperfect data (for example, metadata with blank values)"; the ACTIVE import with blanks was in a metadata field`
  },
  'value.empty-metadata': {
    check: 'rows',
    severity: 'warning',
    checks: 'an empty value in a metadata field that is not nullable',
    evidence: ACTIVE_YEAR
  },
  'value.type': {
    check: 'rows',
    severity: 'warning',
    checks:
      'a value that does not parse as its field\'s `int`, `long`, `float` or `double` (`"thirty"` in an int, `"lots"` in `EVENT_VALUE`)',
    evidence: ACTIVE_YEAR
  },
  'value.boolean': {
    check: 'rows',
    severity: 'error',
    checks:
      'a boolean that is not `true` or `false` in lower case (`True`, `TRUE`, `1`, `0`, `yes`, or empty where the field is not nullable), in required and nullable fields alike',
    evidence: `${SCHEMA}: "boolean (values true and false must be lower case in your data)"`
  },
  'value.epoch': {
    check: 'rows',
    severity: 'error',
    checks:
      '`TIMESTAMP` or `CREATION_TIMESTAMP` that is not Unix epoch seconds: milliseconds (12 to 14 digits) or a date',
    evidence: `${FORMATTING}: "Timestamp data ... must be in Unix epoch time format in seconds"`
  },
  'value.epoch-decimal': {
    check: 'rows',
    severity: 'warning',
    checks:
      'a decimal point in `TIMESTAMP` or `CREATION_TIMESTAMP` (`1700000000.0`, as pandas writes a column with an empty cell, or `1700000000.5`)',
    evidence: 'whether Personalize reads decimal seconds is not documented'
  },
  'value.decimal': {
    check: 'rows',
    severity: 'warning',
    checks: 'a whole number with a decimal point in an `int` or `long` (`1995.0`)',
    evidence: 'whether Personalize reads it as a whole number is not documented'
  },
  'value.spaces': {
    check: 'rows',
    severity: 'warning',
    checks: 'spaces around a number (`a, b` files)',
    evidence: 'the guide does not say whether Personalize trims values'
  },
  'value.null-text': {
    check: 'rows',
    severity: 'warning',
    checks: 'the text `null` in a nullable field that is not a string',
    evidence: 'the guide does not say whether Personalize reads the text as null'
  },
  'value.id-length': {
    check: 'rows',
    severity: 'error',
    checks: '`USER_ID` or `ITEM_ID` over 256 characters (an emoji counts one)',
    evidence:
      'user-dataset-requirements, item-dataset-requirements: at most 256 characters; error-messages: "Length cannot be more than 256 characters for <COLUMN>"'
  },
  'value.categorical-length': {
    check: 'rows',
    severity: 'error',
    checks: 'one category of a categorical value over 1000 characters',
    evidence:
      'the schema requirement pages: categorical values are at most 1000 characters, and longer ones fail the import'
  },
  'value.categorical-total': {
    check: 'rows',
    severity: 'warning',
    checks: 'categories over 1000 characters together (`a|b|c`), each shorter',
    evidence: 'the guide does not say whether the limit counts the value whole or each category'
  },
  'schema.no-dataset': {
    check: 'schema',
    severity: 'error',
    checks:
      "a `dataset-arn` that names no dataset (`DescribeDataset` answers `ResourceNotFoundException`), such as a misspelt one or another region's",
    evidence:
      'CreateDatasetImportJob (API reference) answers the same ARN with ResourceNotFoundException, "Could not find the specified resource"'
  },
  'mode.incremental': {
    check: 'mode',
    severity: 'error',
    checks: '`INCREMENTAL` into a dataset that never had an `ACTIVE` import',
    evidence:
      'create-dataset-import-job (CLI reference): "If you haven\'t imported bulk records into the dataset previously, you can only specify FULL"'
  }
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof RULES

/** The severity a finding of this rule has. */
export function severityOf(id: RuleId): Severity {
  return RULES[id].severity
}

/**
 * The README's rule list: the refusals with their evidence, then the warnings with why the
 * evidence is silent. One Markdown bullet per rule.
 */
export function rulesMarkdown(): string {
  const rows = Object.values(RULES) as Rule[]
  const list = (severity: Severity, lead: string) =>
    rows
      .filter((r) => r.severity === severity)
      .map((r) => `- ${capital(r.checks)}. ${lead}: ${sentence(r.evidence)}`)
      .join('\n')
  return [
    'Refused (the import is not created), each with its evidence:',
    '',
    list('error', 'Evidence'),
    '',
    'Warned (the import goes ahead), each with why the evidence does not settle it:',
    '',
    list('warning', 'Why a warning')
  ].join('\n')
}

/** The text with a full stop, unless it ends with one already (a quoted sentence). */
function sentence(text: string): string {
  return /[.!?]"?$/.test(text) ? text : `${text}.`
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
