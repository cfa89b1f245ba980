/**
 * What the SDKs write: `Date.prototype.toISOString()`, so ISO-8601 with a
 * full date, a time and a zone. The published sample `20-11-23T22:28:55.111Z`
 * (two-digit year) is exactly the kind of value this must refuse.
 *
 * Every captured event's timestamp goes through here, so the instant is
 * computed from the matched fields rather than parsed a second time.
 */
const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

/** Epoch ms of a valid ISO-8601 timestamp with a zone, or null. */
export function parseIsoTimestamp(value: string): number | null {
  const m = ISO_WITH_ZONE.exec(value)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  // Digits past the millisecond are dropped, as Date.parse drops them.
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'))
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]))
  let utc = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) utc = new Date(utc).setUTCFullYear(year)
  return utc - offsetMinutes * 60_000
}

export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000
