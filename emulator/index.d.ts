// The public API of the emulator (index.js), for TypeScript callers.

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  /** When set, every request must carry it as x-amz-security-token. */
  sessionToken?: string
}

export interface DatasetSpec {
  /** arn:<partition>:personalize:<region>:<account>:dataset/<group>/<TYPE> */
  datasetArn: string
  /** Default: from the ARN's last segment, e.g. INTERACTIONS -> Interactions. */
  datasetType?: string
  /** Default: <group>-<type>, e.g. retail-interactions. */
  name?: string
  /** Epoch seconds or an ISO date. Default: the clock at start. */
  creationDateTime?: number | string
  /**
   * The dataset's schema, an Avro record (an object, or its JSON text as CreateSchema takes it).
   * Default: the standard schema of its type (STANDARD_SCHEMAS).
   */
  schema?: AvroSchema | string
}

/** An Avro record schema as Personalize takes it. A union with "null" makes a field optional. */
export interface AvroSchema {
  type: 'record'
  name: string
  namespace?: string
  fields: { name: string; type: string | string[]; categorical?: boolean }[]
  version?: string
}

export type FailurePreset =
  'invalid-data-location' | 's3-privileges' | 'missing-columns' | 'incremental-before-full'

/** Decides how a new job ends. The first rule whose every match condition holds wins. */
export interface OutcomeRule {
  match?: {
    dataLocation?: string
    dataLocationPrefix?: string
    /** A JavaScript regular expression, unanchored. */
    dataLocationRegex?: string
    jobName?: string
    jobNamePrefix?: string
  }
  /** The job ends CREATE FAILED with this reason. */
  failureReason?: string
  /** The job ends CREATE FAILED with a documented reason for the dataset's type. */
  failure?: FailurePreset
  pendingSeconds?: number
  inProgressSeconds?: number
}

export type JobStatus = 'CREATE PENDING' | 'CREATE IN_PROGRESS' | 'ACTIVE' | 'CREATE FAILED'

export interface Tag {
  tagKey: string
  tagValue: string
}

/** A job that existed before the emulator started. */
export interface ExistingJob {
  jobName: string
  datasetArn: string
  dataLocation?: string
  roleArn?: string
  importMode?: 'FULL' | 'INCREMENTAL'
  publishAttributionMetricsToS3?: boolean
  /** Default ACTIVE. */
  status?: JobStatus
  failureReason?: string
  /** Epoch seconds or an ISO date. Default: the clock at start. */
  creationDateTime?: number | string
  lastUpdatedDateTime?: number | string
  /** For a pending or running job: it finishes this long after the start (default: never). */
  secondsLeft?: number
  tags?: Tag[]
}

export type Operation =
  | 'CreateDatasetImportJob'
  | 'DescribeDatasetImportJob'
  | 'ListDatasetImportJobs'
  | 'DescribeDataset'
  | 'DescribeSchema'
  | 'ListTagsForResource'
  | 'CreateSolutionVersion'
  | 'DescribeSolutionVersion'
  | 'StopSolutionVersionCreation'
  | 'CreateCampaign'
  | 'UpdateCampaign'
  | 'DescribeCampaign'
  | 'CreateDataDeletionJob'
  | 'DescribeDataDeletionJob'
  | 'DescribeRecommender'
  | 'DescribeDatasetExportJob'
  | 'DescribeBatchInferenceJob'
  | 'DescribeBatchSegmentJob'
  | 'DescribeDatasetGroup'
  | 'DescribeSolution'
  | 'DescribeEventTracker'
  | 'DescribeFilter'

/** One stretch of a seeded resource's life (resources.js). */
export interface SeededLife {
  /** The status now; default the kind's good end (ACTIVE, COMPLETED for a data deletion job). */
  status?: string
  /** How long it stays so; default for ever. */
  secondsLeft?: number
  /** The status after secondsLeft; default the good end, or gone (ResourceNotFoundException) after a DELETE status. */
  then?: string
  /** Shown with a FAILED status. */
  failureReason?: string
  /** Members of the described resource, as the model names them (trainingHours, numDeleted, solutionVersionArn…). */
  fields?: Record<string, unknown>
}

/** A resource other than an import job, there from the start. The kind comes from the ARN. */
export interface SeededResource extends SeededLife {
  arn: string
  /** A campaign's, recommender's or solution's latest update. */
  update?: SeededLife
}

/** How a created solution version, campaign (or update) or data deletion job ends: the first whose arnPrefix matches. */
export interface ResourceRule {
  match?: { arnPrefix?: string }
  /** It ends CREATE FAILED (FAILED) with this reason. */
  failureReason?: string
  pendingSeconds?: number
  inProgressSeconds?: number
  /** Members it has once ended (e.g. trainingHours, numDeleted). */
  fields?: Record<string, unknown>
}

/** STS operations, served on the same URL (form-encoded POST, no X-Amz-Target). */
export type StsOperation = 'AssumeRoleWithWebIdentity' | 'GetCallerIdentity'

/** A dataset with a long history: `count` ACTIVE FULL imports, one an hour back from the start. */
export interface PastImports {
  datasetArn: string
  count: number
  /** Default s3://past-data/interactions.csv. */
  dataLocation?: string
}

