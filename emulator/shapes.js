// Request validation against the Personalize model (botocore service-2.json), as the service
// does it: wrong JSON types and unknown members are SerializationException, constraint
// violations are InvalidInputException with Coral's "N validation errors detected" text.
import { ApiError } from './errors.js'
import { KINDS } from './resources.js'

/**
 * @typedef {{ type: 'string', min?: number, max?: number, pattern?: string, enum?: string[], sensitive?: boolean }} StringShape
 * @typedef {{ type: 'integer', min?: number, max?: number }} IntegerShape
 * @typedef {{ type: 'boolean' }} BooleanShape
 * @typedef {{ type: 'list', member: Shape, min?: number, max?: number }} ListShape
 * @typedef {{ type: 'structure', name: string, required?: string[], members: Record<string, Shape> }} StructureShape
 * @typedef {StringShape | IntegerShape | BooleanShape | ListShape | StructureShape} Shape
 */

/** @type {StringShape} */
const NAME = { type: 'string', min: 1, max: 63, pattern: '^[a-zA-Z0-9][a-zA-Z0-9\\-_]*' }
/** @type {StringShape} */
const ARN = { type: 'string', max: 256, pattern: 'arn:([a-z\\d-]+):personalize:.*:.*:.+' }
/** @type {StringShape} */
const ROLE_ARN = {
  type: 'string',
  max: 256,
  pattern: 'arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+'
}
/** @type {StringShape} */
const S3_LOCATION = { type: 'string', max: 256, pattern: '(s3|http|https)://.+' }
const TAG_PATTERN = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$'

/** @type {ListShape} */
const TAGS = {
  type: 'list',
  min: 0,
  max: 200,
  member: {
    type: 'structure',
    name: 'Tag',
    required: ['tagKey', 'tagValue'],
    members: {
      tagKey: { type: 'string', min: 1, max: 128, pattern: TAG_PATTERN, sensitive: true },
      tagValue: { type: 'string', min: 0, max: 256, pattern: TAG_PATTERN, sensitive: true }
    }
  }
}

/**
 * A request whose one member is a resource's ARN (Describe*, StopSolutionVersionCreation).
 * @param {string} operation
 * @param {string} member
 * @returns {StructureShape}
 */
const byArn = (operation, member) => ({
  type: 'structure',
  name: `${operation}Request`,
  required: [member],
  members: { [member]: ARN }
})

/** @type {StructureShape} */
const CAMPAIGN_CONFIG = {
  type: 'structure',
  name: 'CampaignConfig',
  members: {
    enableMetadataWithRecommendations: { type: 'boolean' },
    syncWithLatestSolutionVersion: { type: 'boolean' }
  }
}

/** The operations of resources.js (the other kinds a workflow waits on). */
const RESOURCE_INPUTS = {
  ...Object.fromEntries(
    Object.values(KINDS).map((k) => [k.describe, byArn(k.describe, k.arnMember)])
  ),
  StopSolutionVersionCreation: byArn('StopSolutionVersionCreation', 'solutionVersionArn'),
  CreateSolutionVersion: {
    type: 'structure',
    name: 'CreateSolutionVersionRequest',
    required: ['solutionArn'],
    members: {
      name: NAME,
      solutionArn: ARN,
      trainingMode: { type: 'string', enum: ['FULL', 'UPDATE', 'AUTOTRAIN'] },
      tags: TAGS
    }
  },
  CreateCampaign: {
    type: 'structure',
    name: 'CreateCampaignRequest',
    required: ['name', 'solutionVersionArn'],
    members: {
      name: NAME,
      solutionVersionArn: ARN,
      minProvisionedTPS: { type: 'integer', min: 1 },
      campaignConfig: CAMPAIGN_CONFIG,
      tags: TAGS
    }
  },
  UpdateCampaign: {
    type: 'structure',
    name: 'UpdateCampaignRequest',
    required: ['campaignArn'],
    members: {
      campaignArn: ARN,
      solutionVersionArn: ARN,
      minProvisionedTPS: { type: 'integer', min: 1 },
      campaignConfig: CAMPAIGN_CONFIG
    }
  },
  CreateDataDeletionJob: {
    type: 'structure',
    name: 'CreateDataDeletionJobRequest',
    required: ['jobName', 'datasetGroupArn', 'dataSource', 'roleArn'],
    members: {
      jobName: NAME,
      datasetGroupArn: ARN,
      dataSource: { type: 'structure', name: 'DataSource', members: { dataLocation: S3_LOCATION } },
      roleArn: ROLE_ARN,
      tags: TAGS
    }
  }
}

