// Every answer body is cut off past a size no answer the action reads comes near: a misbehaving
// endpoint (a ListObjectsV2 page of millions of keys, an endless DescribeSchema) cannot fill the
// memory and crash the run. The SDK buffers whole answers before parsing them; the deadline bounds
// their time, this their size. Both clients share the one handler, so both are capped.
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { Readable, Transform, pipeline } from 'node:stream'

/** Far above the largest real answer (a ListObjectsV2 page of 1000 long keys is about 1.5 MB). */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024

export class AnswerTooLarge extends Error {
  override name = 'AnswerTooLarge'
}

/**
 * Set on a network error from a host that has answered before in this run: a refused connection or
 * a failed lookup is then a passing fault (a proxy restart, an endpoint failover), not a wrong
 * endpoint.
 */
export const ANSWERED_BEFORE = 'answeredBefore'

export class CappedHttpHandler extends NodeHttpHandler {
  /** The hosts that have answered in this run; handlers of one run share it. */
  answered = new Set<string>()

  override async handle(...args: Parameters<NodeHttpHandler['handle']>) {
    const host = args[0].hostname
    let out: Awaited<ReturnType<NodeHttpHandler['handle']>>
    try {
      out = await super.handle(...args)
    } catch (error) {
      if (this.answered.has(host) && error instanceof Error)
        Object.assign(error, { [ANSWERED_BEFORE]: true })
      throw error
    }
    this.answered.add(host)
    const body: unknown = out.response.body
    if (body instanceof Readable) out.response.body = capped(body, MAX_ANSWER_BYTES)
    return out
  }
}

function capped(body: Readable, max: number): Readable {
  let length = 0
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      length += chunk.length
      if (length > max)
        done(
          new AnswerTooLarge(
            `The endpoint's answer was larger than ${max / 1024 / 1024} MiB, more than any answer the action reads can be, so it was cut off: the endpoint does not answer as AWS does.`
          )
        )
      else done(null, chunk)
    }
  })
  // Destroying either end (an error, or a reader that has read enough) destroys the other.
  return pipeline(body, cap, () => {})
}