/** The role the workflow assumes with its GitHub OIDC token, and its trust policy. */
export interface StsOptions {
  /** The only role AssumeRoleWithWebIdentity grants. Default arn:<partition>:iam::<account>:role/gha-role. */
  roleArn?: string
  /** The trust policy's StringLike on token.actions.githubusercontent.com:sub. Default 'repo:*'. */
  subject?: string
  /** The role's MaxSessionDuration in seconds (DurationSeconds above it: ValidationError). Default 3600. */
  maxSessionDuration?: number
  /** How long issued credentials last (Expiration says so). Default: DurationSeconds (3600). */
  credentialSeconds?: number
}

/** GitHub's OIDC token endpoint (started with `oidc` or `sts`). */
export interface OidcOptions {
  /** OWNER/REPO in the claims. Default our-org/our-repo. */
  repository?: string
  /** Default refs/heads/main. */
  ref?: string
  /** The sub claim. Default repo:<repository>:ref:<ref>. */
  subject?: string
  /** exp - iat of each token. Default 300, as GitHub's. */
  tokenSeconds?: number
  /** The bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN holds. Default: random. */
  requestToken?: string
}

export type FaultKind =
  | 'throttle'
  | 'limit-exceeded'
  | 'http-500'
  | 'http-503'
  | 'reset'
  | 'hang'
  | 'malformed'
  | 'expired-token'
  | 'access-denied'
  | 'pass-role-denied'
  | 'reset-after-create'
  | 'resource-in-use'
  | 'rate-exceeded'
  | 'other-job'
  | 'other-account'
  | 'other-region'
  | 'forged-text'
  | 'forged-status'
  | 'forged-error'
  | 'echo-tags'
  | 'trickle'
  | 'retry-after'
  | 'hang-after-create'
  | 'refuse'
  | 'create-race'
  | 'repeat-token'
  | 'idp-communication-error'

export interface Fault {
  /**
   * Default '*': every Personalize operation (for the kinds of one operation, e.g.
   * pass-role-denied or repeat-token: every request of it). STS requests meet only faults that
   * name their operation.
   */
  operation?: Operation | StsOperation | '*'
  kind: FaultKind
  /** How many matching requests it hits. Default 1. */
  count?: number
  /** How many matching requests it lets through first. Default 0. */
  skip?: number
  /**
   * hang: answer normally after this many milliseconds instead of never. trickle: milliseconds
   * between bytes (default 100). retry-after: the Retry-After asked for (default 60000).
   * refuse: how long the listener stays closed (default 3000).
   */
  ms?: number
  /** Replaces the error message of the error kinds. */
  message?: string
}

/** The options a scenario file may hold. */
export interface Scenario {
  /** 0 (default) picks a free port. The emulator only listens on 127.0.0.1. */
  port?: number
  region?: string
  partition?: string
  accountId?: string
  /** Default: AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY. */
  credentials?: Credentials
  datasets?: DatasetSpec[]
  /** Default durations of a new job's phases, in seconds (1 and 2). */
  jobs?: { pendingSeconds?: number; inProgressSeconds?: number }
  outcomes?: OutcomeRule[]
  existingJobs?: ExistingJob[]
  /** Jobs CREATE PENDING or CREATE IN_PROGRESS at once before LimitExceededException. Default 5. */
  maxRunningImports?: number
  /** An INCREMENTAL job on a dataset without an ACTIVE FULL import ends CREATE FAILED. Default true. */
  incrementalRequiresFullImport?: boolean
  faults?: Fault[]
  /** A create on a dataset with an import PENDING or IN_PROGRESS: ResourceInUseException. Default false. */
  oneImportPerDataset?: boolean
  pastImports?: PastImports[]
  /** The configured credentials answer ExpiredTokenException this many seconds after the start. */
  credentialsExpireSeconds?: number
  sts?: StsOptions
  oidc?: OidcOptions
  /** Solution versions, campaigns, recommenders, data deletion and other jobs, dataset groups, solutions… (resources.js). */
  resources?: SeededResource[]
  resourceOutcomes?: ResourceRule[]
  /**
   * Where new jobs read their data. Without it, no data is read and outcome rules alone decide
   * how a job ends. With it, each new job (that no outcome rule fails) reads its dataLocation and
   * ends CREATE FAILED with Personalize's text when the data is bad.
   */
  s3?: S3Options
}

/** An S3 endpoint, addressed path-style, with SigV4 (service s3). */
export interface S3Options {
  /** e.g. http://127.0.0.1:4568 */
  endpoint: string
  /** Default: the emulator's region. */
  region?: string
  /** Default: the emulator's credentials. */
  credentials?: Credentials
}

export interface EmulatorOptions extends Scenario {
  /** The clock of the jobs, in ms. Default Date.now. Signatures are checked against real time. */
  now?: () => number
  /** Called once per request when it is answered (or reset, or left hanging). */
  onRequest?: (request: RecordedRequest) => void
}

