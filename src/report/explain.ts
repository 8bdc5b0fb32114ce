// What to do about a failed import, for the failure reasons Personalize is known to give, and
// where to see the job in the AWS console. Pure.
import { isJobArn, parseArn } from '../aws/arn.js'

const FIXES: [RegExp, string][] = [
  [
    /Insufficient privileges/i,
    'Personalize could not read the data. Check that (1) the bucket policy lets the service principal personalize.amazonaws.com call s3:GetObject and s3:ListBucket, (2) the role-arn role has the same permissions and trusts personalize.amazonaws.com, (3) for an SSE-KMS bucket, the key policy lets the role and Personalize use kms:Decrypt and kms:GenerateDataKey, and (4) the bucket is not restricted to VPC access: Personalize cannot read VPC-only buckets.'
  ],
  [
    /missing the following columns/i,
    "The CSV header must name the dataset schema's fields as the schema writes them. Compare the header row with the schema, check the delimiter, and save the file without a UTF-8 byte-order mark: a BOM makes the first column name unreadable."
  ],
  [
    /Invalid Data location/i,
    "Check the data-source path: s3://bucket/key.csv for one file, or s3://bucket/folder/ with the trailing / for every CSV in a folder. The bucket must exist and be in the dataset's region."
  ],
  [
    /INCREMENTAL/i,
    'An INCREMENTAL import only works after a FULL import into the same dataset. Run the first import with import-mode: FULL.'
  ],
  [
    /More than \d+ resources with PENDING or IN_PROGRESS/i,
    'At most 5 imports may be pending or in progress per region, and the quota cannot be raised. Run fewer at once (a concurrency group, or on-busy: wait).'
  ],
  [
    /Length cannot be more than/i,
    "A value is longer than the schema allows for its column. Shorten the values, or raise the field's maxLength in a new schema."
  ]
]

/** A fix for a known failure reason; undefined for others, which are shown as they are. */
export function explainFailure(reason: string): string | undefined {
  return FIXES.find(([pattern]) => pattern.test(reason))?.[1]
}

/**
 * The fix for a failure reason and, when the pre-flight check warned of the cause (a header it
 * could not match), that warning: the failure then points back to it.
 */
export function adviceFor(reason: string, foretold?: string): string | undefined {
  const fix = explainFailure(reason)
  if (!fix) return undefined
  return foretold ? `${fix} The pre-flight check warned of this: ${foretold}` : fix
}

/**
 * The import job's dataset group in the Personalize console, on the partition's console host.
 * The console has no page addressed by an import job ARN; the dataset group's page lists its
 * datasets and their import jobs. Built only from checked parts: both ARNs well formed, in one
 * partition, region and account, the group a valid name; otherwise there is no link.
 */
export function consoleUrl(jobArn: string, datasetArn: string): string | undefined {
  const job = parseArn(jobArn)
  const dataset = parseArn(datasetArn)
  const group = /^dataset\/([a-zA-Z0-9][a-zA-Z0-9\-_]{0,62})\/[A-Z_]+$/.exec(
    dataset?.resource ?? ''
  )?.[1]
  if (
    !job ||
    !dataset ||
    !group ||
    !isJobArn(jobArn) ||
    dataset.service !== 'personalize' ||
    job.partition !== dataset.partition ||
    job.region !== dataset.region ||
    job.account !== dataset.account
  )
    return undefined
  const { partition, region, account } = job
  const host =
    partition === 'aws-cn'
      ? `https://${region}.console.amazonaws.cn`
      : partition === 'aws-us-gov'
        ? 'https://console.amazonaws-us-gov.com'
        : `https://${region}.console.aws.amazon.com`
  return `${host}/personalize/home?region=${region}#arn:${partition}:personalize:${region}:${account}:dataset-group$${group}/setup`
}
