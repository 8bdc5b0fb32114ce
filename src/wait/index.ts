// Entry point of the bundled wait action (dist/wait/index.js).
import { runAction } from '../entry.js'
import { run } from './run.js'

await runAction(run)
