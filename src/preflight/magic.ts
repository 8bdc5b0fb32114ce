// Data that is not CSV text, known by its first bytes whatever the object's name: what Athena
// UNLOAD, pandas' compression= and Spark write when asked for something else. Pure.

export interface NotCsv {
  /** E.g. "gzip-compressed", "a Parquet file". */
  what: string
  fix: string
}

const UNCOMPRESSED =
  "write it uncompressed: in pandas, to_csv(path, compression=None) with a name that does not end in .gz, .zip, .bz2 or .zst; in Athena UNLOAD, WITH (format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE'); in Spark, option(\"compression\", \"none\"); or decompress the file before the upload."
const TO_CSV =
  'write CSV with a header line instead: in pandas, pd.read_parquet(path).to_csv(out, index=False); in Spark, df.write.option("header", True).csv(path); Athena UNLOAD writes no header line, so use a CTAS or pandas to add one.'

// Magic numbers: gzip (RFC 1952), zip (PKWARE APPNOTE), bzip2, zstd (RFC 8878), Parquet, ORC and
// Avro object container files (their specifications). `binary` asks for a control byte soon after
// a magic that is also text, so a CSV whose first column is named "ORCHARD" or "BZh" stays CSV.
const FORMATS: readonly { magic: readonly number[]; binary: boolean; what: string; fix: string }[] =
  [
    { magic: [0x1f, 0x8b], binary: false, what: 'gzip-compressed', fix: UNCOMPRESSED },
    { magic: [0x50, 0x4b, 0x03, 0x04], binary: false, what: 'a zip archive', fix: UNCOMPRESSED },
    { magic: [0x28, 0xb5, 0x2f, 0xfd], binary: false, what: 'zstd-compressed', fix: UNCOMPRESSED },
    { magic: ascii('BZh'), binary: true, what: 'bzip2-compressed', fix: UNCOMPRESSED },
    { magic: ascii('PAR1'), binary: true, what: 'a Parquet file', fix: TO_CSV },
    { magic: ascii('ORC'), binary: true, what: 'an ORC file', fix: TO_CSV },
    { magic: [...ascii('Obj'), 0x01], binary: false, what: 'an Avro data file', fix: TO_CSV }
  ]

/** How far a text-like magic must be followed by a control byte to be taken as binary. */
const BINARY_WITHIN = 64

/** What the bytes are when they are a compressed or columnar format, not CSV text. */
export function notCsv(bytes: Uint8Array): NotCsv | undefined {
  const found = FORMATS.find(
    (f) => f.magic.every((b, i) => bytes[i] === b) && (!f.binary || hasControl(bytes))
  )
  return found && { what: found.what, fix: found.fix }
}

function hasControl(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, BINARY_WITHIN))
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return true
  return false
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0))
}
