// Parsing and formatting of durations. Pure.
import { InputError } from './errors.js'

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 }
// A workflow job on a self-hosted runner may run for 5 days; nothing can wait longer.
const MAX_WAIT_SECONDS = 5 * 24 * 3600

/** "90" (minutes), "45s", "30m", "2h", "1.5h" -> seconds. */
export function parseWaitTimeout(input: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/i.exec(raw.trim())
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[(match[2] || 'm').toLowerCase()] : NaN
  if (!(seconds >= 1 && seconds <= MAX_WAIT_SECONDS)) {
    throw new InputError(
      input,
      `${JSON.stringify(raw.trim())} is not a duration from 1s to 5 days. ` +
        'Expected minutes (90) or a number with a unit: 45s, 30m, 2h.'
    )
  }
  return Math.round(seconds)
}

/** 0 -> "0s", 75 -> "1m 15s", 3725 -> "1h 2m 5s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds))
  const parts: string[] = []
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (h) parts.push(`${h}h`)
  if (m) parts.push(`${m}m`)
  if (s % 60 || parts.length === 0) parts.push(`${s % 60}s`)
  return parts.join(' ')
}
