// The pre-flight reads with mocked S3 and Personalize clients: the exact requests, the bounds
// (pages listed, bytes read), and how each failure is put into words.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeDatasetCommand,
  DescribeSchemaCommand,
  PersonalizeClient
} from '@aws-sdk/client-personalize'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { Readable } from 'node:stream'
import { whyReadFailed } from '../../../src/preflight/access.js'
import {
  createS3Client,
  listLocation,
  MAX_LIST_PAGES,
  parseS3Url,
  readSchema,
  readStart,
  ReadError
} from '../../../src/preflight/read.js'

const s3mock = mockClient(S3Client)
const pmock = mockClient(PersonalizeClient)
const s3 = new S3Client({ region: 'us-east-1' })
const personalize = new PersonalizeClient({ region: 'us-east-1' })
const DATASET = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/INTERACTIONS'
const SCHEMA_ARN = 'arn:aws:personalize:us-east-1:123456789012:schema/retail-interactions-schema'

beforeEach(() => {
  s3mock.reset()
  pmock.reset()
})

function s3Error(name: string, status: number, message = name) {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message
  })
}

/** A body that counts how many bytes were pulled from it. */
function countingBody(total: number, chunk = 64 * 1024) {
  const pulled = { bytes: 0 }
  let left = total
  const stream = new Readable({
    read() {
      if (left <= 0) return this.push(null)
      const n = Math.min(chunk, left)
      left -= n
      pulled.bytes += n
      this.push(Buffer.alloc(n, 0x41))
    }
  })
  // readStart reads the body as the Node stream it is on Node.
  return { body: stream as never, pulled }
}

describe('parseS3Url', () => {
  it('splits a key and a folder, and refuses other forms', () => {
    expect(parseS3Url('s3://retail-data/interactions/a.csv')).toEqual({
      bucket: 'retail-data',
      key: 'interactions/a.csv'
    })
    expect(parseS3Url('s3://retail-data/')).toEqual({ bucket: 'retail-data', key: '' })
    expect(parseS3Url('https://retail-data.s3.amazonaws.com/a.csv')).toBeUndefined()
    expect(parseS3Url('s3://retail-data')).toBeUndefined()
  })
})

describe('createS3Client', () => {
  it("uses path-style addressing with an endpoint and shares the Personalize client's handler", async () => {
    const custom = createS3Client(personalize, { region: 'us-east-1' }, 'http://127.0.0.1:4568')
    expect(await custom.config.forcePathStyle).toBe(true)
    expect(custom.config.requestHandler).toBe(personalize.config.requestHandler)
    const regional = createS3Client(personalize, { region: 'eu-west-1' }, undefined)
    expect(await regional.config.forcePathStyle).toBe(false)
    expect(await regional.config.region()).toBe('eu-west-1')
  })
})

describe('listLocation', () => {
  it('heads a key and gives its size', async () => {
    s3mock.on(HeadObjectCommand).resolves({ ContentLength: 1234 })
    expect(await listLocation(s3, 'b', 'f/a.csv')).toEqual({
      objects: [{ uri: 's3://b/f/a.csv', size: 1234 }],
      truncated: false
    })
    expect(s3mock.commandCalls(HeadObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'b',
      Key: 'f/a.csv'
    })
  })

  it('gives no object for a key that does not exist (404)', async () => {
    s3mock.on(HeadObjectCommand).rejects(s3Error('NotFound', 404))
    expect(await listLocation(s3, 'b', 'nothing.csv')).toEqual({ objects: [], truncated: false })
  })

  it('lists a folder page by page, leaving out folder markers', async () => {
    s3mock
      .on(ListObjectsV2Command, { Bucket: 'b', Prefix: 'f/', ContinuationToken: undefined })
      .resolves({
        Contents: [
          { Key: 'f/', Size: 0 },
          { Key: 'f/1.csv', Size: 10 }
        ],
        IsTruncated: true,
        NextContinuationToken: 't2'
      })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ Contents: [{ Key: 'f/2.csv', Size: 20 }], IsTruncated: false })
    expect(await listLocation(s3, 'b', 'f/')).toEqual({
      objects: [
        { uri: 's3://b/f/1.csv', size: 10 },
        { uri: 's3://b/f/2.csv', size: 20 }
      ],
      truncated: false
    })
  })

  it(`stops after ${MAX_LIST_PAGES} pages and says the listing is cut`, async () => {
    let n = 0
    s3mock.on(ListObjectsV2Command).callsFake(async () => ({
      Contents: [{ Key: `f/${n}.csv`, Size: 1 }],
      IsTruncated: true,
      NextContinuationToken: `t${++n}`
    }))
    const listing = await listLocation(s3, 'b', 'f/')
    expect(listing.truncated).toBe(true)
    expect(listing.objects).toHaveLength(MAX_LIST_PAGES)
    expect(s3mock.commandCalls(ListObjectsV2Command)).toHaveLength(MAX_LIST_PAGES)
  })

  it('gives no object for a bucket that does not exist', async () => {
    s3mock.on(ListObjectsV2Command).rejects(s3Error('NoSuchBucket', 404))
    expect(await listLocation(s3, 'gone', 'f/')).toEqual({ objects: [], truncated: false })
  })

  it('wraps a refused listing in a ReadError naming ListObjectsV2', async () => {
    s3mock.on(ListObjectsV2Command).rejects(s3Error('AccessDenied', 403, 'Access Denied'))
    const error = await listLocation(s3, 'b', 'f/').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReadError)
    expect((error as ReadError).call).toBe('ListObjectsV2')
  })
})

