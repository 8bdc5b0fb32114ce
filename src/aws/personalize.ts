// The Personalize client and the calls that create, describe and list import jobs. The pre-flight
// reads the dataset's schema through the same client (preflight/read.ts).
import {
  ListDatasetImportJobsCommand,
  type DatasetImportJobSummary,
  CreateDatasetImportJobCommand,
  DescribeDatasetImportJobCommand,
  PersonalizeClient,
  type CreateDatasetImportJobRequest,
  type DatasetImportJob
} from '@aws-sdk/client-personalize'
import { Agent } from 'node:https'
import { CappedHttpHandler } from './answer-cap.js'
import { checkCreatedArn, checkDescribedJob, checkListedJobs } from './arn.js'
import { proxyFor } from './proxy.js'
import { ACTION_NAME, ACTION_VERSION } from '../version.js'

/** How both actions reach AWS, from their shared inputs (inputs/client.ts). */
export interface ClientSettings {
  region: string
  endpoint?: string
  /** PEM text of the ca-bundle file. */
  caBundle?: string
  /** Milliseconds; undefined means no limit (the CLI's 0). */
  connectTimeoutMs?: number
  readTimeoutMs?: number
}

/** env: the run's environment, for the proxy variables (HTTPS_PROXY, NO_PROXY ...). */
export async function createClient(
  settings: ClientSettings,
  env: Record<string, string | undefined>
): Promise<PersonalizeClient> {
  const endpoint = new URL(
    settings.endpoint ?? `https://personalize.${settings.region}.amazonaws.com`
  )
  const proxy = proxyFor(endpoint, env)
  const tls = settings.caBundle ? { ca: settings.caBundle } : {}
  return new PersonalizeClient({
    region: settings.region,
    endpoint: settings.endpoint,
    customUserAgent: [[ACTION_NAME, ACTION_VERSION]],
    retryMode: 'standard',
    maxAttempts: 3,
    requestHandler: new CappedHttpHandler({
      connectionTimeout: settings.connectTimeoutMs,
      // The CLI's read timeout is a socket idle timeout, which is what socketTimeout is.
      socketTimeout: settings.readTimeoutMs,
      ...(proxy
        ? await proxyAgents(proxy, tls)
        : { httpsAgent: new Agent({ ...tls, keepAlive: true }) })
    })
  })
}

// Loaded only when a proxy is set: most runs do not need them.
async function proxyAgents(proxy: string, tls: { ca?: string }) {
  const [{ HttpsProxyAgent }, { HttpProxyAgent }] = await Promise.all([
    import('https-proxy-agent'),
    import('http-proxy-agent')
  ])
  return {
    httpsAgent: new HttpsProxyAgent(proxy, { ...tls, keepAlive: true }),
    httpAgent: new HttpProxyAgent(proxy, { keepAlive: true })
  }
}

/** A request that passed validation: the members the service requires are there. */
export type ImportRequest = CreateDatasetImportJobRequest & {
  jobName: string
  datasetArn: string
  dataSource: { dataLocation: string }
}

/** One create on its way: its answer, and what the SDK's attempts (its own retries) are doing. */
export interface CreateCall {
  /** The created job's ARN, checked against the one the request implies. */
  answer: Promise<string>
  /** An attempt is on the wire now: its answer may hold the ARN. */
  onWire(): boolean
  /** How the last attempt failed, when one did. */
  lastError(): unknown
}

/**
 * Sends CreateDatasetImportJob. The create is never aborted once sent (its answer holds the ARN),
 * so it takes no abort signal; after `noRetryAfter` aborts, the SDK sends no further attempt.
 * `jobArn` is the ARN the request implies, which the answer must hold.
 */
export function startCreate(
  client: PersonalizeClient,
  request: CreateDatasetImportJobRequest,
  jobArn: string,
  noRetryAfter?: AbortSignal
): CreateCall {
  let onWire = false
  let lastError: unknown
  const command = new CreateDatasetImportJobCommand(request)
  // After the SDK's retry step, so it runs around each attempt.
  command.middlewareStack.add(
    (next) => async (args) => {
      if (noRetryAfter?.aborted) throw noRetryAfter.reason
      onWire = true
      try {
        return await next(args)
      } catch (error) {
        lastError = error
        throw error
      } finally {
        onWire = false
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'noRetryAfterAbort' }
  )
  const answer = client
    .send(command)
    .then((response) => checkCreatedArn(response.datasetImportJobArn, jobArn))
  return { answer, onWire: () => onWire, lastError: () => lastError }
}

export async function describeImportJob(
  client: PersonalizeClient,
  arn: string,
  signal?: AbortSignal
): Promise<DatasetImportJob> {
  const response = await client.send(
    new DescribeDatasetImportJobCommand({ datasetImportJobArn: arn }),
    { abortSignal: signal }
  )
  return checkDescribedJob(response.datasetImportJob, arn)
}

export async function listImportJobs(
  client: PersonalizeClient,
  datasetArn: string,
  signal?: AbortSignal
): Promise<DatasetImportJobSummary[]> {
  const jobs: DatasetImportJobSummary[] = []
  // Paged by hand: the SDK's paginator takes no abort signal.
  let nextToken: string | undefined
  do {
    const page = await client.send(
      new ListDatasetImportJobsCommand({ datasetArn, maxResults: 100, nextToken }),
      { abortSignal: signal }
    )
    jobs.push(...checkListedJobs(page.datasetImportJobs ?? [], datasetArn))
    nextToken = page.nextToken
  } while (nextToken)
  return jobs
}
