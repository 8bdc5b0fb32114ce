// Entry point of the bundled import action (dist/index.js).
import { runAction } from './entry.js'
import { run } from './main.js'

await runAction(run)
