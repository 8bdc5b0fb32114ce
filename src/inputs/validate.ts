// The service's constraints on CreateDatasetImportJob (botocore service-2.json), checked before any
// call because the JS SDK validates nothing. Pure: no I/O.
import type { CreateDatasetImportJobRequest } from '@aws-sdk/client-personalize'
import { JOB_NAME } from '../aws/arn.js'
import { InputError } from './errors.js'

export const IMPORT_MODES = ['FULL', 'INCREMENTAL'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]

// Patterns are checked as full matches, the strict reading of the model's unanchored patterns.
const DATASET_ARN = { pattern: /^arn:([a-z\d-]+):personalize:.*:.*:.+$/, max: 256 }
const ROLE_ARN = {
  pattern: /^arn:([a-z\d-]+):iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
  max: 256
}
const DATA_LOCATION = { pattern: /^(s3|http|https):\/\/.+$/, max: 256 }
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
// The model allows 200 tags; the service documents 50 per resource (TooManyTagKeysException).
const MAX_TAGS = 50

/** Names the input a request member came from, e.g. "role-arn" or "cli-input-json (roleArn)". */
export type SourceOf = (member: keyof CreateDatasetImportJobRequest) => string

/**
 * Checks every member against the service's constraints. Members in `skip` are left alone: their
 * problem (e.g. unparseable shorthand) was reported already.
 */
export function validateRequest(
  request: Partial<CreateDatasetImportJobRequest>,
  sourceOf: SourceOf,
  skip: ReadonlySet<keyof CreateDatasetImportJobRequest> = new Set()
): InputError[] {
  const errors: InputError[] = []
  const fail = (member: keyof CreateDatasetImportJobRequest, problem: string) =>
    errors.push(new InputError(sourceOf(member), problem))

  const required = (member: keyof CreateDatasetImportJobRequest, value: unknown) => {
    if (skip.has(member)) return false
    if (value === undefined || value === '') fail(member, 'is required but was not given.')
    return value !== undefined && value !== ''
  }

  if (required('jobName', request.jobName)) {
    checkText(request.jobName!, JOB_NAME, (p) => fail('jobName', p), {
      what: 'a job name',
      expected:
        '1-63 letters, digits, hyphens and underscores, starting with a letter or digit (^[a-zA-Z0-9][a-zA-Z0-9\\-_]*)'
    })
  }
  if (required('datasetArn', request.datasetArn)) {
    checkText(request.datasetArn!, DATASET_ARN, (p) => fail('datasetArn', p), {
      what: 'a Personalize dataset ARN',
      expected: 'arn:aws:personalize:<region>:<account>:dataset/<dataset group>/<TYPE>'
    })
    // The model's pattern takes any Personalize ARN, but a dataset group never receives data.
    const group = /^(arn:[^:]+:personalize:[^:]*:[^:]*:)dataset-group\/([^/]+)$/.exec(
      request.datasetArn!
    )
    if (group)
      fail(
        'datasetArn',
        `is a dataset group's ARN (${request.datasetArn}), not a dataset's. Give the ARN of the dataset that receives the data: ${group[1]}dataset/${group[2]}/INTERACTIONS, ITEMS, USERS, ACTIONS or ACTION_INTERACTIONS.`
      )
  }
  if (required('dataSource', request.dataSource)) {
    const location = request.dataSource!.dataLocation
    if (location === undefined || location === '') {
      fail(
        'dataSource',
        'has no dataLocation. Expected dataLocation=s3://bucket/key.csv or s3://bucket/folder/.'
      )
    } else {
      checkText(location, DATA_LOCATION, (p) => fail('dataSource', p), {
        what: 'an S3 location',
        expected: 's3://bucket/key.csv, or s3://bucket/folder/ for every file in a folder'
      })
    }
  }
  // Optional since botocore's 2025-12-01 model; when given, even empty, its pattern applies.
  if (!skip.has('roleArn') && request.roleArn !== undefined) {
    checkText(request.roleArn!, ROLE_ARN, (p) => fail('roleArn', p), {
      what: 'an IAM role ARN',
      expected:
        'arn:aws:iam::<12-digit account>:role/<role name> (the service role Personalize assumes to read S3)'
    })
  }
  if (!skip.has('tags')) checkTags(request.tags ?? [], (p) => fail('tags', p))
  return errors
}

function checkText(
  value: string,
  rule: { pattern: RegExp; max: number },
  fail: (problem: string) => void,
  describe: { what: string; expected: string }
): void {
  const shown = JSON.stringify(value.length > 300 ? `${value.slice(0, 300)}…` : value)
  if (value.length > rule.max) {
    fail(
      `${shown} is ${value.length} characters; at most ${rule.max} are allowed. Expected ${describe.expected}.`
    )
  } else if (!rule.pattern.test(value)) {
    fail(`${shown} is not ${describe.what}. Expected ${describe.expected}.`)
  }
}

// Tag values are sensitive in the API model: messages name the tag by position and key only.
function checkTags(tags: { tagKey?: string; tagValue?: string }[], fail: (p: string) => void) {
  if (tags.length > MAX_TAGS) fail(`${tags.length} tags given; at most ${MAX_TAGS} per import job.`)
  const seen = new Set<string>()
  tags.forEach((tag, index) => {
    const key = tag.tagKey ?? ''
    const value = tag.tagValue ?? ''
    const where = `tag ${index + 1}`
    const keyShown = TAG_TEXT.test(key) && key.length <= 128 ? ` (key ${JSON.stringify(key)})` : ''
    if (key.length < 1 || key.length > 128) {
      fail(`${where}: tagKey must be 1-128 characters, got ${key.length}.`)
    } else if (!TAG_TEXT.test(key)) {
      fail(`${where}: tagKey has a character outside letters, digits, spaces and _ . : / = + - @.`)
    } else if (key.toLowerCase().startsWith('aws:')) {
      fail(`${where}${keyShown}: tag keys starting with "aws:" are reserved by AWS.`)
    } else if (seen.has(key)) {
      fail(`${where}${keyShown}: the same tagKey is given twice; keys must be unique.`)
    }
    seen.add(key)
    if (value.length > 256) {
      fail(`${where}${keyShown}: tagValue must be at most 256 characters, got ${value.length}.`)
    } else if (!TAG_TEXT.test(value)) {
      fail(
        `${where}${keyShown}: tagValue has a character outside letters, digits, spaces and _ . : / = + - @.`
      )
    } else if (value.toLowerCase().startsWith('aws:')) {
      fail(`${where}${keyShown}: tag values starting with "aws:" are reserved by AWS.`)
    }
  })
}
