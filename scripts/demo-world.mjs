// The local world of the demo and of the README's job-summary picture: S3 over a folder holding
// the given files (each top folder a bucket) and the Personalize emulator, whose imports read that
// S3 as Personalize would. Emulator and folder S3 have no dependencies, so the demo still runs
// before npm install.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startEmulator, startS3Folder } from '../emulator/index.js'

export const account = '123456789012'
export const dataset = `arn:aws:personalize:us-east-1:${account}:dataset/retail/INTERACTIONS`
export const role = `arn:aws:iam::${account}:role/PersonalizeS3Read`
export const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}

/**
 * Starts both servers. `files`: { 'bucket/key': text }; `jobs`: the emulator's job timing.
 * @param {Record<string, string>} files
 * @param {{ pendingSeconds: number, inProgressSeconds: number }} jobs
 */
export async function startDemoWorld(files, jobs) {
  const folder = mkdtempSync(join(tmpdir(), 'demo-s3-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), text)
  }
  const s3 = await startS3Folder({ root: folder })
  const emulator = await startEmulator({
    port: 0,
    region: 'us-east-1',
    accountId: account,
    credentials,
    datasets: [{ datasetArn: dataset }],
    jobs,
    s3: { endpoint: s3.url }
  })
  return {
    s3,
    emulator,
    async close() {
      await emulator.close()
      await s3.close()
      rmSync(folder, { recursive: true, force: true })
    }
  }
}
