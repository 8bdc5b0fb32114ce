// A local Amazon Personalize for dataset import jobs: the real SDK and the AWS CLI talk to it
// over awsJson1_1 with SigV4, and it answers as the service does. Plain Node, no dependencies, so
// the demo runs it on a fresh clone. Types: index.d.ts.
import { FaultQueue } from './faults.js'
import { JobStore } from './jobs.js'
import { ResourceStore } from './resources.js'
import { checkOptions } from './scenario.js'
import { credentialScope } from './sigv4.js'
import { startOidc } from './oidc.js'
import { createEmulatorServer } from './server.js'
import { createSts } from './sts.js'

export { loadScenario } from './scenario.js'
export { STANDARD_SCHEMAS } from './schemas.js'
export { startS3Folder } from './s3-folder.js'
export { FORGED_STATUS, FORGED_TEXT } from './faults.js'
export { startOidc } from './oidc.js'

/** The well-known example credentials from the AWS documentation. */
export const DEFAULT_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}

/**
 * Starts an emulator on 127.0.0.1.
 * @param {import('./index.js').EmulatorOptions} [options]
 * @returns {Promise<import('./index.js').Emulator>}
 */
export async function startEmulator(options = {}) {
  checkOptions(options)
  const now = options.now ?? Date.now
  const region = options.region ?? 'us-east-1'
  const partition = options.partition ?? 'aws'
  const accountId = options.accountId ?? '123456789012'
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS
  // GitHub's token endpoint, when the scenario uses OIDC or STS (whose tokens it issues).
  const oidc = options.oidc || options.sts ? await startOidc(options.oidc) : undefined
  const config = {
    partition,
    region,
    accountId,
    credentials,
    maxRunningImports: options.maxRunningImports ?? 5,
    now,
    onRequest: options.onRequest,
    sts: createSts({
      partition,
      accountId,
      credentials,
      credentialsExpireSeconds: options.credentialsExpireSeconds,
      sts: options.sts,
      oidc
    })
  }
  const store = new JobStore({
    ...config,
    pendingSeconds: options.jobs?.pendingSeconds ?? 1,
    inProgressSeconds: options.jobs?.inProgressSeconds ?? 2,
    outcomes: options.outcomes ?? [],
    incrementalRequiresFullImport: options.incrementalRequiresFullImport ?? true,
    oneImportPerDataset: options.oneImportPerDataset ?? false,
    s3: options.s3 && {
      endpoint: options.s3.endpoint,
      region: options.s3.region ?? region,
      credentials: options.s3.credentials ?? config.credentials
    }
  })
  for (const d of options.datasets ?? []) store.addDataset(d)
  for (const j of options.existingJobs ?? []) store.seed(j)
  for (const [i, p] of (options.pastImports ?? []).entries()) store.seedPast(p, i)
  const resources = new ResourceStore({
    ...config,
    pendingSeconds: options.jobs?.pendingSeconds ?? 1,
    inProgressSeconds: options.jobs?.inProgressSeconds ?? 2,
    rules: options.resourceOutcomes ?? []
  })
  for (const r of options.resources ?? []) resources.seed(r)
  const faults = new FaultQueue(options.faults)
  const { server, records, close, refuse } = createEmulatorServer(config, store, faults, resources)

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined))
    })
  } catch (error) {
    await oidc?.close()
    throw error
  }
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    region,
    get requests() {
      return structuredClone(records)
    },
    clearRequests() {
      records.length = 0
    },
    injectFault(fault) {
      faults.add(fault)
    },
    clearFaults() {
      faults.clear()
    },
    addDataset(dataset) {
      store.addDataset(dataset)
    },
    jobs() {
      return store.views()
    },
    idle() {
      return store.idle()
    },
    refuseConnections(ms) {
      refuse(ms)
    },
    oidc: oidc && {
      requestUrl: oidc.requestUrl,
      requestToken: oidc.requestToken,
      subject: oidc.subject,
      requests: oidc.requests,
      issue: oidc.issue
    },
    issuedCredentials() {
      return config.sts.issued()
    },
    s3Refusal(authorization) {
      // The emulator's S3 (s3-folder.js) asks this of each request: ExpiredToken as S3 answers.
      try {
        config.sts.session(credentialScope(authorization)?.accessKeyId, Date.now())
        return undefined
      } catch {
        return { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' }
      }
    },
    async close() {
      await close()
      await oidc?.close()
      await store.idle()
    }
  }
}
