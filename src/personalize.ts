// The only module that talks to Amazon Personalize: the client and the two calls the action makes.
import {
  paginateListDatasetImportJobs,
  type DatasetImportJobSummary,
  CreateDatasetImportJobCommand,
  DescribeDatasetImportJobCommand,
  PersonalizeClient,
  type CreateDatasetImportJobRequest,
  type DatasetImportJob
} from '@aws-sdk/client-personalize'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Agent } from 'node:https'
import { checkCreatedArn, checkDescribedJob, checkListedJobs } from './arn.js'
import type { ClientSettings } from './config.js'
import { proxyFor } from './proxy.js'
import { ACTION_NAME, ACTION_VERSION } from './version.js'

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
    requestHandler: new NodeHttpHandler({
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

export async function createImportJob(
  client: PersonalizeClient,
  request: CreateDatasetImportJobRequest,
  signal?: AbortSignal
): Promise<string> {
  const response = await client.send(new CreateDatasetImportJobCommand(request), {
    abortSignal: signal
  })
  return checkCreatedArn(response.datasetImportJobArn, request)
}

export async function describeImportJob(
  client: PersonalizeClient,
  arn: string,
  signal?: AbortSignal
): Promise<DatasetImportJob> {
  const response = await client.send(
    new DescribeDatasetImportJobCommand({ datasetImportJobArn: arn }),
    {
      abortSignal: signal
    }
  )
  return checkDescribedJob(response.datasetImportJob, arn)
}

export async function listImportJobs(
  client: PersonalizeClient,
  datasetArn: string
): Promise<DatasetImportJobSummary[]> {
  const jobs: DatasetImportJobSummary[] = []
  for await (const page of paginateListDatasetImportJobs(
    { client },
    { datasetArn, maxResults: 100 }
  )) {
    jobs.push(...checkListedJobs(page.datasetImportJobs ?? [], datasetArn))
  }
  return jobs
}
