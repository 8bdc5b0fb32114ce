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
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { whyReadFailed } from '../../../src/preflight/access.js'
import {
  bucketRegion,
  createS3Client,
  isFolder,
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

const body = (text: string) => Readable.from([Buffer.from(text)]) as never

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
    // The top level of a bucket, without the trailing slash.
    expect(parseS3Url('s3://retail-data')).toEqual({ bucket: 'retail-data', key: '' })
  })

  it('tells a folder (a prefix ending in "/", or a bucket\'s top level) from a key', () => {
    expect(isFolder('s3://retail-data')).toBe(true)
    expect(isFolder('s3://retail-data/')).toBe(true)
    expect(isFolder('s3://retail-data/interactions/')).toBe(true)
    expect(isFolder('s3://retail-data/interactions/a.csv')).toBe(false)
    expect(isFolder('https://retail-data.s3.amazonaws.com/')).toBe(false)
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
    const bytes = await readStart(s3, 'b', 'f/a.csv', 1024, 100)
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
    const bytes = await readStart(s3, 'b', 'big.csv', 1024 * 1024, 100_000_000)
    expect(bytes.length).toBe(1024 * 1024)
    // The stream reads ahead by its high-water mark at most.
    expect(pulled.bytes).toBeLessThanOrEqual(1024 * 1024 + 2 * 64 * 1024)
  })

  it('wraps a refused read in a ReadError naming GetObject', async () => {
    s3mock.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403))
    const error = await readStart(s3, 'b', 'a.csv', 10, 10).catch((e: unknown) => e)
    expect((error as ReadError).call).toBe('GetObject')
  })

  // An answer that is not the object is a check that could not run, never bad data.
  const notTheObject = async (answer: object, size = 100) => {
    s3mock.on(GetObjectCommand).resolves(answer)
    const error = (await readStart(s3, 'b', 'a.csv', 1024, size).then(
      () => undefined,
      (e: unknown) => e
    )) as ReadError
    expect(error).toBeInstanceOf(ReadError)
    expect(error.call).toBe('GetObject')
    return whyReadFailed('GetObject', error.cause, 's3://b/a.csv')
  }
  const TAIL =
    ", not the object: a proxy, a cache or an error page answered instead of S3. Check s3-endpoint-url and the runner's proxy."

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>Login</body></html>', 'text/html', 'an HTML page'],
    [
      'an XML error page',
      '<?xml version="1.0"?><Error><Code>x</Code></Error>',
      'application/xml',
      'an XML document'
    ],
    [
      'markup served as HTML',
      '  <div>proxy</div>',
      'text/html; charset=utf-8',
      'a text/html; charset=utf-8 document'
    ]
  ])('refuses to take %s for the object', async (_, text, type, what) => {
    expect(
      await notTheObject({
        Body: body(text),
        ContentType: type,
        ContentRange: `bytes 0-${text.length - 1}/100`
      })
    ).toBe(`GetObject on s3://b/a.csv failed: NotTheObject: the answer is ${what}${TAIL}`)
  })

  it('refuses a status other than 200 or 206', async () => {
    expect(
      await notTheObject({ Body: body('USER_ID\n'), $metadata: { httpStatusCode: 203 } })
    ).toBe(
      `GetObject on s3://b/a.csv failed: NotTheObject: S3 answered HTTP 203, not 200 or 206${TAIL}`
    )
  })

  it('refuses a Content-Range that disagrees with the listed size, and takes one that agrees', async () => {
    expect(await notTheObject({ Body: body('USER_ID\n'), ContentRange: 'bytes 0-7/5000' }, 8)).toBe(
      `GetObject on s3://b/a.csv failed: NotTheObject: the answer is 5000 bytes, but the object was listed with 8${TAIL}`
    )
    expect(
      await notTheObject(
        { Body: body('USER_ID\n'), ContentLength: 8, $metadata: { httpStatusCode: 200 } },
        9
      )
    ).toBe(
      `GetObject on s3://b/a.csv failed: NotTheObject: the answer is 8 bytes, but the object was listed with 9${TAIL}`
    )
    s3mock.on(GetObjectCommand).resolves({
      Body: body('USER_ID\n'),
      ContentRange: 'bytes 0-7/8',
      ContentType: 'text/html',
      $metadata: { httpStatusCode: 206 }
    })
    expect(Buffer.from(await readStart(s3, 'b', 'a.csv', 1024, 8)).toString()).toBe('USER_ID\n')
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

describe('a bucket in another region', () => {
  it('reads the region S3 names in a 301', () => {
    const redirect = Object.assign(s3Error('PermanentRedirect', 301), {
      $response: { statusCode: 301, headers: { 'x-amz-bucket-region': 'eu-west-1' } }
    })
    expect(bucketRegion(redirect)).toBe('eu-west-1')
    expect(bucketRegion(s3Error('AccessDenied', 403))).toBeUndefined()
  })

  it('follows the redirect, and says where it went', async () => {
    // Last in this file: it takes the mock off S3Client for good.
    // A real S3-shaped server: the listing first answers 301 with the bucket's region.
    const requests: string[] = []
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`)
      if (requests.length === 1) {
        response.writeHead(301, {
          'x-amz-bucket-region': 'eu-west-1',
          'content-type': 'application/xml'
        })
        return response.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Bucket>b</Bucket></Error>'
        )
      }
      response.writeHead(200, { 'content-type': 'application/xml' })
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>f/</Prefix><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>f/a.csv</Key><Size>12</Size></Contents></ListBucketResult>'
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const saved = { ...process.env }
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'SECRET' })
    try {
      s3mock.restore()
      const real = createS3Client(
        new PersonalizeClient({ region: 'us-east-1' }),
        { region: 'us-east-1' },
        `http://127.0.0.1:${port}`
      )
      expect(await listLocation(real, 'b', 'f/')).toEqual({
        objects: [{ uri: 's3://b/f/a.csv', size: 12 }],
        truncated: false,
        region: 'eu-west-1'
      })
      expect(requests).toHaveLength(2)
    } finally {
      process.env = saved
      server.close()
    }
  })
})
