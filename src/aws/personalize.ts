// The only module that talks to Amazon Personalize: the client and the two calls the action makes.
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
import type { ClientSettings } from '../inputs/config.js'
import { proxyFor } from './proxy.js'
import { ACTION_NAME, ACTION_VERSION } from '../version.js'

export async function createClient(settings: ClientSettings): Promise<PersonalizeClient> {
  const endpoint = new URL(
    settings.endpoint ?? `https://personalize.${settings.region}.amazonaws.com`
  )
  const proxy = proxyFor(endpoint, process.env)
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

/** What the SDK's attempts of one create have done so far (its own retries included). */
export interface CreateAttempts {
  /** An attempt is on the wire: its answer may hold the ARN. */
  onWire: boolean
  /** How the last attempt failed, when one did. */
  lastError?: unknown
}

/**
 * The create is never aborted once sent (its answer holds the ARN), so it takes no abort signal;
 * `noRetryAfter` stops the SDK from sending another attempt (its own retries) once it aborts.
 * `attempts` is kept up to date as each attempt is sent and answered.
 */
export async function createImportJob(
  client: PersonalizeClient,
  request: CreateDatasetImportJobRequest,
  noRetryAfter?: AbortSignal,
  attempts: CreateAttempts = { onWire: false }
): Promise<string> {
  const command = new CreateDatasetImportJobCommand(request)
  // After the SDK's retry step, so it runs around each attempt.
  command.middlewareStack.add(
    (next) => async (args) => {
      if (noRetryAfter?.aborted) throw noRetryAfter.reason
      attempts.onWire = true
      try {
        return await next(args)
      } catch (error) {
        attempts.lastError = error
        throw error
      } finally {
        attempts.onWire = false
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'noRetryAfterAbort' }
  )
  const response = await client.send(command)
  return checkCreatedArn(response.datasetImportJobArn, request)
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
