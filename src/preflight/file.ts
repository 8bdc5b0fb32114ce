import type { FileInput, FileResult, Finding, HeaderOfFile } from './types.js'

/** The header against the schema, then the sampled rows against the field types. */
export function checkFile(input: FileInput): FileResult {
  throw new Error('not yet: ' + input.file)
}

/** A folder's sampled files all have the header of the first. */
export function checkSameHeader(files: readonly HeaderOfFile[]): Finding[] {
  throw new Error('not yet: ' + files.length)
}
