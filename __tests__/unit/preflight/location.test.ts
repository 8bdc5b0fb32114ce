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
      's3://data/f/ holds no data: 2 empty objects, and no CSV file. Fix: upload the data (a header line and the rows) and run again.'
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
      { uri: 's3://data/f/a.csv', size: 10 },
      { uri: 's3://data/f/b.csv', size: 0 }
    ])
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        check: 'location',
        file: 's3://data/f/',
        message:
          's3://data/f/ holds 1 empty object: "s3://data/f/b.csv"; whether Personalize skips an empty file is not documented. Fix: remove it, or upload its data.',
        fix: 'remove it, or upload its data.'
      }
    ])
    expect(result.sample).toEqual([{ uri: 's3://data/f/a.csv', size: 10 }])
    expect(result.summary).toBe('s3://data/f/: 2 objects, 10 bytes in total.')
  })

  it('lists at most 3 empty objects', () => {
    const empty = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ uri: `s3://data/f/${n}`, size: 0 }))
    expect(messages(folder([...empty, { uri: 's3://data/f/z.csv', size: 1 }]))).toEqual([
      's3://data/f/ holds 5 empty objects: "s3://data/f/a", "s3://data/f/b", "s3://data/f/c" and 2 more; whether Personalize skips an empty file is not documented. Fix: remove them, or upload their data.'
    ])
  })
})

const SIDE_FILES_FIX =
  'write the data under a prefix of its own (copy the part files to it), or delete the markers (_SUCCESS, _committed_*, _started_*, .crc files, _temporary/) before the import.'

describe('checkLocation: what data pipelines write beside the data', () => {
  it('passes a Spark folder with one warning for its side files, sampling only the part files', () => {
    // What Spark's CSV writer leaves with the Hadoop committer (.crc side files are written by a
    // local file system and copied up with the folder), plus Databricks' markers and a running job.
    const objects = [
      { uri: 's3://data/out/', size: 0 },
      { uri: 's3://data/out/._SUCCESS.crc', size: 8 },
      { uri: 's3://data/out/.part-00000-1c2d.csv.crc', size: 12 },
      { uri: 's3://data/out/_SUCCESS', size: 0 },
      { uri: 's3://data/out/_committed_8120', size: 120 },
      { uri: 's3://data/out/_started_8120', size: 0 },
      { uri: 's3://data/out/_temporary/0/_temporary/attempt_1/part-00002.csv', size: 40 },
      { uri: 's3://data/out/part-00000-1c2d.csv', size: 200 },
      { uri: 's3://data/out/part-00001-1c2d.csv', size: 300 }
    ]
    const result = checkLocation({
      location: 's3://data/out/',
      folder: true,
      objects,
      importMode: 'FULL'
    })
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        check: 'location',
        file: 's3://data/out/',
        message: `s3://data/out/ holds 6 side files of a data pipeline beside the data ("._SUCCESS.crc", ".part-00000-1c2d.csv.crc", "_SUCCESS" and 3 more); they were not checked as data, and whether Personalize skips them is not documented. Fix: ${SIDE_FILES_FIX}`,
        fix: SIDE_FILES_FIX
      }
    ])
    expect(result.sample.map((o) => o.uri)).toEqual([
      's3://data/out/part-00000-1c2d.csv',
      's3://data/out/part-00001-1c2d.csv'
    ])
    expect(result.summary).toBe('s3://data/out/: 2 objects, 680 bytes in total.')
  })

  it("takes the S3A committer's JSON _SUCCESS for a marker, not data", () => {
    const result = folder([
      { uri: 's3://data/f/_SUCCESS', size: 2048 },
      { uri: 's3://data/f/part-0.csv', size: 10 }
    ])
    expect(result.findings.map((f) => [f.severity, f.check])).toEqual([['warning', 'location']])
    expect(result.sample.map((o) => o.uri)).toEqual(['s3://data/f/part-0.csv'])
  })

  it('refuses a folder of markers and no data, for the lack of data', () => {
    expect(
      messages(
        folder([
          { uri: 's3://data/f/_SUCCESS', size: 0 },
          { uri: 's3://data/f/._SUCCESS.crc', size: 8 }
        ])
      )
    ).toEqual([
      's3://data/f/ holds no data: 2 side files, and no CSV file. Fix: upload the data (a header line and the rows) and run again.',
      `s3://data/f/ holds 2 side files of a data pipeline beside the data ("_SUCCESS", "._SUCCESS.crc"); they were not checked as data, and whether Personalize skips them is not documented. Fix: ${SIDE_FILES_FIX}`
    ])
  })

  it('treats underscore names other than the markers as data', () => {
    const result = folder([{ uri: 's3://data/f/_users.csv', size: 10 }])
    expect(result.findings).toEqual([])
    expect(result.sample.map((o) => o.uri)).toEqual(['s3://data/f/_users.csv'])
  })
})

