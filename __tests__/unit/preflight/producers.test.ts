// What real producers write with their default and common settings, inline (the byte shapes were
// taken from pandas 2, DuckDB, Polars, csv-stringify and Spark output; the corpus of files made by
// the tools themselves runs end to end elsewhere). Each case gives its verdict and why.
import { describe, expect, it } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { FILE, INTERACTIONS, check, fieldsOf } from './fixtures.js'

const USERS = fieldsOf('Users', [
  { name: 'USER_ID', type: 'string' },
  { name: 'MEMBER', type: ['null', 'boolean'] },
  { name: 'YEAR', type: 'int' }
])
const verdicts = (data: string | Uint8Array, fields = INTERACTIONS) =>
  check(data, { fields, datasetType: 'Users' }).findings.map((f) => [f.severity, f.check, f.column])

describe('real producers', () => {
  it('pandas to_csv() default: the unnamed index column first, True/False: refused for the booleans only', () => {
    // df.to_csv(path): ",USER_ID,MEMBER,YEAR\n0,u1,True,1995\n1,u2,False,2001\n"
    const text = ',USER_ID,MEMBER,YEAR\n0,u1,True,1995\n1,u2,False,2001\n'
    expect(verdicts(text, USERS)).toEqual([
      ['error', 'rows', 'MEMBER'],
      ['error', 'rows', 'MEMBER']
    ])
  })

  it("pandas to_csv(index=False) after map({True: 'true', False: 'false'}): passes", () => {
    expect(verdicts('USER_ID,MEMBER,YEAR\nu1,true,1995\nu2,,2001\n', USERS)).toEqual([])
  })

  it("pandas encoding='utf-8-sig' with its index: the mark lands on the unnamed column: passes", () => {
    expect(verdicts('\uFEFF,USER_ID,MEMBER,YEAR\r\n0,u1,true,1995\r\n', USERS)).toEqual([])
  })

  it("pandas encoding='utf-8-sig', index=False: the mark before USER_ID: a warning", () => {
    expect(verdicts('\uFEFFUSER_ID,MEMBER,YEAR\nu1,true,1995\n', USERS)).toEqual([
      ['warning', 'header', undefined]
    ])
  })

  it('pandas, an int column with an empty cell: written 1995.0 and empty: warnings only', () => {
    // YEAR is "int", not nullable: a recorded ACTIVE import had blanks in such a field.
    expect(verdicts('USER_ID,MEMBER,YEAR\nu1,true,1995.0\nu2,false,\n', USERS)).toEqual([
      ['warning', 'rows', 'YEAR'],
      ['warning', 'rows', 'YEAR']
    ])
  })

  it('csv-stringify with its default cast: booleans as 1 and empty: refused', () => {
    // stringify([{ USER_ID: 'u1', MEMBER: true }, { USER_ID: 'u2', MEMBER: false }], { header: true })
    expect(verdicts('USER_ID,MEMBER,YEAR\nu1,1,1995\nu2,,2001\n', USERS)).toEqual([
      ['error', 'rows', 'MEMBER']
    ])
  })

  it('DuckDB and Polars write true/false and no index: passes', () => {
    // COPY t TO 'f.csv' (HEADER); df.write_csv('f.csv')
    expect(verdicts('USER_ID,MEMBER,YEAR\nu1,true,1995\nu2,false,2001\n', USERS)).toEqual([])
  })

  it('Python csv.writer: CRLF line ends, columns in another order: passes', () => {
    expect(verdicts('TIMESTAMP,USER_ID,EVENT_TYPE,ITEM_ID\r\n1700000000,u1,click,i1\r\n')).toEqual(
      []
    )
  })
})

describe('data that is not CSV text', () => {
  const CSV = 'USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\nu1,i1,click,1700000000\n'
  const UNCOMPRESSED =
    "write it uncompressed: in pandas, to_csv(path, compression=None) with a name that does not end in .gz, .zip, .bz2 or .zst; in Athena UNLOAD, WITH (format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE'); in Spark, option(\"compression\", \"none\"); or decompress the file before the upload."
  const TO_CSV =
    'write CSV with a header line instead: in pandas, pd.read_parquet(path).to_csv(out, index=False); in Spark, df.write.option("header", True).csv(path); Athena UNLOAD writes no header line, so use a CTAS or pandas to add one.'
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(
      parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))
    )

  it.each([
    [
      'gzip (Athena UNLOAD, pandas compression="gzip")',
      gzipSync(CSV),
      'gzip-compressed',
      UNCOMPRESSED
    ],
    [
      'zip (pandas compression="zip")',
      bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
      'a zip archive',
      UNCOMPRESSED
    ],
    ['zstd', bytes([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58]), 'zstd-compressed', UNCOMPRESSED],
    ['bzip2', bytes('BZh91AY&SY', [0x9c, 0x01, 0x02]), 'bzip2-compressed', UNCOMPRESSED],
    ['Parquet', bytes('PAR1', [0x15, 0x04, 0x15, 0x10]), 'a Parquet file', TO_CSV],
    ['ORC', bytes('ORC', [0x0a, 0x03, 0x00, 0x00, 0x00, 0x12]), 'an ORC file', TO_CSV],
    ['Avro', bytes('Obj', [0x01, 0x04, 0x14]), 'an Avro data file', TO_CSV]
  ])('refuses %s, naming it', (_, data, what, fix) => {
    expect(check(data)).toEqual({
      findings: [
        {
          severity: 'error',
          check: 'header',
          file: FILE,
          line: 1,
          message: `${FILE} is ${what}: Personalize imports uncompressed CSV. Fix: ${fix}`,
          fix
        }
      ],
      rows: 0
    })
  })

  it('takes a CSV whose first column starts like a magic number for CSV', () => {
    const fields = fieldsOf('Users', [
      { name: 'USER_ID', type: 'string' },
      ...['ORCHARD', 'PAR1', 'BZh'].map((name) => ({ name, type: ['null', 'string'] }))
    ])
    for (const text of ['ORCHARD,USER_ID\na,u1\n', 'PAR1,USER_ID\na,u1\n', 'BZh,USER_ID\na,u1\n'])
      expect(check(text, { fields }).findings).toEqual([])
  })
})