/** @type {Record<string, StructureShape>} */
export const INPUTS = {
  ...RESOURCE_INPUTS,
  CreateDatasetImportJob: {
    type: 'structure',
    name: 'CreateDatasetImportJobRequest',
    required: ['jobName', 'datasetArn', 'dataSource'],
    members: {
      jobName: NAME,
      datasetArn: ARN,
      dataSource: {
        type: 'structure',
        name: 'DataSource',
        members: { dataLocation: S3_LOCATION }
      },
      roleArn: ROLE_ARN,
      tags: TAGS,
      importMode: { type: 'string', enum: ['FULL', 'INCREMENTAL'] },
      publishAttributionMetricsToS3: { type: 'boolean' }
    }
  },
  DescribeDatasetImportJob: {
    type: 'structure',
    name: 'DescribeDatasetImportJobRequest',
    required: ['datasetImportJobArn'],
    members: { datasetImportJobArn: ARN }
  },
  ListDatasetImportJobs: {
    type: 'structure',
    name: 'ListDatasetImportJobsRequest',
    members: {
      datasetArn: ARN,
      nextToken: { type: 'string', max: 1500, pattern: '\\p{ASCII}{0,1500}' },
      maxResults: { type: 'integer', min: 1, max: 100 }
    }
  },
  DescribeDataset: {
    type: 'structure',
    name: 'DescribeDatasetRequest',
    required: ['datasetArn'],
    members: { datasetArn: ARN }
  },
  DescribeSchema: {
    type: 'structure',
    name: 'DescribeSchemaRequest',
    required: ['schemaArn'],
    members: { schemaArn: ARN }
  },
  ListTagsForResource: {
    type: 'structure',
    name: 'ListTagsForResourceRequest',
    required: ['resourceArn'],
    members: { resourceArn: ARN }
  }
}

/** The documented limit per resource, below the model's list max of 200. */
export const MAX_TAGS = 50

/** @type {Map<string, RegExp>} */
const compiled = new Map()

/**
 * The service's Java validator matches the whole value (Matcher.matches), hence the anchors.
 * @param {string} pattern
 */
function fullMatch(pattern) {
  let re = compiled.get(pattern)
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u')
    compiled.set(pattern, re)
  }
  return re
}

/**
 * Checks a parsed request body for an operation; throws ApiError when it is not valid.
 * @param {string} operation
 * @param {unknown} body
 */
export function validateInput(operation, body) {
  const shape = INPUTS[operation]
  checkTypes(shape, body, shape.name)
  /** @type {string[]} */
  const errors = []
  checkConstraints(shape, body, '', errors)
  if (errors.length > 0) {
    const count = errors.length === 1 ? '1 validation error' : `${errors.length} validation errors`
    throw new ApiError('InvalidInputException', `${count} detected: ${errors.join('; ')}`)
  }
}

/**
 * Serialization: JSON types and member names, before any constraint is looked at.
 * @param {Shape} shape
 * @param {unknown} value
 * @param {string} where a human-readable location for the message
 */
function checkTypes(shape, value, where) {
  if (value === null || value === undefined) return
  const got = Array.isArray(value) ? 'array' : typeof value
  const fail = (/** @type {string} */ expected) => {
    throw new ApiError('SerializationException', `Expected ${expected} for ${where}, got ${got}`)
  }
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') fail('a string')
      return
    case 'boolean':
      if (typeof value !== 'boolean') fail('a boolean')
      return
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail('an integer')
      return
    case 'list':
      if (!Array.isArray(value)) fail('a list')
      for (const [i, item] of /** @type {unknown[]} */ (value).entries())
        checkTypes(shape.member, item, `${where}[${i}]`)
      return
    case 'structure': {
      if (got !== 'object') fail('an object')
      const record = /** @type {Record<string, unknown>} */ (value)
      for (const [key, member] of Object.entries(record)) {
        if (!Object.hasOwn(shape.members, key))
          throw new ApiError('SerializationException', `Unknown member '${key}' in ${shape.name}`)
        checkTypes(shape.members[key], member, `'${key}' in ${shape.name}`)
      }
    }
  }
}

