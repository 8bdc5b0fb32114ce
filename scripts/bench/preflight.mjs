// The pre-flight checks' cost: the whole `wait: false` run of the bundled action with
// preflight: auto on one good file against the same run with preflight: off, and the bytes read
// from S3 for a 100 MB object. S3 is s3rver (a dev dependency) behind a TCP relay that counts
// what S3 sends; Personalize is the local emulator.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startEmulator } from '../../emulator/index.js'
import { runAction } from '../gha-runner.js'
import { relayTo } from '../relay.js'

const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
// s3rver knows one key pair; the emulator is given the same, as one set of credentials serves
// both services on a runner.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
const GOOD = `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n${Array.from(
  { length: 1000 },
  (_, i) => `u${i % 97},i${i % 89},${1_700_000_000 + i},click`
).join('\n')}\n`
export const BIG_BYTES = 100_000_000

/** 100 MB of valid rows, so every check reads as far as it may. */
function bigCsv() {
  const row = 'u123456,i654321,1700000000,click\n'
  const header = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n'
  const body = Buffer.alloc(BIG_BYTES - header.length, row)
  return Buffer.concat([Buffer.from(header), body])
}

/**
 * @param {{ root: string, entry: string, node: string, runs: number, progress: (s: string) => void }} o
 */
export async function runPreflightBench({ root, entry, node, runs, progress }) {
  const S3rver = createRequire(join(root, 'package.json'))('s3rver')
  const directory = mkdtempSync(join(tmpdir(), 'bench-s3rver-'))
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
  const { port } = await s3rver.run()
  const relay = await relayTo(port)
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED'
  })
  await client.send(new CreateBucketCommand({ Bucket: 'bench' }))
  await client.send(new PutObjectCommand({ Bucket: 'bench', Key: 'good.csv', Body: GOOD }))
  progress('preflight: putting a 100 MB object into s3rver')
  await client.send(new PutObjectCommand({ Bucket: 'bench', Key: 'big.csv', Body: bigCsv() }))
  const emulator = await startEmulator({
    region: 'us-east-1',
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    maxRunningImports: 10_000
  })

  let n = 0
  const run = async (preflight, key) => {
    const datasetArn = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/pre-${++n}/INTERACTIONS`
    emulator.addDataset({ datasetArn })
    relay.reset()
    const p0 = performance.now()
    const r = await runAction({
      entry,
      actionYml: join(root, 'action.yml'),
      node,
      inputs: {
        'job-name': `bench-pre-${n}`,
        'dataset-arn': datasetArn,
        'data-source': `s3://bench/${key}`,
        'role-arn': ROLE,
        'endpoint-url': emulator.url,
        's3-endpoint-url': `http://127.0.0.1:${relay.port}`,
        wait: 'false',
        preflight
      },
      env: {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey
      },
      timeoutMs: 60_000
    })
    const wallMs = performance.now() - p0
    rmSync(dirname(r.workspace), { recursive: true, force: true })
    const ok = r.exitCode === 0 && r.outputs.preflight === (preflight === 'off' ? 'off' : 'passed')
    return {
      ok,
      wallMs,
      bytes: relay.bytes,
      headerBytes: relay.headerBytes,
      connections: relay.connections,
      output: r.stdout
    }
  }

  const samples = { auto: [], off: [] }
  const failures = []
  try {
    for (let i = 0; i <= runs; i++) {
      progress(`preflight: round ${i}/${runs}${i === 0 ? ' (warm-up, not counted)' : ''}`)
      for (const mode of ['auto', 'off']) {
        const r = await run(mode, 'good.csv')
        if (!r.ok) failures.push(`${mode} run ${i}: ${r.output.trim().split('\n').at(-1)}`)
        else if (i > 0) samples[mode].push(r.wallMs)
      }
    }
    progress('preflight: one run on the 100 MB object')
    const big = await run('auto', 'big.csv')
    if (!big.ok) failures.push(`100 MB run: ${big.output.trim().split('\n').at(-1)}`)
    return {
      samples,
      big: { ok: big.ok, bytes: big.bytes, bodyBytes: big.bytes - big.headerBytes },
      failures
    }
  } finally {
    await emulator.close()
    await relay.close()
    client.destroy()
    await s3rver.close()
    rmSync(directory, { recursive: true, force: true })
  }
}
