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
import type { CappedHttpHandler } from './answer-cap.js'
import { checkCreatedArn, checkDescribedJob, checkListedJobs } from './arn.js'
import { startSession, type CredentialSession } from './credentials.js'
import { startTransport, type ClientSettings, type Transport } from './transport.js'
import { ACTION_NAME, ACTION_VERSION } from '../version.js'

export type { ClientSettings } from './transport.js'

/** What a client shares with the other clients of its run: the transport and the credentials. */
interface Shared {
  settings: ClientSettings
  transport: Transport
  session: CredentialSession
}
const shared = new WeakMap<PersonalizeClient, Shared>()

/**
 * env: the run's environment, for the proxy variables (HTTPS_PROXY, NO_PROXY ...) and the
 * credential renewal (credentials.ts); log: where renewals are told.
 */
export async function createClient(
  settings: ClientSettings,
  env: Record<string, string | undefined>,
  log: (line: string) => void = () => {}
): Promise<PersonalizeClient> {
  const endpoint = new URL(
    settings.endpoint ?? `https://personalize.${settings.region}.amazonaws.com`
  )
  const transport = await startTransport(settings, env)
  const session = await startSession({ env, region: settings.region, transport, log })
  const client = new PersonalizeClient({
    region: settings.region,
    endpoint: settings.endpoint,
    customUserAgent: [[ACTION_NAME, ACTION_VERSION]],
    retryMode: 'standard',
    maxAttempts: 3,
    requestHandler: transport.handlerFor(endpoint),
    ...(session.provider ? { credentials: session.provider } : {})
  })
  session.watch(client as never)
  shared.set(client, { settings, transport, session })
  return client
}

/**
 * The settings another client of the run (the pre-flight's S3) takes from the Personalize client:
 * the transport with the proxy for its own endpoint, and the same credentials. Call `watch` on
 * the new client so that it rides out expired credentials as the first does.
 */
export function companionOf(
  personalize: PersonalizeClient,
  endpoint: URL
): {
  requestHandler: CappedHttpHandler
  credentials?: CredentialSession['provider']
  watch: (client: unknown) => void
} {
  const s = shared.get(personalize)
  if (!s)
    return {
      requestHandler: personalize.config.requestHandler as CappedHttpHandler,
      watch: () => {}
    }
  return {
    requestHandler: s.transport.handlerFor(endpoint),
    ...(s.session.provider ? { credentials: s.session.provider } : {}),
    watch: (client) => s.session.watch(client as never)
  }
}

/** Credentials renewed so far in the run of this client. */
export const renewalsOf = (personalize: PersonalizeClient): number =>
  shared.get(personalize)?.session.renewals() ?? 0

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
        // The regional quota is full: the SDK would retry it at once as throttling (3 requests a
        // call); the caller waits for a slot on its own schedule instead.
        if (quotaFull(error)) throw new QuotaFull(error)
        throw error
      } finally {
        onWire = false
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'noRetryAfterAbort' }
  )
  const answer = client.send(command).then(
    (response) => checkCreatedArn(response.datasetImportJobArn, jobArn),
    (error: unknown) => {
      throw error instanceof QuotaFull ? error.refusal : error
    }
  )
  return { answer, onWire: () => onWire, lastError: () => lastError }
}

/** LimitExceededException on a create, but not the request-rate one ("...per second..."). */
function quotaFull(error: unknown): boolean {
  const e = error as { name?: string; message?: string }
  return e?.name === 'LimitExceededException' && !/per second/i.test(e.message ?? '')
}

/** Carries the quota refusal past the SDK's retry step, which does not retry an unknown error. */
class QuotaFull extends Error {
  override name = 'QuotaFull'
  constructor(readonly refusal: unknown) {
    super('The regional import quota is full.')
  }
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

/** Pages of ListDatasetImportJobs read at most: 10,000 imports, far more than the busy check needs. */
export const MAX_JOB_PAGES = 100

export interface JobListing {
  jobs: DatasetImportJobSummary[]
  /** Why the listing stopped before its end, when it did not stop because `enough` said so. */
  partial?: string
}

/**
 * The dataset's imports, newest first as the service lists them. Stops when `enough` says the
 * pages read so far answer the caller's question, at a nextToken that repeats, or after
 * MAX_JOB_PAGES pages (then `partial` says so).
 */
export async function listImportJobs(
  client: PersonalizeClient,
  datasetArn: string,
  signal?: AbortSignal,
  enough: (jobs: DatasetImportJobSummary[]) => boolean = () => false
): Promise<JobListing> {
  const jobs: DatasetImportJobSummary[] = []
  const seen = new Set<string>()
  // Paged by hand: the SDK's paginator takes no abort signal, and has no guard on its tokens.
  let nextToken: string | undefined
  for (let pages = 1; ; pages++) {
    const page = await client.send(
      new ListDatasetImportJobsCommand({ datasetArn, maxResults: 100, nextToken }),
      { abortSignal: signal }
    )
    jobs.push(...checkListedJobs(page.datasetImportJobs ?? [], datasetArn))
    nextToken = page.nextToken
    if (!nextToken || enough(jobs)) return { jobs }
    if (seen.has(nextToken))
      return {
        jobs,
        partial: `ListDatasetImportJobs gave a nextToken it had given before (after ${pages} pages): the list would never end, so only those pages were read.`
      }
    if (pages >= MAX_JOB_PAGES)
      return {
        jobs,
        partial: `ListDatasetImportJobs has more than ${MAX_JOB_PAGES} pages (${jobs.length} imports read): only those were read.`
      }
    seen.add(nextToken)
  }
}
