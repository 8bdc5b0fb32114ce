// The calls the wait action makes on any Personalize resource: the Describe call of its kind, its
// answer checked to be about the ARN asked, and the one Stop call a cancel may make (training).
import {
  DescribeBatchInferenceJobCommand,
  DescribeBatchSegmentJobCommand,
  DescribeCampaignCommand,
  DescribeDataDeletionJobCommand,
  DescribeDatasetCommand,
  DescribeDatasetExportJobCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  DescribeRecommenderCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  StopSolutionVersionCreationCommand,
  type PersonalizeClient
} from '@aws-sdk/client-personalize'
import { UnexpectedAnswerError } from './arn.js'
import type { DescribeOperation, KindSpec } from './kinds.js'

// Each takes { <request member>: arn }; the table names the member.
const COMMANDS: Record<DescribeOperation, new (input: never) => unknown> = {
  DescribeDatasetImportJob: DescribeDatasetImportJobCommand,
  DescribeSolutionVersion: DescribeSolutionVersionCommand,
  DescribeCampaign: DescribeCampaignCommand,
  DescribeRecommender: DescribeRecommenderCommand,
  DescribeDataDeletionJob: DescribeDataDeletionJobCommand,
  DescribeDatasetExportJob: DescribeDatasetExportJobCommand,
  DescribeBatchInferenceJob: DescribeBatchInferenceJobCommand,
  DescribeBatchSegmentJob: DescribeBatchSegmentJobCommand,
  DescribeDatasetGroup: DescribeDatasetGroupCommand,
  DescribeDataset: DescribeDatasetCommand,
  DescribeSolution: DescribeSolutionCommand,
  DescribeEventTracker: DescribeEventTrackerCommand,
  DescribeFilter: DescribeFilterCommand
}

/** The described resource, which must be the one asked about. */
export async function describeResource(
  client: PersonalizeClient,
  spec: KindSpec,
  arn: string,
  signal?: AbortSignal
): Promise<Record<string, unknown>> {
  const { operation, request, response } = spec.describe
  const command = new COMMANDS[operation]({ [request]: arn } as never)
  const answer = (await client.send(command as never, {
    abortSignal: signal
  })) as unknown as Record<string, unknown>
  const resource = answer[response] as Record<string, unknown> | undefined
  // Members the answer leaves out are not checked (test doubles leave them out; AWS never does).
  if (!resource || (resource[request] !== undefined && resource[request] !== arn)) {
    const about = JSON.stringify(resource?.[request] ?? null).slice(0, 120)
    throw new UnexpectedAnswerError(`${operation} for ${arn} answered about ${about}.`)
  }
  return resource
}

/** Stops a training: CREATE PENDING ends CREATE STOPPED, CREATE IN_PROGRESS goes CREATE STOPPING. */
export async function stopSolutionVersion(
  client: PersonalizeClient,
  arn: string,
  signal?: AbortSignal
): Promise<void> {
  await client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn: arn }), {
    abortSignal: signal
  })
}
