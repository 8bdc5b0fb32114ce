import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseWaitTimeout } from '../../../src/inputs/duration.js'
describe('parseWaitTimeout', () => {
  it.each([
    ['90', 5400],
    ['45s', 45],
    ['30m', 1800],
    ['2h', 7200],
    ['1.5h', 5400],
    [' 10 M ', 600]
  ])('%j -> %d s', (raw, seconds) => {
    expect(parseWaitTimeout('wait-timeout', raw)).toBe(seconds)
  })

  it.each(['', '0', '-5', 'soon', '1d', '0.5s', '7201m', '2h30m'])('rejects %j', (raw) => {
    expect(() => parseWaitTimeout('wait-timeout', raw)).toThrow(
      `Input \`wait-timeout\`: "${raw.trim()}" is not a duration from 1s to 5 days. Expected minutes (90) or a number with a unit: 45s, 30m, 2h.`
    )
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59.6, '1m'],
    [75, '1m 15s'],
    [3600, '1h'],
    [3725, '1h 2m 5s']
  ])('%d -> %s', (s, text) => expect(formatDuration(s)).toBe(text))
})