describe('readStart', () => {
  it('asks for a byte range up to the cap', async () => {
    const { body } = countingBody(100)
    s3mock.on(GetObjectCommand).resolves({ Body: body })
    const bytes = await readStart(s3, 'b', 'f/a.csv', 1024)
    expect(bytes.length).toBe(100)
    expect(s3mock.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'b',
      Key: 'f/a.csv',
      Range: 'bytes=0-1023'
    })
  })

  it('never reads a 100 MB body past the cap, even when the server ignores the range', async () => {
    const { body, pulled } = countingBody(100_000_000)
    s3mock.on(GetObjectCommand).resolves({ Body: body })
    const bytes = await readStart(s3, 'b', 'big.csv', 1024 * 1024)
    expect(bytes.length).toBe(1024 * 1024)
    // The stream reads ahead by its high-water mark at most.
    expect(pulled.bytes).toBeLessThanOrEqual(1024 * 1024 + 2 * 64 * 1024)
  })

  it('wraps a refused read in a ReadError naming GetObject', async () => {
    s3mock.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403))
    const error = await readStart(s3, 'b', 'a.csv', 10).catch((e: unknown) => e)
    expect((error as ReadError).call).toBe('GetObject')
  })
})

describe('readSchema', () => {
  it('follows DescribeDataset to DescribeSchema', async () => {
    pmock
      .on(DescribeDatasetCommand, { datasetArn: DATASET })
      .resolves({ dataset: { schemaArn: SCHEMA_ARN, datasetType: 'Interactions' } })
      .on(DescribeSchemaCommand, { schemaArn: SCHEMA_ARN })
      .resolves({ schema: { schema: '{"type":"record"}' } })
    expect(await readSchema(personalize, DATASET)).toEqual({
      datasetType: 'Interactions',
      schemaArn: SCHEMA_ARN,
      schema: '{"type":"record"}'
    })
  })

  it('names the call that failed', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })
    pmock.on(DescribeDatasetCommand).rejects(denied)
    expect(((await readSchema(personalize, DATASET).catch((e) => e)) as ReadError).call).toBe(
      'DescribeDataset'
    )
    pmock
      .on(DescribeDatasetCommand)
      .resolves({ dataset: { schemaArn: SCHEMA_ARN } })
      .on(DescribeSchemaCommand)
      .rejects(denied)
    expect(((await readSchema(personalize, DATASET).catch((e) => e)) as ReadError).call).toBe(
      'DescribeSchema'
    )
  })

  it('refuses an answer without a schemaArn', async () => {
    pmock.on(DescribeDatasetCommand).resolves({ dataset: {} })
    const error = (await readSchema(personalize, DATASET).catch((e) => e)) as ReadError
    expect(error.message).toBe(
      'DescribeDataset failed: DescribeDataset answered without a schemaArn.'
    )
  })
})

describe('whyReadFailed', () => {
  it('names the missing permission of each call', () => {
    const denied = s3Error('AccessDenied', 403, 'Access Denied')
    expect(whyReadFailed('ListObjectsV2', denied, 's3://b/f/')).toBe(
      'ListObjectsV2 on s3://b/f/ was refused (AccessDenied): the credentials lack s3:ListBucket. Grant it to the role of configure-aws-credentials, and check the bucket policy.'
    )
    expect(whyReadFailed('GetObject', denied, 's3://b/a.csv')).toContain(
      'the credentials lack s3:GetObject.'
    )
    // A HEAD answer has no body: the SDK names the error Unknown.
    expect(whyReadFailed('HeadObject', s3Error('Unknown', 403), 's3://b/a.csv')).toBe(
      'HeadObject on s3://b/a.csv was refused (HTTP 403): the credentials lack s3:GetObject (or the key does not exist and s3:ListBucket is not granted either). Grant it to the role of configure-aws-credentials, and check the bucket policy.'
    )
    const pdenied = Object.assign(new Error('User x is not authorized'), {
      name: 'AccessDeniedException'
    })
    expect(whyReadFailed('DescribeSchema', pdenied, DATASET)).toBe(
      `DescribeSchema on ${DATASET} was refused (AccessDeniedException): the credentials lack personalize:DescribeSchema. Grant it to the role of configure-aws-credentials.`
    )
  })

  it('names kms:Decrypt for a refused SSE-KMS object', () => {
    const kms = s3Error(
      'AccessDenied',
      403,
      'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/k'
    )
    expect(whyReadFailed('GetObject', kms, 's3://b/a.csv')).toBe(
      "GetObject on s3://b/a.csv was refused: the credentials may not decrypt the object's KMS key (kms:Decrypt). Grant kms:Decrypt on the bucket's key to the role of configure-aws-credentials."
    )
  })

  it('says S3 could not be reached, and gives other errors as they are', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED'
    })
    expect(whyReadFailed('HeadObject', refused, 's3://b/a.csv')).toBe(
      "HeadObject on s3://b/a.csv failed: S3 could not be reached (ECONNREFUSED). Check s3-endpoint-url and the runner's network or proxy."
    )
    expect(whyReadFailed('GetObject', s3Error('InvalidRange', 416), 's3://b/a.csv')).toBe(
      'GetObject on s3://b/a.csv failed: InvalidRange: InvalidRange'
    )
  })
})
