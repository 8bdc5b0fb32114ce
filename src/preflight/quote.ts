import { QUOTE_MAX_CHARS } from './limits.js'

// Control, format (byte-order mark, bidi overrides, zero-width), separator and lone-surrogate
// characters would hide or rearrange text in a log; they are shown as escapes instead.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A data value for a message: double-quoted, with `"`, `\` and invisible characters escaped, cut
 * after `max` characters (UTF-16 units, never splitting a pair) with its length added.
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
  return units < value.length ? `"${shown}…" (${value.length} characters)` : `"${shown}"`
}

function escapeUnits(char: string): string {
  let out = ''
  for (let i = 0; i < char.length; i++) {
    out += '\\u' + char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')
  }
  return out
}
