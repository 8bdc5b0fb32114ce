// The one way the action reads a file an input names (file:// values, ca-bundle): a regular file
// of at most MAX_FILE_BYTES. It opens without blocking and checks what it opened, so a device
// (/dev/zero), a FIFO, a directory or a file that keeps growing is refused at once instead of
// hanging the step or filling its memory.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { InputError } from './errors.js'

/** 1 MiB: room for a CA bundle of the whole public web PKI (about 220 KB) and then some. */
export const MAX_FILE_BYTES = 1024 * 1024

/** A file that exists but is not one the action reads; `reason` completes "file <path> …". */
export class FileRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'FileRefusedError'
  }
}

export function readTextFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new FileRefusedError(`is ${kindOf(stats)}, not a regular file`)
    const limit = `at most ${maxBytes} bytes are read`
    if (stats.size > maxBytes) throw new FileRefusedError(`is ${stats.size} bytes; ${limit}`)
    // The size may be stale or 0 (procfs): read one byte more than allowed to tell.
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null)
      if (n === 0) break
      length += n
      if (length > maxBytes)
        throw new FileRefusedError(`holds more than ${maxBytes} bytes; ${limit}`)
    }
    return buffer.toString('utf8', 0, length)
  } finally {
    closeSync(fd)
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  if (stats.isSocket()) return 'a socket'
  return 'not a file'
}

/**
 * The text of the file an input names, relative to the workspace unless absolute. readText is the
 * bounded reader above on a runner: it refuses what is not a regular file of 1 MiB at most.
 */
export function readInputFile(
  input: string,
  path: string,
  workspace: string,
  readText: (path: string) => string
): string {
  const resolved = path.startsWith('/') ? path : `${workspace.replace(/\/$/, '')}/${path}`
  try {
    return readText(resolved)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      error instanceof FileRefusedError
        ? error.reason
        : code === 'ENOENT'
          ? 'does not exist'
          : `cannot be read (${code ?? (error as Error).message})`
    throw new InputError(
      input,
      `file ${resolved} ${why}. file:// paths are relative to the workspace (${workspace}).`
    )
  }
}
