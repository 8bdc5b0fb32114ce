import { describe, expect, it } from '@jest/globals'
import { describeAwsError, failureText, redactTags } from '../../../src/aws/aws-errors.js'

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
})
