// The emulator's sniff of files that are not CSV text (emulator/formats.js), on the first bytes
// each format's writers put there, and on text that starts with the same letters.
import { describe, expect, it } from '@jest/globals'
import { deflateRawSync, gzipSync } from 'node:zlib'
import { notCsv } from '../../../emulator/formats.js'

const CSV = 'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\n'

describe('notCsv', () => {
  it.each([
    ['gzip-compressed', gzipSync(CSV)],
    ['a zip archive', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), deflateRawSync(CSV)])],
    ['a zip archive', Buffer.from('PK\x05\x06\0\0\0\0', 'latin1')],
    ['bzip2-compressed', Buffer.from('BZh91AY&SY\x12\x34', 'latin1')],
    ['zstd-compressed', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x10, 0x00])],
    ['a Parquet file', Buffer.from('PAR1\x15\x00\x15\x6c', 'latin1')],
    ['an ORC file', Buffer.from('ORC\x0a\x03\x00\x00\x00', 'latin1')],
    ['an Avro file', Buffer.from('Obj\x01\x04\x14avro.codec', 'latin1')]
  ])('tells %s', (kind, bytes) => {
    expect(notCsv(bytes)).toBe(kind)
  })

  it.each([
    ['CSV', CSV],
    ['CSV with a byte-order mark', `\uFEFF${CSV}`],
    ['a header starting with ORC', 'ORCID,USER_ID,ITEM_ID,TIMESTAMP\nx,u1,i1,1700000000\n'],
    ['a header starting with BZh', 'BZh,USER_ID\n1,u1\n'],
    ['a header starting with PK', 'PK,USER_ID\n1,u1\n'],
    ['fewer than 4 bytes', '\x1f\x8b']
  ])('takes %s for text', (_what, text) => {
    expect(notCsv(Buffer.from(text, 'latin1'))).toBeUndefined()
  })
})
