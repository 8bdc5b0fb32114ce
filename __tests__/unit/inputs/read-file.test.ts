import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileRefusedError, readTextFile } from '../../../src/inputs/read-file.js'

describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-file-'))
  const fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  writeFileSync(join(dir, 'small.txt'), 'hello')
  writeFileSync(join(dir, 'big.txt'), 'x'.repeat(101))

  it('reads a regular file', () => {
    expect(readTextFile(join(dir, 'small.txt'))).toBe('hello')
  })

  it.each([
    ['/dev/zero', 'is a device, not a regular file'],
    ['/dev/urandom', 'is a device, not a regular file'],
    [fifo, 'is a FIFO, not a regular file'],
    [dir, 'is a directory, not a regular file'],
    [join(dir, 'big.txt'), 'is 101 bytes; at most 100 bytes are read']
  ])('refuses %s at once', (path, reason) => {
    const start = Date.now()
    expect(() => readTextFile(path, 100)).toThrow(new FileRefusedError(reason))
    expect(Date.now() - start).toBeLessThan(1000)
  })

  it('refuses a file of 0 bytes by its size that holds more (procfs)', () => {
    expect(() => readTextFile('/proc/self/maps', 10)).toThrow('holds more than 10 bytes')
  })

  it('says a missing file is missing', () => {
    expect(() => readTextFile(join(dir, 'none'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' })
    )
  })
})
