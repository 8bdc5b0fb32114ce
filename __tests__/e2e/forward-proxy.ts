// A forward proxy for plain http, for the proxy tests: requests arrive with an absolute URI, and
// each URI is kept, so a test sees which calls went through it.
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ForwardProxy {
  port: number
  /** The absolute URI of every request so far (the live list; empty it to start again). */
  proxied: string[]
  close(): Promise<void>
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const proxied: string[] = []
  const server = createServer((req, res) => {
    proxied.push(req.url ?? '')
    const target = new URL(req.url ?? '')
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    req.pipe(upstream)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    port: (server.address() as AddressInfo).port,
    proxied,
    close: () => new Promise<void>((done) => server.close(() => done()))
  }
}
