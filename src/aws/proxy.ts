// Which proxy, if any, a request to an endpoint goes through: HTTPS_PROXY for https endpoints and
// HTTP_PROXY for http ones (either case), skipped for hosts in NO_PROXY, as
// configure-aws-credentials and curl read them. Each client (Personalize, S3, STS) asks for its
// own host. A proxy without a scheme (`10.0.0.1:3128`) is `http://10.0.0.1:3128`, as curl and the
// AWS CLI read it. Pure.

export function proxyFor(
  endpoint: URL,
  env: Record<string, string | undefined>
): string | undefined {
  const pick = (...names: string[]) => names.map((n) => env[n]?.trim()).find(Boolean)
  const proxy =
    endpoint.protocol === 'https:'
      ? pick('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy')
      : pick('HTTP_PROXY', 'http_proxy')
  if (!proxy || bypassed(endpoint, pick('NO_PROXY', 'no_proxy') ?? '')) return undefined
  return /^[a-z][a-z\d+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`
}

/** Some proxy variable is set: the proxy agents may be needed. */
export function anyProxy(env: Record<string, string | undefined>): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((n) => env[n]?.trim())
}

/** NO_PROXY entries: "*", a host, ".suffix" or "suffix" (matches subdomains), optionally ":port". */
function bypassed(endpoint: URL, noProxy: string): boolean {
  const host = endpoint.hostname.toLowerCase().replace(/^\[|\]$/g, '')
  const port = endpoint.port || (endpoint.protocol === 'https:' ? '443' : '80')
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true
      const [name, entryPort] = entry
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .split(/:(?=\d+$)/)
      if (entryPort && entryPort !== port) return false
      const suffix = name.replace(/^\*?\./, '')
      return host === suffix || host.endsWith(`.${suffix}`)
    })
}
