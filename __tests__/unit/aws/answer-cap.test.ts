// The answer cap on a real socket: a body past MAX_ANSWER_BYTES errors as AnswerTooLarge, one
// within it arrives whole.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { Readable } from 'node:stream'
import { AnswerTooLarge, CappedHttpHandler, MAX_ANSWER_BYTES } from '../../../src/aws/answer-cap.js'

let server: Server
let port = 0
beforeAll(async () => {
  // GET /<n> answers n bytes.
  server = createServer((req, res) => res.end(Buffer.alloc(Number(req.url!.slice(1)), 'x')))
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  port = (server.address() as { port: number }).port
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

async function answer(bytes: number): Promise<number> {
  const handler = new CappedHttpHandler()
  try {
    const request = {
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      method: 'GET',
      path: `/${bytes}`,
      query: {},
      headers: {}
    }
    const { response } = await handler.handle(
      request as unknown as Parameters<CappedHttpHandler['handle']>[0]
    )
    let length = 0
    for await (const chunk of response.body as Readable) length += (chunk as Buffer).length
    return length
  } finally {
    handler.destroy()
  }
}

describe('CappedHttpHandler', () => {
  it('passes an answer up to the cap whole', async () => {
    expect(await answer(MAX_ANSWER_BYTES)).toBe(MAX_ANSWER_BYTES)
  })

  it('cuts off an answer past the cap with AnswerTooLarge', async () => {
    const error = await answer(MAX_ANSWER_BYTES + 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnswerTooLarge)
    expect((error as Error).message).toBe(
      "The endpoint's answer was larger than 16 MiB, more than any answer the action reads can be, so it was cut off: the endpoint does not answer as AWS does."
    )
  })
})