/**
 * Constraints, with Coral's paths (`tags.1.member.tagKey`, 1-based) and texts. Values that are or
 * hold sensitive strings (tags) are shown as *** so that a secret in a tag never reaches a log.
 * @param {Shape} shape
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} errors
 */
function checkConstraints(shape, value, path, errors) {
  const shown = containsSensitive(shape)
    ? "'***'"
    : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`
  const fail = (/** @type {string} */ constraint) =>
    errors.push(
      `Value ${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`
    )
  switch (shape.type) {
    case 'string': {
      const text = /** @type {string} */ (value)
      const length = [...text].length
      if (shape.min !== undefined && length < shape.min)
        fail(`have length greater than or equal to ${shape.min}`)
      if (shape.max !== undefined && length > shape.max)
        fail(`have length less than or equal to ${shape.max}`)
      if (shape.pattern !== undefined && !fullMatch(shape.pattern).test(text))
        fail(`satisfy regular expression pattern: ${shape.pattern}`)
      if (shape.enum !== undefined && !shape.enum.includes(text))
        fail(`satisfy enum value set: [${shape.enum.join(', ')}]`)
      return
    }
    case 'integer': {
      const n = /** @type {number} */ (value)
      if (shape.min !== undefined && n < shape.min)
        fail(`have value greater than or equal to ${shape.min}`)
      if (shape.max !== undefined && n > shape.max)
        fail(`have value less than or equal to ${shape.max}`)
      return
    }
    case 'list': {
      const items = /** @type {unknown[]} */ (value)
      if (shape.min !== undefined && items.length < shape.min)
        fail(`have length greater than or equal to ${shape.min}`)
      if (shape.max !== undefined && items.length > shape.max)
        fail(`have length less than or equal to ${shape.max}`)
      items.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`
        if (item === null || item === undefined)
          errors.push(
            `Value null at '${itemPath}' failed to satisfy constraint: Member must not be null`
          )
        else checkConstraints(shape.member, item, itemPath, errors)
      })
      return
    }
    case 'structure': {
      const record = /** @type {Record<string, unknown>} */ (value ?? {})
      for (const [key, member] of Object.entries(shape.members)) {
        const memberPath = path ? `${path}.${key}` : key
        const memberValue = record[key]
        if (memberValue === null || memberValue === undefined) {
          if (shape.required?.includes(key))
            errors.push(
              `Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`
            )
        } else checkConstraints(member, memberValue, memberPath, errors)
      }
    }
  }
}

/**
 * Whether a value of this shape may hold a sensitive string (a tag list, a tag, a tag key).
 * @param {Shape} shape
 * @returns {boolean}
 */
function containsSensitive(shape) {
  if (shape.type === 'string') return shape.sensitive === true
  if (shape.type === 'list') return containsSensitive(shape.member)
  if (shape.type === 'structure') return Object.values(shape.members).some(containsSensitive)
  return false
}

/**
 * The documented tag rules that are not in the model: at most 50 per resource, unique keys, no
 * `aws:` prefix. Runs after validateInput, so the tags are well-formed.
 * @param {{ tagKey: string, tagValue: string }[] | undefined} tags
 */
export function checkTagRules(tags) {
  if (!tags) return
  if (tags.length > MAX_TAGS)
    throw new ApiError(
      'TooManyTagsException',
      `The number of tags (${tags.length}) exceeds the limit of ${MAX_TAGS} tags per resource.`
    )
  if (tags.some((t) => /^aws:/i.test(t.tagKey) || /^aws:/i.test(t.tagValue)))
    throw new ApiError(
      'InvalidInputException',
      "Tag keys and values cannot start with 'aws:'; that prefix is reserved for AWS use."
    )
  if (new Set(tags.map((t) => t.tagKey)).size !== tags.length)
    throw new ApiError('InvalidInputException', 'Tag keys must be unique per resource.')
}
