/**
 * What the SDKs write: `Date.prototype.toISOString()`, so ISO-8601 with a
 * full date, a time and a zone. The published sample `20-11-23T22:28:55.111Z`
 * (two-digit year) is exactly the kind of value this must refuse.
 */
const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

/** Epoch ms of a valid ISO-8601 timestamp with a zone, or null. */
export function parseIsoTimestamp(value: string): number | null {
  const m = ISO_WITH_ZONE.exec(value)
  if (!m) return null
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  if (!Number.isFinite(ms)) return null
  // Date.parse rolls 31 February over to March; the date must be real.
  const date = new Date(Date.UTC(Number(m[1]), month - 1, day))
  if (date.getUTCDate() !== day) return null
  return ms
}

export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000
