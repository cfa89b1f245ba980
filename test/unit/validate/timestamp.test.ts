import { describe, expect, it } from 'vitest'
import { parseIsoTimestamp } from '../../../src/main/engine/validate/timestamp'

/** What the SDKs send, and the rule: the instant Date.parse gives, for a real date with a zone. */
function reference(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.exec(
    value,
  )
  if (!m) return null
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[]
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59)
    return null
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  if (!Number.isFinite(ms)) return null
  if (new Date(Date.UTC(Number(m[1]), month! - 1, day!)).getUTCDate() !== day) return null
  return ms
}

describe('parseIsoTimestamp', () => {
  it.each([
    ['2026-12-04T22:31:36.123Z', Date.UTC(2026, 11, 4, 22, 31, 36, 123)],
    ['2026-12-04T22:31Z', Date.UTC(2026, 11, 4, 22, 31)],
    ['2026-12-04T23:31:36+01:00', Date.UTC(2026, 11, 4, 22, 31, 36)],
    ['2026-12-04T17:01:36-0530', Date.UTC(2026, 11, 4, 22, 31, 36)],
    ['2024-02-29T00:00:00.123456789Z', Date.UTC(2024, 1, 29, 0, 0, 0, 123)],
  ])('reads %s', (value, ms) => {
    expect(parseIsoTimestamp(value)).toBe(ms)
  })

  it.each([
    '20-11-23T22:28:55.111Z',
    '2023-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-04T24:00:00Z',
    '2026-12-04T22:60:00Z',
    '2026-12-04T22:31:36',
    '2026-12-04 22:31:36Z',
    'yesterday',
  ])('refuses %s', (value) => {
    expect(parseIsoTimestamp(value)).toBeNull()
  })

  it('agrees with Date.parse on thousands of generated timestamps, real dates or not', () => {
    let seed = 42
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const two = (n: number): string => String(n).padStart(2, '0')
    for (let i = 0; i < 5000; i++) {
      const year = String([1970, 1999, 2000, 2024, 2100, 1900, 2026, 45][rand(8)]!).padStart(4, '0')
      const zone = ['Z', '+01:00', '-05:30', '+1345', '-0000'][rand(5)]!
      const frac = ['', '.1', '.12', '.123', '.123456'][rand(5)]!
      const value = `${year}-${two(rand(14))}-${two(rand(33))}T${two(rand(25))}:${two(rand(61))}:${two(rand(61))}${frac}${zone}`
      expect(parseIsoTimestamp(value), value).toBe(reference(value))
    }
  })
})
