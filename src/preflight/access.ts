// Why a read for the pre-flight checks failed, in words that name what to grant or fix. The
// step's credentials are not the service role, so a missing permission is expected and only
// skips a check (preflight: auto) or refuses the run (strict). The error's facts come from the one
// table every client shares (aws/aws-errors.ts). Pure.
import { errorFacts, expiredAdvice } from '../aws/aws-errors.js'

/** The calls the checks make, and the permission each needs. */
export const PERMISSION = {
  HeadObject: 's3:GetObject',
  GetObject: 's3:GetObject',
  ListObjectsV2: 's3:ListBucket',
  DescribeDataset: 'personalize:DescribeDataset',
  DescribeSchema: 'personalize:DescribeSchema',
  ListDatasetImportJobs: 'personalize:ListDatasetImportJobs'
} as const
export type CheckCall = keyof typeof PERMISSION

const PERSONALIZE_CALLS: CheckCall[] = [
  'DescribeDataset',
  'DescribeSchema',
  'ListDatasetImportJobs'
]

/**
 * One sentence: which call failed and why, naming the permission when one is missing.
 * `what` names the resource (the object, the folder or the dataset).
 */
export function whyReadFailed(call: CheckCall, error: unknown, what: string): string {
  const { code, message, status, network, renewal } = errorFacts(error)
  const s3 = !PERSONALIZE_CALLS.includes(call)
  const denied = /AccessDenied|Forbidden/.test(code) || (s3 && status === 403)
  if (denied && s3 && /kms/i.test(message)) {
    return `${call} on ${what} was refused: the credentials may not decrypt the object's KMS key (kms:Decrypt). Grant kms:Decrypt on the bucket's key to the role of configure-aws-credentials.`
  }
  if (denied) {
    // Without s3:ListBucket, S3 answers 403 rather than 404 for a key that does not exist.
    const missing =
      call === 'HeadObject'
        ? ' (or the key does not exist and s3:ListBucket is not granted either)'
        : ''
    return `${call} on ${what} was refused (${code}): the credentials lack ${PERMISSION[call]}${missing}. Grant it to the role of configure-aws-credentials${s3 ? ', and check the bucket policy' : ''}.`
  }
  if (network) {
    return `${call} on ${what} failed: ${s3 ? 'S3' : 'Personalize'} could not be reached (${code}). Check ${s3 ? 's3-endpoint-url' : 'endpoint-url'} and the runner's network or proxy.`
  }
  if (code === 'ExpiredTokenException' || code === 'ExpiredToken') {
    return `${call} on ${what} failed: ${code}. ${expiredAdvice(renewal)}`
  }
  if (code === 'CredentialsProviderError') {
    return `${call} on ${what} failed: no AWS credentials were found.`
  }
  return `${call} on ${what} failed: ${code}: ${message}`
}
