import { describe, expect, it } from '@jest/globals'
import { proxyFor } from '../../../src/aws/proxy.js'

const aws = new URL('https://personalize.us-east-1.amazonaws.com')
const local = new URL('http://127.0.0.1:4599')

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https endpoints, falling back to HTTP_PROXY, either case', () => {
    expect(proxyFor(aws, { HTTPS_PROXY: 'http://proxy:3128' })).toBe('http://proxy:3128')
    expect(proxyFor(aws, { https_proxy: 'http://lower:3128' })).toBe('http://lower:3128')
    expect(proxyFor(aws, { HTTP_PROXY: 'http://plain:3128' })).toBe('http://plain:3128')
    expect(proxyFor(aws, {})).toBeUndefined()
  })

  it('uses only HTTP_PROXY for http endpoints', () => {
    expect(proxyFor(local, { HTTPS_PROXY: 'http://proxy:3128' })).toBeUndefined()
    expect(proxyFor(local, { HTTP_PROXY: 'http://proxy:3128' })).toBe('http://proxy:3128')
  })

  it.each([
    ['*', true],
    ['amazonaws.com', true],
    ['.amazonaws.com', true],
    ['*.amazonaws.com', true],
    ['personalize.us-east-1.amazonaws.com:443', true],
    ['personalize.us-east-1.amazonaws.com:8443', false],
    ['example.com, localhost', false],
    ['zonaws.com', false]
  ])('NO_PROXY=%j bypasses: %s', (noProxy, bypass) => {
    expect(proxyFor(aws, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy })).toBe(
      bypass ? undefined : 'http://proxy:3128'
    )
  })

  it('reads a proxy without a scheme as http://host:port, as curl and the AWS CLI do', () => {
    expect(proxyFor(aws, { HTTPS_PROXY: '10.0.0.1:3128' })).toBe('http://10.0.0.1:3128')
    expect(proxyFor(aws, { HTTPS_PROXY: 'proxy.corp' })).toBe('http://proxy.corp')
    expect(proxyFor(aws, { HTTPS_PROXY: 'https://proxy:443' })).toBe('https://proxy:443')
  })

  it('chooses per host: NO_PROXY may bypass S3 and not Personalize', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 's3.us-east-1.amazonaws.com' }
    expect(proxyFor(aws, env)).toBe('http://proxy:3128')
    expect(proxyFor(new URL('https://bucket.s3.us-east-1.amazonaws.com'), env)).toBeUndefined()
  })
})
