import { QUOTE_MAX_CHARS } from './limits.js'

// Control, format (byte-order mark, bidi overrides, zero-width), separator and lone-surrogate
// characters would hide or rearrange text in a log; they are shown as escapes instead.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A data value for a message: double-quoted, with `"`, `\` and invisible characters escaped, cut
 * after `max` UTF-16 units (never splitting a pair) with its length in characters added.
 */
export function quote(value: string, max = QUOTE_MAX_CHARS): string {
  let shown = ''
  let units = 0
  for (const char of value) {
    if (units >= max) break
    units += char.length
    if (char === '"' || char === '\\') shown += '\\' + char
    else if (SHORT_ESCAPES[char]) shown += SHORT_ESCAPES[char]
    else if (INVISIBLE.test(char)) shown += escapeUnits(char)
    else shown += char
  }
  return units < value.length ? `"${shown}…" (${characters(value)} characters)` : `"${shown}"`
}

const PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g

/** The characters (code points) of value: an emoji is one, though two UTF-16 units. */
export function characters(value: string): number {
  return value.length - (value.match(PAIR)?.length ?? 0)
}

function escapeUnits(char: string): string {
  let out = ''
  for (let i = 0; i < char.length; i++) {
    out += '\\u' + char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')
  }
  return out
}
