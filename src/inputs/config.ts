// Turns the raw inputs into a checked configuration: the CreateDatasetImportJob request, the
// client settings and the wait settings. Every problem is collected and reported at once, and
// nothing here talks to AWS. Pure apart from the injected file reader.
import type { CreateDatasetImportJobRequest } from '@aws-sdk/client-personalize'
import {
  mergeRequests,
  parseCliInput,
  resolveFileValue,
  type Request,
  type YamlModule
} from './cli-input.js'
import { parseWaitTimeout } from './duration.js'
import { InputCollector, InputError } from './errors.js'
import type { InputName, RawInputs } from './inputs.js'
import { defaultJobName, type RunIdentity } from './job-name.js'
import {
  MAX_INPUT_CHARS,
  parseBoolean,
  parseDataSource,
  parseEnum,
  parseSeconds,
  parseTags
} from './params.js'
import { IMPORT_MODES, validateRequest } from './validate.js'

export const SKELETONS = ['input', 'yaml-input', 'output'] as const
export type Skeleton = (typeof SKELETONS)[number]

export interface ClientSettings {
  region: string
  endpoint?: string
  /** PEM text of the ca-bundle file. */
  caBundle?: string
  /** Milliseconds; undefined means no limit (the CLI's 0). */
  connectTimeoutMs?: number
  readTimeoutMs?: number
}

export interface WaitSettings {
  enabled: boolean
  timeoutSeconds: number
  pollIntervalSeconds: number
}

/** A request that passed validation: the members the service requires are there. */
export type ImportRequest = CreateDatasetImportJobRequest & {
  jobName: string
  datasetArn: string
  dataSource: { dataLocation: string }
}

export const IF_EXISTS = ['fail', 'attach'] as const
export const ON_BUSY = ['wait', 'fail'] as const
export const PREFLIGHT_MODES = ['auto', 'strict', 'off'] as const
export type PreflightMode = (typeof PREFLIGHT_MODES)[number]

export interface PreflightSettings {
  /** auto: a check that cannot run is a warning; strict: it fails the step; off: nothing read. */
  mode: PreflightMode
  /** Undefined: the regional S3 endpoint. The other client settings are the Personalize ones. */
  s3Endpoint?: string
}

export interface Config {
  request: ImportRequest
  /** When the job name is taken: fail, or attach to a job importing the same data. */
  ifExists: (typeof IF_EXISTS)[number]
  /** When another import is running on the dataset: wait for it, or fail. */
  onBusy: (typeof ON_BUSY)[number]
  skeleton?: Skeleton
  client: ClientSettings
  wait: WaitSettings
  preflight: PreflightSettings
}

export interface Environment {
  env: Record<string, string | undefined>
  /** Where file:// paths start: GITHUB_WORKSPACE on a runner. */
  workspace: string
  readText: (path: string) => string
  /** The run, for the default job name; undefined outside GitHub Actions. */
  run?: RunIdentity
  /** Needed only with cli-input-yaml: loading it costs start-up time on every other run. */
  yaml?: YamlModule
}

/** Which request member each explicit input sets. */
const MEMBER_INPUT: Record<keyof CreateDatasetImportJobRequest, InputName> = {
  jobName: 'job-name',
  datasetArn: 'dataset-arn',
  dataSource: 'data-source',
  roleArn: 'role-arn',
  tags: 'tags',
  importMode: 'import-mode',
  publishAttributionMetricsToS3: 'publish-attribution-metrics-to-s3'
}

const FAILED: Request = Object.freeze({})

