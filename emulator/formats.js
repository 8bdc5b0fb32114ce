// What an object is when it is not CSV text, told by its first bytes (each format's magic number):
// the guide names CSV as the only import format, so a compressed or columnar file fails the
// import whatever its name. Pure.

/** @type {[string, (b: Buffer) => boolean][]} */
const MAGIC = [
  ['gzip-compressed', (b) => b[0] === 0x1f && b[1] === 0x8b],
  // A zip's first entry (PK\3\4), or an empty zip (PK\5\6).
  ['a zip archive', (b) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5)],
  // "BZh", a block size 1-9, then the block magic 0x314159265359.
  ['bzip2-compressed', (b) => /^BZh[1-9]1AY&SY/.test(b.subarray(0, 10).toString('latin1'))],
  ['zstd-compressed', (b) => b.readUInt32LE(0) === 0xfd2fb528],
  ['a Parquet file', (b) => b.subarray(0, 4).toString('latin1') === 'PAR1'],
  // "ORC" then binary protobuf: a CSV header may start with the letters ORC, never with a byte
  // below a tab after them.
  ['an ORC file', (b) => b.subarray(0, 3).toString('latin1') === 'ORC' && hasControl(b)],
  ['an Avro file', (b) => b.subarray(0, 4).toString('latin1') === 'Obj\x01']
]

/**
 * The kind of a file that is not CSV text, in words that follow "is" (e.g. 'gzip-compressed'),
 * or undefined for text.
 * @param {Buffer} start the first bytes of the object
 * @returns {string | undefined}
 */
export function notCsv(start) {
  if (start.length < 4) return undefined
  return MAGIC.find(([, test]) => test(start))?.[0]
}

/** @param {Buffer} b */
function hasControl(b) {
  return b.subarray(3, 64).some((byte) => byte < 0x09)
}
