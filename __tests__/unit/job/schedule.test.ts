import { describe, expect, it } from '@jest/globals'
import { nextCheckDelay, quotaDelay, retryDelay } from '../../../src/job/schedule.js'
describe('nextCheckDelay', () => {
  const delay = (elapsedSeconds: number, pollIntervalSeconds = 30, throttles = 0) =>
    nextCheckDelay({ elapsedSeconds, pollIntervalSeconds, throttles })

  it('checks at 15, 30, 45 and 60 s, then on a poll-interval grid counted from the start', () => {
    expect([0, 15, 30, 45, 60, 90, 120].map((e) => delay(e))).toEqual([15, 15, 15, 15, 30, 30, 30])
    // A slow check does not push the grid back: the next one is still at a grid point.
    expect([20, 52, 100, 1000].map((e) => delay(e))).toEqual([10, 8, 20, 20])
  })

  it('moves past a grid point that a check reached a hair early', () => {
    expect(delay(14.95)).toBe(15)
    expect(delay(59.95)).toBe(30)
    // Half a second before one is not a hair: that grid point is still to come.
    expect(delay(89.5)).toBe(0.5)
  })

  it('keeps gaps within 15 s in the first minute whatever the poll interval', () => {
    expect([0, 45, 59, 60].map((e) => delay(e, 600))).toEqual([15, 15, 1, 600])
    expect(delay(7, 7)).toBe(7)
    // With poll-interval 7 the first-minute grid is 7, 14, ... 56, and then every 7 s.
    expect([56, 63].map((e) => delay(e, 7))).toEqual([7, 7])
  })

  it('doubles after each throttle, up to 5 minutes (or poll-interval if longer)', () => {
    expect([1, 2, 3, 4].map((t) => delay(1000, 30, t))).toEqual([60, 120, 240, 300])
    expect(delay(5, 30, 1)).toBe(30)
    expect(delay(5000, 600, 1)).toBe(600)
    expect(delay(5000, 1, 2)).toBe(4)
  })
})

describe('retryDelay', () => {
  it('waits a quarter of the time so far, 5 s at least, capped as the checks are', () => {
    expect([0, 20, 40, 59, 60, 100, 120, 1000].map((e) => retryDelay(e, 30))).toEqual([
      5, 5, 10, 14.75, 15, 25, 30, 30
    ])
    expect(retryDelay(59, 600)).toBe(14.75)
    expect(retryDelay(600, 600)).toBe(150)
    expect(retryDelay(0, 1)).toBe(1)
  })
})

describe('quotaDelay', () => {
  it('starts at poll-interval and doubles per refusal in a row, up to twice poll-interval', () => {
    expect([1, 2, 3, 10].map((n) => quotaDelay(n, 30))).toEqual([30, 60, 60, 60])
    expect(quotaDelay(1, 1)).toBe(1)
  })
})
