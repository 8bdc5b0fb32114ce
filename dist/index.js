// Entry point of an action; the code is in the shared bundle (scripts/bundle.sh).
import { runAction, runImport } from './lib/index.js'
await runAction(runImport)
