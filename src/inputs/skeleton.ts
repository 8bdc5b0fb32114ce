// --generate-cli-skeleton: the request template in JSON or YAML, or a sample output. Pure.
import type { CreateDatasetImportJobRequest } from '@aws-sdk/client-personalize'
import { jobArnFor } from '../aws/arn.js'

export const SKELETONS = ['input', 'yaml-input', 'output'] as const
export type Skeleton = (typeof SKELETONS)[number]

// The CLI prints "" for strings, the first enum value and true for booleans, indented by 4.
const INPUT_SKELETON = {
  jobName: '',
  datasetArn: '',
  dataSource: { dataLocation: '' },
  roleArn: '',
  tags: [{ tagKey: '', tagValue: '' }],
  importMode: 'FULL',
  publishAttributionMetricsToS3: true
}

const YAML_SKELETON = `jobName: '' # [REQUIRED] The name for the dataset import job.
datasetArn: '' # [REQUIRED] The ARN of the dataset that receives the imported data.
dataSource: # [REQUIRED] The Amazon S3 bucket that contains the training data to import.
  dataLocation: '' # The path to the Amazon S3 file, or to a folder ending with /.
roleArn: '' # The ARN of the IAM role that has permissions to read from the Amazon S3 data source.
tags: # A list of tags to apply to the dataset import job.
- tagKey: '' # [REQUIRED] One part of a key-value pair that makes up a tag.
  tagValue: '' # [REQUIRED] The optional part of a key-value pair that makes up a tag.
importMode: FULL # How to add the new records to the dataset. Valid values are: FULL, INCREMENTAL.
publishAttributionMetricsToS3: true # If you created a metric attribution, whether to publish metrics for this import job to Amazon S3.
`

export function renderSkeleton(
  kind: Skeleton,
  request: Partial<CreateDatasetImportJobRequest>
): string {
  if (kind === 'input') return JSON.stringify(INPUT_SKELETON, null, 4)
  if (kind === 'yaml-input') return YAML_SKELETON
  return JSON.stringify(
    { datasetImportJobArn: jobArnFor(request.datasetArn ?? '', request.jobName ?? '') },
    null,
    4
  )
}
