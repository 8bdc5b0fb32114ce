// The one transport every client of a run shares (Personalize, S3, STS): the ca-bundle, the
// timeouts, the answer cap, and the proxy each client's own host asks for (NO_PROXY is per host).
// The proxy agents load only when a proxy variable is set.
import { Agent } from 'node:https'
import { CappedHttpHandler } from './answer-cap.js'
import { anyProxy, proxyFor } from './proxy.js'

/** How both actions reach AWS, from their shared inputs (inputs/settings.ts). */
export interface ClientSettings {
  region: string
  endpoint?: string
  /** PEM text of the ca-bundle file. */
  caBundle?: string
  /** Milliseconds; undefined means no limit (the CLI's 0). */
  connectTimeoutMs?: number
  readTimeoutMs?: number
}

export interface Transport {
  /** The request handler for a client of `endpoint`. */
  handlerFor(endpoint: URL): CappedHttpHandler
}

type ProxyModules = [typeof import('https-proxy-agent'), typeof import('http-proxy-agent')]

export async function startTransport(
  settings: ClientSettings,
  env: Record<string, string | undefined>
): Promise<Transport> {
  const agents: ProxyModules | undefined = anyProxy(env)
    ? await Promise.all([import('https-proxy-agent'), import('http-proxy-agent')])
    : undefined
  const tls = settings.caBundle ? { ca: settings.caBundle } : {}
  // One record of the hosts that answered, for every handler: a host's first answer counts for
  // every client that reaches it.
  const answered = new Set<string>()
  const handlers = new Map<string, CappedHttpHandler>()
  return {
    handlerFor(endpoint) {
      const proxy = proxyFor(endpoint, env)
      const key = proxy ?? ''
      let handler = handlers.get(key)
      if (!handler) {
        handler = new CappedHttpHandler({
          connectionTimeout: settings.connectTimeoutMs,
          // The CLI's read timeout is a socket idle timeout, which is what socketTimeout is.
          socketTimeout: settings.readTimeoutMs,
          ...(proxy && agents
            ? {
                httpsAgent: new agents[0].HttpsProxyAgent(proxy, { ...tls, keepAlive: true }),
                httpAgent: new agents[1].HttpProxyAgent(proxy, { keepAlive: true })
              }
            : { httpsAgent: new Agent({ ...tls, keepAlive: true }) })
        })
        handler.answered = answered
        handlers.set(key, handler)
      }
      return handler
    }
  }
}
