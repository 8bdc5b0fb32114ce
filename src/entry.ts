// How each bundled entry point runs its action: anything run() did not report is a bug.
import * as core from './report/log.js'

export async function runAction(run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    // Only bugs reach here: every expected failure is reported by run() with what to do.
    core.setFailed(`Unexpected error: ${(error as Error).stack ?? String(error)}`)
  }
  // A cancelled run may still have a request in flight; do not let it hold the step open.
  process.exit()
}
