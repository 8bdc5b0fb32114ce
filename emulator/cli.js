#!/usr/bin/env node
// node emulator/cli.js [--port N] [--region R] [--access-key-id K] [--secret-access-key S]
//   [--session-token T] [--account-id A] [--s3-endpoint URL] [--s3-folder DIR] [--scenario file.json]
// The first stdout line is {"url": ..., "region": ...} once it listens (with "s3": ... when
// --s3-folder serves a folder as S3, and "oidc" with the ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN
// values when the scenario has sts or oidc), so a parent process can read the ports; then one
// stderr line per request. Flags override the scenario.
import { parseArgs } from 'node:util'
import { DEFAULT_CREDENTIALS, loadScenario, startEmulator, startS3Folder } from './index.js'

const USAGE =
  'usage: node emulator/cli.js [--port N] [--region R] [--access-key-id K] [--secret-access-key S] [--session-token T] [--account-id A] [--s3-endpoint URL] [--s3-folder DIR] [--scenario file.json]'

const flags = readFlags()
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}

const port = flags.port
if (port !== undefined && !/^\d+$/.test(port)) {
  console.error(`--port: not a port number: ${port}\n${USAGE}`)
  process.exit(2)
}

/** @type {import('./index.js').Emulator} */
let emulator
/** @type {import('./index.js').S3Folder | undefined} */
let folder
try {
  const scenario = flags.scenario === undefined ? {} : loadScenario(flags.scenario)
  if (flags['s3-folder'] !== undefined)
    folder = await startS3Folder({
      root: flags['s3-folder'],
      // Expired credentials are refused by this S3 too (the emulator starts just after it).
      refuse: (authorization) => emulator?.s3Refusal(authorization)
    })
  const s3Endpoint = flags['s3-endpoint'] ?? folder?.url
  const base = scenario.credentials ?? DEFAULT_CREDENTIALS
  emulator = await startEmulator({
    ...scenario,
    port: port === undefined ? scenario.port : Number(port),
    region: flags.region ?? scenario.region,
    accountId: flags['account-id'] ?? scenario.accountId,
    s3: s3Endpoint === undefined ? scenario.s3 : { ...scenario.s3, endpoint: s3Endpoint },
    credentials: {
      accessKeyId: flags['access-key-id'] ?? base.accessKeyId,
      secretAccessKey: flags['secret-access-key'] ?? base.secretAccessKey,
      sessionToken: flags['session-token'] ?? base.sessionToken
    },
    onRequest: (r) =>
      console.error(
        [
          new Date().toISOString(),
          r.operation || '-',
          r.status ?? r.fault ?? '-',
          r.errorType ?? ''
        ]
          .join(' ')
          .trim()
      )
  })
} catch (error) {
  // A bad scenario or a taken port: one clear line for the CI log, no stack.
  console.error(`emulator: ${error instanceof Error ? error.message : error}`)
  process.exit(1)
}
console.log(
  JSON.stringify({
    url: emulator.url,
    region: emulator.region,
    s3: folder?.url,
    oidc: emulator.oidc && {
      requestUrl: emulator.oidc.requestUrl,
      requestToken: emulator.oidc.requestToken
    }
  })
)

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    Promise.all([emulator.close(), folder?.close()]).then(() => process.exit(0))
  })

function readFlags() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        region: { type: 'string' },
        'access-key-id': { type: 'string' },
        'secret-access-key': { type: 'string' },
        'session-token': { type: 'string' },
        'account-id': { type: 'string' },
        's3-endpoint': { type: 'string' },
        's3-folder': { type: 'string' },
        scenario: { type: 'string' },
        help: { type: 'boolean' }
      }
    }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`)
    process.exit(2)
  }
}
