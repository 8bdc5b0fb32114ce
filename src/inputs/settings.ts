// The settings both actions share, checked: how to reach AWS (region, endpoint, CA bundle,
// timeouts) and how long to wait (wait-timeout, poll-interval). Every problem is collected and
// reported at once; nothing here talks to AWS. Pure apart from the injected file reader.
import { REGION, regionOf } from '../aws/arn.js'
import type { ClientSettings } from '../aws/personalize.js'
import { parseWaitTimeout } from './duration.js'
import { InputCollector, InputError } from './errors.js'
import { MAX_INPUT_CHARS, parseSeconds } from './params.js'
import { readInputFile } from './read-file.js'

export interface Environment {
  env: Record<string, string | undefined>
  /** Where file:// paths start: GITHUB_WORKSPACE on a runner. */
  workspace: string
  readText: (path: string) => string
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

export type ClientInputs = Record<
  'region' | 'endpoint-url' | 'ca-bundle' | 'cli-connect-timeout' | 'cli-read-timeout',
  string
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
  const arnRegion = resource.arn === undefined ? undefined : regionOf(resource.arn)
  const region = given?.[0].trim() ?? arnRegion ?? ''
  if (region === '' && resource.regionRequired) {
    c.add(
      new InputError(
        'region',
        'no AWS region. Set the region input, or run aws-actions/configure-aws-credentials with aws-region before this step (it sets AWS_REGION).'
      )
    )
  } else if (region !== '' && !REGION.test(region)) {
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
          readInputFile('ca-bundle', caPath, environment.workspace, environment.readText),
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

/** How long to wait, and how often to check. */
export interface WaitTiming {
  timeoutSeconds: number
  pollIntervalSeconds: number
}

export function buildWaitTiming(raw: Record<'wait-timeout' | 'poll-interval', string>): WaitTiming {
  const c = new InputCollector()
  const timeoutSeconds = c.check(() =>
    parseWaitTimeout('wait-timeout', raw['wait-timeout'] || '180')
  )
  const pollIntervalSeconds = c.check(() =>
    parseSeconds('poll-interval', raw['poll-interval'] || '30', 1, 3600)
  )
  c.throwIfAny()
  return { timeoutSeconds: timeoutSeconds!, pollIntervalSeconds: pollIntervalSeconds! }
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

export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}
