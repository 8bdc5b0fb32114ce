// The pre-flight checks: pure functions over what was read from S3 and the dataset's schema.
export * from './types.js'
export * from './limits.js'
export { quote } from './quote.js'
export { parseSchema } from './schema.js'
export { checkLocation } from './location.js'
export { checkFile, checkSameHeader } from './file.js'
export { checkIncremental } from './mode.js'
export { summarize } from './summarize.js'
