import { describe, expect, it } from '@jest/globals'
import { quote } from '../../../src/preflight/index.js'

describe('quote', () => {
  it.each([
    ['abc', '"abc"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['a\tb\r\nc', '"a\\tb\\r\\nc"'],
    ['\u0000\u001b[31mred', '"\\u0000\\u001B[31mred"'],
    ['\uFEFFUSER_ID', '"\\uFEFFUSER_ID"'],
    ['abc\u202Efed', '"abc\\u202Efed"'],
    ['zero\u200Bwidth', '"zero\\u200Bwidth"'],
    ['\uD800alone', '"\\uD800alone"'],
    ['café ünïcode 😀', '"café ünïcode 😀"']
  ])('shows %j as %s', (value, shown) => {
    expect(quote(value)).toBe(shown)
  })

  it('cuts long values after 80 characters and gives the length', () => {
    expect(quote('x'.repeat(81))).toBe(`"${'x'.repeat(80)}…" (81 characters)`)
    expect(quote('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`)
    expect(quote('abcdef', 3)).toBe('"abc…" (6 characters)')
  })

  it('never splits a surrogate pair, and counts it as one character', () => {
    expect(quote('a😀b', 2)).toBe('"a😀…" (3 characters)')
  })

  it('cuts a 2 MB value', () => {
    expect(quote('y'.repeat(2_000_000))).toBe(`"${'y'.repeat(80)}…" (2000000 characters)`)
  })
})
