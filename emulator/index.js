// A local Amazon Personalize for dataset import jobs: the real SDK and the AWS CLI talk to it
// over awsJson1_1 with SigV4, and it answers as the service does. Plain Node, no dependencies, so
// the demo runs it on a fresh clone. Types: index.d.ts.
import { FaultQueue } from './faults.js'
import { JobStore } from './jobs.js'
import { checkOptions } from './scenario.js'
import { createEmulatorServer } from './server.js'

export { loadScenario } from './scenario.js'
export { STANDARD_SCHEMAS } from './schemas.js'
export { startS3Folder } from './s3-folder.js'

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
  const config = {
    partition: options.partition ?? 'aws',
    region,
    accountId: options.accountId ?? '123456789012',
    credentials: options.credentials ?? DEFAULT_CREDENTIALS,
    maxRunningImports: options.maxRunningImports ?? 5,
    now,
    onRequest: options.onRequest
  }
  const store = new JobStore({
    ...config,
    pendingSeconds: options.jobs?.pendingSeconds ?? 1,
    inProgressSeconds: options.jobs?.inProgressSeconds ?? 2,
    outcomes: options.outcomes ?? [],
    incrementalRequiresFullImport: options.incrementalRequiresFullImport ?? true,
    s3: options.s3 && {
      endpoint: options.s3.endpoint,
      region: options.s3.region ?? region,
      credentials: options.s3.credentials ?? config.credentials
    }
  })
  for (const d of options.datasets ?? []) store.addDataset(d)
  for (const j of options.existingJobs ?? []) store.seed(j)
  const faults = new FaultQueue(options.faults)
  const { server, records, close } = createEmulatorServer(config, store, faults)

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined))
  })
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
    async close() {
      await close()
      await store.idle()
    }
  }
}
