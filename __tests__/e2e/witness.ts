// What the emulator's own suites share (emulator-sts, emulator-faults-15): the AWS CLI as a
// second client, and an SDK failure as the fields a test compares.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const AWS = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'aws'))
  .find((path) => existsSync(path))

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `aws ARGS --endpoint-url URL --output json` with nothing from this machine's AWS setup
 * (no profile, no config file, no stray endpoint), in us-east-1, with `env` added.
 */
export function awsCli(
  url: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<CliRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))
  )
  return new Promise((done) =>
    execFile(
      AWS ?? 'aws',
      [...args, '--endpoint-url', url, '--output', 'json'],
      {
        env: {
          ...clean,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
          ...env
        }
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr })
    )
  )
}

/** The error an SDK call ends with, as name, message and HTTP status; throws if it succeeds. */
export function sdkFailure(
  p: Promise<unknown>
): Promise<{ name: string; message: string; status: number | undefined }> {
  return p.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => ({
      name: e.name,
      message: e.message,
      status: e.$metadata?.httpStatusCode
    })
  )
}