describe('checkLocation: sub-folders, the top level of a bucket, another region', () => {
  it('leaves out objects in sub-folders, which Personalize does not import, with a warning', () => {
    const result = folder([
      { uri: 's3://data/f/2024/a.csv', size: 50 },
      { uri: 's3://data/f/b.csv', size: 10 }
    ])
    expect(result.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        's3://data/f/ holds 1 object in sub-folders ("s3://data/f/2024/a.csv"); Personalize uses only the files in the first level of a folder, so it is neither imported nor checked. Fix: move the data into the first level of the folder, or point dataLocation at the sub-folder.'
      ]
    ])
    expect(result.sample.map((o) => o.uri)).toEqual(['s3://data/f/b.csv'])
    expect(result.summary).toBe('s3://data/f/: 1 object, 10 bytes in total.')
  })

  it('refuses a folder whose data is all in sub-folders', () => {
    expect(messages(folder([{ uri: 's3://data/f/2024/a.csv', size: 50 }]))).toEqual([
      's3://data/f/ holds no data in its first level, only in sub-folders ("s3://data/f/2024/a.csv"), and Personalize uses only the files in the first level of a folder. Fix: point dataLocation at the sub-folder that holds the data, or move the files up.'
    ])
  })

  it('reads s3://bucket as the top level of the bucket', () => {
    const result = checkLocation({
      location: 's3://data',
      folder: true,
      objects: [
        { uri: 's3://data/a.csv', size: 10 },
        { uri: 's3://data/_SUCCESS', size: 0 }
      ],
      importMode: 'FULL'
    })
    expect(result.sample.map((o) => o.uri)).toEqual(['s3://data/a.csv'])
    expect(result.findings.map((f) => f.message)).toEqual([
      `s3://data holds 1 side file of a data pipeline beside the data ("_SUCCESS"); they were not checked as data, and whether Personalize skips them is not documented. Fix: ${SIDE_FILES_FIX}`
    ])
  })

  it('names both regions when the bucket is in another region than the dataset', () => {
    const result = checkLocation({
      location: 's3://data/i.csv',
      folder: false,
      objects: [{ uri: 's3://data/i.csv', size: 10 }],
      importMode: 'FULL',
      regions: { bucket: 'eu-west-1', dataset: 'us-east-1' }
    })
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        check: 'location',
        file: 's3://data/i.csv',
        message:
          's3://data/i.csv: the bucket is in eu-west-1, the dataset in us-east-1; the import job runs in us-east-1, and whether Personalize imports from a bucket in another region is not documented. Fix: keep the data in a bucket in us-east-1, or create the dataset group in eu-west-1.',
        fix: 'keep the data in a bucket in us-east-1, or create the dataset group in eu-west-1.'
      }
    ])
    expect(
      checkLocation({
        location: 's3://data/i.csv',
        folder: false,
        objects: [{ uri: 's3://data/i.csv', size: 10 }],
        importMode: 'FULL',
        regions: { bucket: 'us-east-1', dataset: 'us-east-1' }
      }).findings
    ).toEqual([])
  })
})
