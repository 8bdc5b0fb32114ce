// The import action's inputs, checked: the CreateDatasetImportJob request, its policies
// (if-exists, on-busy, preflight) and the settings it shares with the wait action
// (inputs/settings.ts). Every problem is collected and reported at once, and nothing here talks to
// AWS. Pure apart from the injected file reader.
import type { CreateDatasetImportJobRequest } from '@aws-sdk/client-personalize'
import type { ClientSettings, ImportRequest } from '../aws/personalize.js'
import {
  mergeRequests,
  parseCliInput,
  resolveFileValue,
  type Request,
  type YamlModule
} from '../inputs/cli-input.js'
import { InputCollector, InputError } from '../inputs/errors.js'
import { defaultJobName, type RunIdentity } from '../inputs/job-name.js'
import { parseBoolean, parseDataSource, parseEnum, parseTags } from '../inputs/params.js'
import {
  buildClientSettings,
  buildWaitTiming,
  checkLengths,
  isHttpUrl,
  type Environment,
  type WaitTiming
} from '../inputs/settings.js'
import { SKELETONS, type Skeleton } from '../inputs/skeleton.js'
import { IMPORT_MODES, validateRequest } from '../inputs/validate.js'
import { ON_BUSY, type OnBusy } from '../job/busy-wait.js'
import { IF_EXISTS, type IfExists } from '../job/create.js'
import { PREFLIGHT_MODES, type PreflightMode } from '../preflight/verdict.js'
import type { InputName, RawInputs } from './names.js'

export interface PreflightSettings {
  /** auto: a check that cannot run is a warning; strict: it fails the step; off: nothing read. */
  mode: PreflightMode
  /** Undefined: the regional S3 endpoint. The other client settings are the Personalize ones. */
  s3Endpoint?: string
}

export interface Config {
  request: ImportRequest
  /** When the job name is taken: fail, or attach to a job importing the same data. */
  ifExists: IfExists
  /** When another import is running on the dataset: wait for it, or fail. */
  onBusy: OnBusy
  client: ClientSettings
  /** enabled: wait: false returns once the job exists. */
  wait: WaitTiming & { enabled: boolean }
  preflight: PreflightSettings
}

/** --generate-cli-skeleton: nothing is sent; the request need not be valid for input skeletons. */
export interface SkeletonConfig {
  skeleton: Skeleton
  request: Request
}

export interface ImportEnvironment extends Environment {
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

export function buildConfig(
  raw: RawInputs,
  environment: ImportEnvironment
): Config | SkeletonConfig {
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
  const enabled = c.check(() => parseBoolean('wait', raw.wait || 'true'))
  const timing = c.check(() => buildWaitTiming(raw))
  const policy = <T extends string>(name: 'if-exists' | 'on-busy', allowed: readonly T[]) =>
    c.check(() => parseEnum(name, raw[name] || allowed[0], allowed))
  const ifExists = policy('if-exists', IF_EXISTS)
  const onBusy = policy('on-busy', ON_BUSY)
  const preflight = c.check(() => buildPreflightSettings(raw, environment.env))

  // Skeletons of the input need no valid request: that is what the user is about to write.
  if (skeleton === 'input' || skeleton === 'yaml-input') return { skeleton, request: merged }
  c.throwIfAny()
  if (skeleton) return { skeleton, request: merged }
  return {
    // Validated above: the members the service requires are there.
    request: merged as ImportRequest,
    ifExists: ifExists!,
    onBusy: onBusy!,
    client: client!,
    wait: { enabled: enabled!, ...timing! },
    preflight: preflight!
  }
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