export function buildConfig(raw: RawInputs, environment: Environment): Config {
  checkLengths(raw)
  const c = new InputCollector()
  const given = (name: InputName) => raw[name].trim() !== ''

  const explicit: Request = {
    jobName: given('job-name') ? raw['job-name'].trim() : undefined,
    datasetArn: given('dataset-arn') ? raw['dataset-arn'].trim() : undefined,
    dataSource: given('data-source')
      ? c.check(() => parseDataSource('data-source', raw['data-source']))
      : undefined,
    roleArn: given('role-arn') ? raw['role-arn'].trim() : undefined,
    tags: given('tags') ? c.check(() => parseTags('tags', raw.tags)) : undefined,
    importMode: given('import-mode')
      ? c.check(() => parseEnum('import-mode', raw['import-mode'], IMPORT_MODES))
      : undefined,
    publishAttributionMetricsToS3: c.check(() =>
      parseBoolean('publish-attribution-metrics-to-s3', raw['publish-attribution-metrics-to-s3'])
    )
  }

  const cliInput = given('cli-input-json')
    ? 'cli-input-json'
    : given('cli-input-yaml')
      ? 'cli-input-yaml'
      : undefined
  if (given('cli-input-json') && given('cli-input-yaml')) {
    c.add(
      new InputError(
        'cli-input-yaml',
        'only one of cli-input-json and cli-input-yaml may be given, as in the CLI.'
      )
    )
  }
  const fromFile: Request = cliInput
    ? (c.check(() =>
        parseCliInput(
          cliInput,
          resolveFileValue(cliInput, raw[cliInput], environment.workspace, environment.readText),
          environment.yaml
        )
      ) ?? FAILED)
    : {}

  const merged = mergeRequests(fromFile, explicit)
  const sourceOf = (member: keyof CreateDatasetImportJobRequest) =>
    explicit[member] === undefined && fromFile[member] !== undefined
      ? `${cliInput} (${member})`
      : MEMBER_INPUT[member]

  merged.importMode ??= 'FULL'
  if (merged.jobName === undefined && merged.datasetArn) {
    if (environment.run) merged.jobName = defaultJobName(environment.run, merged.datasetArn)
    else
      c.add(
        new InputError('job-name', 'is required outside GitHub Actions (GITHUB_RUN_ID is not set).')
      )
  }
  // Members that failed to parse were reported already; when cli-input failed, any member may
  // have been meant to come from it, so none is reported missing.
  const unknown = new Set(
    (Object.keys(MEMBER_INPUT) as (keyof CreateDatasetImportJobRequest)[]).filter(
      (member) =>
        (given(MEMBER_INPUT[member]) && explicit[member] === undefined) ||
        (cliInput !== undefined && fromFile === FAILED && explicit[member] === undefined) ||
        (member === 'jobName' && merged.jobName === undefined)
    )
  )
  c.errors.push(...validateRequest(merged, sourceOf, unknown))

  const skeleton = given('generate-cli-skeleton')
    ? c.check(
        () =>
          parseEnum(
            'generate-cli-skeleton',
            raw['generate-cli-skeleton'],
            SKELETONS
          ).toLowerCase() as Skeleton
      )
    : undefined
  const client = c.check(() =>
    buildClientSettings(raw, environment, {
      arn: merged.datasetArn,
      input: 'dataset-arn',
      regionRequired: skeleton === undefined
    })
  )
  const wait = c.check(() => buildWaitSettings(raw))
  const policy = (name: 'if-exists' | 'on-busy', allowed: readonly string[]) =>
    c.check(() => parseEnum(name, raw[name] || allowed[0], allowed).toLowerCase())
  const ifExists = policy('if-exists', IF_EXISTS) as Config['ifExists']
  const onBusy = policy('on-busy', ON_BUSY) as Config['onBusy']
  const preflight = c.check(() => buildPreflightSettings(raw, environment.env))

  // Skeletons of the input need no valid request: that is what the user is about to write.
  if (skeleton !== 'input' && skeleton !== 'yaml-input') c.throwIfAny()
  return {
    request: merged as ImportRequest,
    ifExists: ifExists!,
    onBusy: onBusy!,
    skeleton,
    client: client!,
    wait: wait!,
    preflight: preflight!
  }
}

/** Refuses, before any parsing, an input longer than any request could be. */
export function checkLengths(raw: Record<string, string>): void {
  const c = new InputCollector()
  for (const [name, value] of Object.entries(raw)) {
    if (value.length > MAX_INPUT_CHARS)
      c.add(
        new InputError(name, `is ${value.length} characters; at most ${MAX_INPUT_CHARS} are read.`)
      )
  }
  c.throwIfAny()
}

export type ClientInputs = Pick<
  RawInputs,
  'region' | 'endpoint-url' | 'ca-bundle' | 'cli-connect-timeout' | 'cli-read-timeout'
>

/**
 * The client settings. The region comes from the region input, then AWS_REGION, then
 * AWS_DEFAULT_REGION, then the resource's ARN; a region that differs from the ARN's is an error.
 */
