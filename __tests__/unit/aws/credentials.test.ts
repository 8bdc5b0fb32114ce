import { describe, expect, it } from '@jest/globals'
import { roleOf } from '../../../src/aws/credentials.js'

describe('roleOf', () => {
  it('gives the role behind an assumed-role ARN, without a path (GetCallerIdentity has none)', () => {
    expect(roleOf('arn:aws:sts::123456789012:assumed-role/gha-role/GitHubActions')).toBe(
      'arn:aws:iam::123456789012:role/gha-role'
    )
    expect(roleOf('arn:aws-cn:sts::123456789012:assumed-role/r/s')).toBe(
      'arn:aws-cn:iam::123456789012:role/r'
    )
  })

  it('gives nothing for a user or a malformed ARN', () => {
    expect(roleOf('arn:aws:iam::123456789012:user/alice')).toBeUndefined()
    expect(roleOf('')).toBeUndefined()
  })
})
