import { describe, expect, it } from '@jest/globals'
import { SAMPLE_FILES, SIZE_LIMIT_BYTES, checkLocation } from '../../../src/preflight/index.js'
import type { ImportMode, S3Object } from '../../../src/preflight/index.js'

const GiB = 1024 ** 3
const key = (objects: S3Object[], importMode: ImportMode = 'FULL') =>
  checkLocation({ location: 's3://data/i.csv', folder: false, objects, importMode })
const folder = (objects: S3Object[], importMode: ImportMode = 'FULL') =>
  checkLocation({ location: 's3://data/f/', folder: true, objects, importMode })
const messages = (result: ReturnType<typeof checkLocation>) => result.findings.map((f) => f.message)

describe('checkLocation', () => {
  it('passes one object and sums it up', () => {
    const result = key([{ uri: 's3://data/i.csv', size: 1536 }])
    expect(result).toEqual({
      findings: [],
      summary: 's3://data/i.csv: 1.5 KiB.',
      sample: [{ uri: 's3://data/i.csv', size: 1536 }]
    })
  })

  it('passes a folder, leaving out the console folder marker, and samples its first files', () => {
    const objects = [
      { uri: 's3://data/f/', size: 0 },
      ...Array.from({ length: 12 }, (_, i) => ({
        uri: `s3://data/f/part-${i}.csv`,
        size: 1024 ** 2
      }))
    ]
    const result = folder(objects)
    expect(result.findings).toEqual([])
    expect(result.summary).toBe('s3://data/f/: 12 objects, 12 MiB in total.')
    expect(result.sample.map((o) => o.uri)).toEqual(
      objects.slice(1, 1 + SAMPLE_FILES).map((o) => o.uri)
    )
  })

  it.each([
    [
      'a key that does not exist',
      key([]),
      's3://data/i.csv does not exist (HeadObject found no object). Personalize would fail the import with "Invalid Data location." Fix: correct dataLocation in data-source; it names one object, or every object under a prefix when it ends with "/".'
    ],
    [
      'an empty folder',
      folder([{ uri: 's3://data/f/', size: 0 }]),
      's3://data/f/ holds no objects (ListObjectsV2 found none under the prefix). Personalize would fail the import with "Invalid Data location." Fix: upload the CSV files under that prefix, or correct dataLocation in data-source.'
    ],
    [
      'an empty object',
      key([{ uri: 's3://data/i.csv', size: 0 }]),
      's3://data/i.csv is empty (0 bytes). Fix: upload the data (a header line and the rows) and run again.'
    ],
    [
      'a folder of empty objects',
      folder([
        { uri: 's3://data/f/a.csv', size: 0 },
        { uri: 's3://data/f/b.csv', size: 0 }
      ]),
      's3://data/f/ holds only empty objects (2 objects of 0 bytes). Fix: upload the data (a header line and the rows) and run again.'
    ],
    [
      'INCREMENTAL over 1 GiB',
      key([{ uri: 's3://data/i.csv', size: GiB + 1 }], 'INCREMENTAL'),
      's3://data/i.csv holds 1.0 GiB (1073741825 bytes); one INCREMENTAL import takes at most 1 GiB (the Personalize quota for data per import job). Fix: split the data into imports of at most 1 GiB each, or, if AWS raised this quota for the account, set preflight: off for this import.'
    ],
    [
      'FULL over 100 GiB in a folder',
      folder([
        { uri: 's3://data/f/a.csv', size: 60 * GiB },
        { uri: 's3://data/f/b.csv', size: 50 * GiB }
      ]),
      's3://data/f/ holds 110 GiB; one FULL import takes at most 100 GiB (the Personalize quota for data per import job). Fix: split the data into imports of at most 100 GiB each, or, if AWS raised this quota for the account, set preflight: off for this import.'
    ]
  ])('refuses %s', (_, result, message) => {
    expect(messages(result)).toEqual([message])
    expect(result.findings.map((f) => [f.severity, f.check])).toEqual([['error', 'location']])
  })

  it('takes exactly the limit', () => {
    expect(
      key([{ uri: 's3://data/i.csv', size: SIZE_LIMIT_BYTES.INCREMENTAL }], 'INCREMENTAL').findings
    ).toEqual([])
    expect(key([{ uri: 's3://data/i.csv', size: 100 * GiB }], 'FULL').findings).toEqual([])
  })

  it('warns of empty objects beside data in a folder, and does not sample them', () => {
    const result = folder([
      { uri: 's3://data/f/_SUCCESS', size: 0 },
      { uri: 's3://data/f/a.csv', size: 10 }
    ])
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        check: 'location',
        file: 's3://data/f/',
        message:
          's3://data/f/ holds 1 empty object: "s3://data/f/_SUCCESS". Fix: remove it, or upload its data.',
        fix: 'remove it, or upload its data.'
      }
    ])
    expect(result.sample).toEqual([{ uri: 's3://data/f/a.csv', size: 10 }])
    expect(result.summary).toBe('s3://data/f/: 2 objects, 10 bytes in total.')
  })

  it('lists at most 3 empty objects', () => {
    const empty = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ uri: `s3://data/f/${n}`, size: 0 }))
    expect(messages(folder([...empty, { uri: 's3://data/f/z.csv', size: 1 }]))).toEqual([
      's3://data/f/ holds 5 empty objects: "s3://data/f/a", "s3://data/f/b", "s3://data/f/c" and 2 more. Fix: remove them, or upload their data.'
    ])
  })
})