export function buildClientSettings(
  raw: ClientInputs,
  environment: Environment,
  resource: { arn?: string; input: string; regionRequired: boolean }
): ClientSettings {
  const c = new InputCollector()
  const { env } = environment
  const given = [
    [raw.region, 'the region input'],
    [env.AWS_REGION, 'AWS_REGION'],
    [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION']
  ].find(([value]) => value?.trim()) as [string, string] | undefined
  const arnRegion = resource.arn?.split(':')[3] || undefined
  const region = given?.[0].trim() ?? arnRegion ?? ''
  if (region === '' && resource.regionRequired) {
    c.add(
      new InputError(
        'region',
        'no AWS region. Set the region input, or run aws-actions/configure-aws-credentials with aws-region before this step (it sets AWS_REGION).'
      )
    )
  } else if (region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    c.add(
      new InputError(
        'region',
        `${JSON.stringify(region)} is not an AWS region. Expected a name such as us-east-1.`
      )
    )
  } else if (given && arnRegion && region !== arnRegion) {
    c.add(
      new InputError(
        'region',
        `${region} (from ${given[1]}) is not the region of ${resource.input} (${arnRegion}). Personalize resources live in one region: set region: ${arnRegion}, or use the ARN of a resource in ${region}.`
      )
    )
  }
  const endpoint = raw['endpoint-url'].trim() || undefined
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    c.add(
      new InputError(
        'endpoint-url',
        `${JSON.stringify(endpoint)} is not an http:// or https:// URL.`
      )
    )
  }
  // As the CLI does, AWS_CA_BUNDLE stands in for an empty ca-bundle.
  const caInput = raw['ca-bundle'].trim()
  const caPath = caInput || env.AWS_CA_BUNDLE?.trim() || ''
  const caBundle = caPath
    ? c.check(() =>
        checkCaBundle(
          resolveFileValue(
            'ca-bundle',
            `file://${caPath}`,
            environment.workspace,
            environment.readText
          ),
          caInput ? caPath : `${caPath} (from AWS_CA_BUNDLE)`
        )
      )
    : undefined
  const DAY = 86400
  const connect = c.check(() =>
    parseSeconds('cli-connect-timeout', raw['cli-connect-timeout'] || '60', 0, DAY)
  )
  const read = c.check(() =>
    parseSeconds('cli-read-timeout', raw['cli-read-timeout'] || '60', 0, DAY)
  )
  c.throwIfAny()
  return {
    region,
    endpoint,
    caBundle,
    connectTimeoutMs: connect ? connect * 1000 : undefined,
    readTimeoutMs: read ? read * 1000 : undefined
  }
}

export function buildWaitSettings(
  raw: Pick<RawInputs, 'wait' | 'wait-timeout' | 'poll-interval'>
): WaitSettings {
  const c = new InputCollector()
  const enabled = c.check(() => parseBoolean('wait', raw.wait || 'true'))
  const timeoutSeconds = c.check(() =>
    parseWaitTimeout('wait-timeout', raw['wait-timeout'] || '180')
  )
  const pollIntervalSeconds = c.check(() =>
    parseSeconds('poll-interval', raw['poll-interval'] || '30', 1, 3600)
  )
  c.throwIfAny()
  return {
    enabled: enabled!,
    timeoutSeconds: timeoutSeconds!,
    pollIntervalSeconds: pollIntervalSeconds!
  }
}

const PEM_CERTIFICATE =
  /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/

/** A CA bundle must hold at least one PEM certificate: anything else would fail every TLS call. */
function checkCaBundle(text: string, shown: string): string {
  if (!PEM_CERTIFICATE.test(text)) {
    throw new InputError(
      'ca-bundle',
      `${shown} holds no PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----). Give a PEM file of the certificate authorities to trust.`
    )
  }
  return text
}

/**
 * The pre-flight mode and the S3 endpoint: the s3-endpoint-url input, then AWS_ENDPOINT_URL_S3,
 * then AWS_ENDPOINT_URL (the SDK's variables for S3-compatible servers), else the regional one.
 */
export function buildPreflightSettings(
  raw: Pick<RawInputs, 'preflight' | 's3-endpoint-url'>,
  env: Environment['env']
): PreflightSettings {
  const c = new InputCollector()
  const mode = c.check(
    () =>
      parseEnum(
        'preflight',
        raw.preflight || 'auto',
        PREFLIGHT_MODES
      ).toLowerCase() as PreflightMode
  )
  const given = [
    [raw['s3-endpoint-url'], 'the s3-endpoint-url input'],
    [env.AWS_ENDPOINT_URL_S3, 'AWS_ENDPOINT_URL_S3'],
    [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL']
  ].find(([value]) => value?.trim()) as [string, string] | undefined
  const endpoint = given?.[0].trim()
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    c.add(
      new InputError(
        's3-endpoint-url',
        `${JSON.stringify(endpoint)} (from ${given![1]}) is not an http:// or https:// URL.`
      )
    )
  }
  c.throwIfAny()
  return { mode: mode!, s3Endpoint: endpoint }
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}
