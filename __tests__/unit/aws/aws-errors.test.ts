import { describe, expect, it } from '@jest/globals'
import {
  describeAwsError,
  expiredAdvice,
  failureText,
  redactTags,
  type Operation
} from '../../../src/aws/aws-errors.js'
import { DATASET_ARN, ROLE_ARN } from '../fixtures.js'

const ctx = {
  region: 'us-east-1',
  roleArn: ROLE_ARN,
  datasetArn: DATASET_ARN,
  jobName: 'nightly-1',
  jobArn: 'arn:job'
}
const error = (name: string, message = 'msg', extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra })
const classify = (op: Operation, e: unknown) => describeAwsError(op, e, ctx)

describe('describeAwsError', () => {
  it.each([
    ['ThrottlingException', 'throttle'],
    ['TooManyRequestsException', 'throttle'],
    ['TimeoutError', 'transient'],
    ['InternalFailure', 'fatal']
  ])('%s is %s', (name, kind) => {
    expect(classify('DescribeDatasetImportJob', error(name)).kind).toBe(kind)
  })

  it('treats LimitExceededException on Describe as throttling, on Create as the 5-imports quota', () => {
    expect(classify('DescribeDatasetImportJob', error('LimitExceededException')).kind).toBe(
      'throttle'
    )
    const create = classify(
      'CreateDatasetImportJob',
      error('LimitExceededException', 'More than 5 resources with PENDING or IN_PROGRESS status.')
    )
    expect(create.kind).toBe('fatal')
    expect(failureText(create)).toBe(
      'CreateDatasetImportJob failed: LimitExceededException: More than 5 resources with PENDING or IN_PROGRESS status.\n' +
        'At most 5 dataset import jobs may be pending or in progress per region (us-east-1), and the quota cannot be raised. Wait for the running imports to finish, or run this step in a concurrency group.'
    )
  })

  it('retries server faults, 5xx, resets and unparseable bodies', () => {
    expect(
      classify('DescribeDatasetImportJob', error('ServiceUnavailable', 'x', { $fault: 'server' }))
        .kind
    ).toBe('transient')
    expect(
      classify(
        'DescribeDatasetImportJob',
        error('Unknown', 'x', { $metadata: { httpStatusCode: 503 } })
      ).kind
    ).toBe('transient')
    const reset = classify(
      'DescribeDatasetImportJob',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    )
    expect([reset.kind, reset.code]).toEqual(['transient', 'ECONNRESET'])
    expect(
      classify(
        'DescribeDatasetImportJob',
        error('SyntaxError', 'Unexpected end of JSON', { $response: {} })
      ).kind
    ).toBe('transient')
  })

  it.each([
    [
      'CredentialsProviderError',
      'CreateDatasetImportJob',
      'No AWS credentials were found. Add aws-actions/configure-aws-credentials before this step'
    ],
    [
      'ExpiredTokenException',
      'DescribeDatasetImportJob',
      'Or raise role-duration-seconds in aws-actions/configure-aws-credentials'
    ],
    [
      'UnrecognizedClientException',
      'CreateDatasetImportJob',
      'AWS does not recognise the access key or session token.'
    ],
    [
      'InvalidSignatureException',
      'CreateDatasetImportJob',
      'the secret access key does not match the access key'
    ],
    [
      'MissingAuthenticationTokenException',
      'CreateDatasetImportJob',
      'The request reached AWS unsigned.'
    ],
    [
      'ResourceNotFoundException',
      'CreateDatasetImportJob',
      `Dataset ${DATASET_ARN} was not found in region us-east-1.`
    ],
    [
      'ResourceNotFoundException',
      'DescribeDatasetImportJob',
      'Import job arn:job was not found in region us-east-1.'
    ],
    [
      'ResourceAlreadyExistsException',
      'CreateDatasetImportJob',
      'An import job named nightly-1 already exists in this account and region, and job names can never be reused.'
    ],
    ['ResourceInUseException', 'CreateDatasetImportJob', 'The dataset is busy'],
    ['TooManyTagsException', 'CreateDatasetImportJob', 'at most 50'],
    ['InvalidInputException', 'CreateDatasetImportJob', 'Personalize rejected the request.'],
    [
      'AccessDeniedException',
      'CreateDatasetImportJob',
      'The caller lacks permission personalize:CreateDatasetImportJob on the import job it would create. Allow personalize:CreateDatasetImportJob on arn:aws:personalize:us-east-1:123456789012:dataset-import-job/* (as well as on the dataset)'
    ],
    [
      'AccessDeniedException',
      'DescribeDatasetImportJob',
      'The caller lacks permission personalize:DescribeDatasetImportJob (resource arn:job).'
    ]
  ] as const)('%s from %s says what to do', (name, op, advice) => {
    const failure = classify(op, error(name, 'the message'))
    expect(failure.kind).toBe('fatal')
    expect(failureText(failure)).toContain(`${op} failed: ${name}: the message\n`)
    expect(failureText(failure)).toContain(advice)
  })

  it('names iam:PassRole when that is what was denied', () => {
    const failure = classify(
      'CreateDatasetImportJob',
      error('AccessDeniedException', 'not authorized to perform: iam:PassRole')
    )
    expect(failureText(failure)).toContain(`Grant iam:PassRole on ${ROLE_ARN}`)
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND'])(
    'fails fast when the endpoint cannot be reached (%s)',
    (code) => {
      const failure = classify(
        'CreateDatasetImportJob',
        Object.assign(new Error(`connect ${code}`), { code })
      )
      expect(failure.kind).toBe('fatal')
      expect(failureText(failure)).toContain(
        `The Personalize endpoint cannot be reached (${code}). Check the region (us-east-1), the endpoint-url input`
      )
    }
  )
})

describe('tag values stay secret', () => {
  it('redacts values as they are, URL-encoded and JSON-escaped, longest first', () => {
    const tags = [
      { tagKey: 'a', tagValue: 'sécret value' },
      { tagKey: 'b', tagValue: 'sécret' }
    ]
    expect(redactTags('x sécret value y s%C3%A9cret%20value z s\\u00e9cret w sécret', tags)).toBe(
      'x *** y *** z *** w ***'
    )
  })

  it('in the failure text', () => {
    const failure = describeAwsError(
      'CreateDatasetImportJob',
      Object.assign(new Error("Value 'top-secret-1' at 'tags'"), { name: 'InvalidInputException' }),
      { region: 'us-east-1', tags: [{ tagKey: 'k', tagValue: 'top-secret-1' }] }
    )
    expect(failureText(failure)).toContain("InvalidInputException: Value '***' at 'tags'")
  })

  it('keeps an error type to the characters of a code', () => {
    const failure = describeAwsError(
      'DescribeDatasetImportJob',
      Object.assign(new Error('m'), { name: 'Bad\n::error::x<b>' }),
      { region: 'us-east-1' }
    )
    expect(failure.code).toBe('Bad___error__x_b_')
  })

  describe('expired credentials', () => {
    const expired = (renewal?: object) =>
      classify(
        'DescribeDatasetImportJob',
        error('ExpiredTokenException', 'The security token included in the request is expired', {
          renewal
        })
      )

    it('without id-token: write, says to grant it, and names the action by its repository and ref', () => {
      const f = expired({ cause: 'no-id-token', action: 'acme/personalize-import@v2' })
      expect(f.kind).toBe('fatal')
      expect(f.advice).toContain('does not grant `permissions: id-token: write`')
      expect(f.advice).toContain('`acme/personalize-import/wait@v2`')
      expect(f.advice).not.toContain('our-org')
      // The wait action has no wait input: the advice never tells anyone to set one on it.
      expect(f.advice).toContain('the import step with `wait: false`')
    })

    it.each([
      [
        'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
        '`token.actions.githubusercontent.com:sub`'
      ],
      [
        'ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        "Raise the role's maximum session duration"
      ],
      [
        'InvalidIdentityTokenException: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
        "GitHub's OIDC provider"
      ]
    ])('when STS refused (%s), says the fix', (detail, fix) => {
      const f = expired({ cause: 'refused', detail, roleArn: 'arn:aws:iam::1:role/r' })
      expect(f.advice).toContain(`STS refused to renew them for arn:aws:iam::1:role/r (${detail}).`)
      expect(f.advice).toContain(fix)
    })

    it('without the role, says to set AWS_ROLE_ARN', () => {
      expect(expiredAdvice({ cause: 'no-role', detail: 'X: y' })).toContain(
        'could not learn the role to renew them for (X: y): set the environment variable AWS_ROLE_ARN'
      )
    })
  })

  it('a refused connection is a wrong endpoint before the first answer, a passing fault after it', () => {
    const refused = (extra: object) =>
      classify(
        'DescribeDatasetImportJob',
        error('Error', 'connect ECONNREFUSED', { code: 'ECONNREFUSED', ...extra })
      )
    expect(refused({}).kind).toBe('fatal')
    expect(refused({ answeredBefore: true }).kind).toBe('transient')
    expect(
      classify(
        'DescribeDatasetImportJob',
        error('Error', 'getaddrinfo ENOTFOUND', { code: 'ENOTFOUND', answeredBefore: true })
      ).kind
    ).toBe('transient')
  })

  it('an answer past the size cap is a passing fault', () => {
    expect(classify('DescribeDatasetImportJob', error('AnswerTooLarge')).kind).toBe('transient')
  })
})

describe('an access denial', () => {
  it("names the resource AWS's message names, and for a create the import jobs to allow", () => {
    const job = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/nightly-1'
    const denied = error(
      'AccessDeniedException',
      `User: arn:aws:sts::123456789012:assumed-role/gha/s is not authorized to perform: personalize:CreateDatasetImportJob on resource: ${job} because no identity-based policy allows the personalize:CreateDatasetImportJob action`
    )
    expect(classify('CreateDatasetImportJob', denied).advice).toBe(
      `The caller lacks permission personalize:CreateDatasetImportJob on ${job}, the import job it would create. Allow personalize:CreateDatasetImportJob on arn:aws:personalize:us-east-1:123456789012:dataset-import-job/* (as well as on the dataset) in the IAM policy of the role used by configure-aws-credentials.`
    )
    const described = error(
      'AccessDeniedException',
      `User: u is not authorized to perform: personalize:DescribeDatasetImportJob on resource: ${job}`
    )
    expect(classify('DescribeDatasetImportJob', described).advice).toBe(
      `The caller lacks permission personalize:DescribeDatasetImportJob (resource ${job}). Add it to the IAM policy of the role used by configure-aws-credentials.`
    )
  })
})
