// The one bundle behind both actions (dist/lib/index.js). dist/index.js (action.yml) and
// dist/wait/index.js (wait/action.yml) are two-line entry points that scripts/bundle.sh writes:
// each calls runAction with its run, so the AWS SDK ships once for both.
export { runAction } from './entry.js'
export { run as runImport } from './import/main.js'
export { run as runWait } from './wait/main.js'