export interface RecordedRequest {
  /** From X-Amz-Target without `AmazonPersonalize.` (the whole header if it lacks the prefix). */
  operation: string
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown
  headers: {
    'user-agent'?: string
    'x-amz-target'?: string
    'content-type'?: string
    'amz-sdk-request'?: string
    'amz-sdk-invocation-id'?: string
  }
  /** Whether x-amz-security-token was sent (its value is never recorded). */
  hasSessionToken: boolean
  /** The credential scope of the Authorization header, null without one. */
  credential: { accessKeyId: string; date: string; region: string; service: string } | null
  /** The emulator clock (ms) when the request arrived. */
  time: number
  /** The HTTP status answered; null if none was (reset, hang). */
  status: number | null
  /** The __type of an error answer. */
  errorType: string | null
  /** The injected fault this request met. */
  fault: FaultKind | null
  /** The x-amzn-RequestId answered. */
  requestId: string
}

/** A job as DescribeDatasetImportJob returns it (timestamps in epoch seconds), plus its tags. */
export interface JobView {
  jobName: string
  datasetImportJobArn: string
  datasetArn: string
  dataSource?: { dataLocation?: string }
  roleArn?: string
  status: JobStatus
  creationDateTime: number
  lastUpdatedDateTime: number
  failureReason?: string
  importMode: 'FULL' | 'INCREMENTAL'
  publishAttributionMetricsToS3?: boolean
  tags: Tag[]
}

export interface Emulator {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  region: string
  /** A copy of every request so far, oldest first. */
  readonly requests: RecordedRequest[]
  clearRequests(): void
  injectFault(fault: Fault): void
  /** Drops the faults not yet used up (e.g. one with count: Infinity). */
  clearFaults(): void
  addDataset(dataset: DatasetSpec): void
  jobs(): JobView[]
  /** Resolves once every data read started so far has finished (with the s3 option). */
  idle(): Promise<void>
  /** Drops every connection and refuses new ones for `ms`, then listens again on the same port. */
  refuseConnections(ms: number): void
  /** GitHub's token endpoint, with the `oidc` or `sts` option. */
  oidc?: {
    /** ACTIONS_ID_TOKEN_REQUEST_URL */
    requestUrl: string
    /** ACTIONS_ID_TOKEN_REQUEST_TOKEN */
    requestToken: string
    subject: string
    /** Every token request (live list). */
    readonly requests: { audience: string | null; authorized: boolean; status: number }[]
    /** A token for this audience, as the endpoint issues it now. */
    issue(audience: string): string
  }
  /** The credentials STS issued, oldest first. */
  issuedCredentials(): (Credentials & { sessionToken: string; expiresMs: number; arn: string })[]
  /**
   * For startS3Folder's `refuse`: S3's ExpiredToken answer when the request's key has expired.
   */
  s3Refusal(
    authorization: string | undefined
  ): { status: number; code: string; message: string } | undefined
  /** Stops the server and drops every connection, hanging ones included. */
  close(): Promise<void>
}

/** One request to the S3 folder server, as answered. */
export interface S3FolderRequest {
  method: string
  bucket: string
  /** '' for a bucket request (HeadBucket, ListObjectsV2). */
  key: string
  /** The Range header, when sent. */
  range?: string
  status: number
  /** Body bytes sent (0 for HEAD and errors' headers only). */
  bytes: number
}

/** A read-only S3 over a local folder (startS3Folder): each subfolder of root is a bucket. */
export interface S3Folder {
  /** http://127.0.0.1:<port>, path-style. */
  url: string
  port: number
  /** Every request so far, oldest first (the live list). */
  readonly requests: S3FolderRequest[]
  close(): Promise<void>
}

export declare function startS3Folder(options: {
  /** The folder whose subfolders are the buckets. */
  root: string
  /** 0 (default) picks a free port. Listens on 127.0.0.1 only. */
  port?: number
  /** Buckets that answer every request with 403 AccessDenied. */
  deniedBuckets?: string[]
  /** Asked first for each request (e.g. emulator.s3Refusal): an error answer, or undefined. */
  refuse?: (
    authorization: string | undefined
  ) => { status: number; code: string; message: string } | undefined
}): Promise<S3Folder>

export declare const DEFAULT_CREDENTIALS: Credentials
/** The schema a dataset of each type gets when the scenario gives none. */
export declare const STANDARD_SCHEMAS: Record<
  'Interactions' | 'Users' | 'Items' | 'Actions' | 'Action_Interactions',
  AvroSchema
>
export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>
export declare function loadScenario(file: string): Scenario

/** Service text that tries every way out of a log line or a summary cell (forged-text, forged-error). */
export const FORGED_TEXT: string
/** The status forged-status answers with. */
export const FORGED_STATUS: string

/** GitHub's OIDC token endpoint alone (startEmulator starts one with `oidc` or `sts`). */
export declare function startOidc(options?: OidcOptions & { port?: number }): Promise<{
  requestUrl: string
  requestToken: string
  subject: string
  readonly requests: { audience: string | null; authorized: boolean; status: number }[]
  issue(audience: string): string
  verify(token: string): Record<string, unknown> | null
  close(): Promise<void>
}>
