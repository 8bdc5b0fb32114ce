// A TCP relay to a local port that counts what passes: the connections, the bytes the server sent
// back, and how many of those were HTTP status lines and headers. The pre-flight suite uses it to
// see that a run made no S3 request, the bench to count the bytes read from S3. Plain Node.
import { connect, createServer } from 'node:net'

/**
 * @param {number} port the server's port on 127.0.0.1
 * @returns {Promise<import('./relay.js').Relay>}
 */
export function relayTo(port) {
  const relay = {
    port: 0,
    connections: 0,
    bytes: 0,
    headerBytes: 0,
    reset() {
      relay.connections = 0
      relay.bytes = 0
      relay.headerBytes = 0
    },
    close: () => new Promise((done) => server.close(() => done()))
  }
  const server = createServer((client) => {
    relay.connections++
    const upstream = connect(port, '127.0.0.1')
    // Header blocks are found in the text kept since the end of the last one; bodies that never
    // contain "HTTP/1.1 " (data rows, XML) cannot be taken for one.
    let text = ''
    upstream.on('data', (d) => {
      relay.bytes += d.length
      text += d.toString('latin1')
      for (const m of text.matchAll(/HTTP\/1\.1 [\s\S]*?\r\n\r\n/g))
        relay.headerBytes += m[0].length
      text = text.slice(Math.max(text.lastIndexOf('\r\n\r\n') + 4, text.length - 4096))
    })
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => {
      relay.port = /** @type {{ port: number }} */ (server.address()).port
      ready(relay)
    })
  )
}
