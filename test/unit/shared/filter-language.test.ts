import { describe, expect, it } from 'vitest'
import {
  completionContext,
  parseFilter,
  parseWhen,
  quoteValue,
  tokenize,
} from '../../../src/shared/filter-language'

const NOW = new Date(2025, 8, 22, 12, 0, 0).getTime()

describe('filter language', () => {
  it('parses every field of the documented example', () => {
    const { clauses, errors } = parseFilter(
      'event:signed_up user:u_123 type:identify status:invalid prop.plan:pro session:checkout after:2025-09-22 before:2025-09-23 rule:event.name "free text"',
      NOW,
    )
    expect(errors).toEqual([])
    expect(clauses.eventNames).toEqual(['signed_up'])
    expect(clauses.userIds).toEqual(['u_123'])
    expect(clauses.callTypes).toEqual(['identify'])
    expect(clauses.statuses).toEqual(['invalid'])
    expect(clauses.props).toEqual([{ key: 'plan', value: 'pro' }])
    expect(clauses.sessions).toEqual(['checkout'])
    expect(clauses.rules).toEqual(['event.name'])
    expect(clauses.receivedAfter).toBe(new Date(2025, 8, 22).getTime())
    expect(clauses.receivedBefore).toBe(new Date(2025, 8, 23).getTime())
    expect(clauses.text).toEqual([{ value: 'free text', quoted: true }])
  })

  it('keeps bare words as prefix text and quoted values whole', () => {
    const { clauses } = parseFilter('sign up prop.name:"Ada Lovelace" user:"a b"', NOW)
    expect(clauses.text).toEqual([
      { value: 'sign', quoted: false },
      { value: 'up', quoted: false },
    ])
    expect(clauses.props).toEqual([{ key: 'name', value: 'Ada Lovelace' }])
    expect(clauses.userIds).toEqual(['a b'])
  })

  it('treats comma lists and repeats as alternatives, and - as exclusion', () => {
    const { clauses, errors } = parseFilter(
      'type:track,identify -event:page_visit -event:element_click status:warning',
      NOW,
    )
    expect(errors).toEqual([])
    expect(clauses.callTypes).toEqual(['track', 'identify'])
    expect(clauses.excludeEventNames).toEqual(['page_visit', 'element_click'])
    expect(clauses.statuses).toEqual(['warnings'])
  })

  it('is case-insensitive in field names but keeps property key case', () => {
    const { clauses } = parseFilter('EVENT:Signed_Up Prop.userPlan:Pro', NOW)
    expect(clauses.eventNames).toEqual(['Signed_Up'])
    expect(clauses.props).toEqual([{ key: 'userPlan', value: 'Pro' }])
  })

  it('explains unknown fields, bad values and empty clauses', () => {
    const { errors } = parseFilter('colour:red type:trak status:great event: after:yesterday -"x"', NOW)
    const messages = errors.map((e) => e.message)
    expect(messages[0]).toMatch(/Unknown filter "colour:"/)
    expect(messages[1]).toMatch(/Unknown call type "trak"/)
    expect(messages[2]).toMatch(/Unknown status "great"/)
    expect(messages[3]).toMatch(/event: needs a value/)
    expect(messages[4]).toMatch(/after: wants a date/)
    expect(messages[5]).toMatch(/cannot be excluded/)
    expect(errors[0]).toMatchObject({ start: 0, end: 10 })
  })

  it('leaves URLs and times in free text alone', () => {
    const { clauses, errors } = parseFilter('https://example.com/p "at 10:30"', NOW)
    expect(errors).toEqual([])
    expect(clauses.text.map((t) => t.value)).toEqual(['https://example.com/p', 'at 10:30'])
  })

  it('reads dates, date-times and ages', () => {
    expect(parseWhen('2025-09-22', NOW)).toBe(new Date(2025, 8, 22).getTime())
    expect(parseWhen('2025-09-22T10:30:00Z', NOW)).toBe(Date.UTC(2025, 8, 22, 10, 30))
    expect(parseWhen('15m', NOW)).toBe(NOW - 15 * 60_000)
    expect(parseWhen('2h', NOW)).toBe(NOW - 2 * 3_600_000)
    expect(parseWhen('7d', NOW)).toBe(NOW - 7 * 86_400_000)
    expect(parseWhen('2025-02-30', NOW)).toBeNull()
    expect(parseWhen('soon', NOW)).toBeNull()
  })

  it('keeps the narrowest of repeated date bounds', () => {
    const { clauses } = parseFilter(
      'after:2025-09-01 after:2025-09-10 before:2025-09-30 before:2025-09-20',
      NOW,
    )
    expect(clauses.receivedAfter).toBe(new Date(2025, 8, 10).getTime())
    expect(clauses.receivedBefore).toBe(new Date(2025, 8, 20).getTime())
  })

  it('does not choke on an unclosed quote or stray spaces', () => {
    const { clauses, errors } = parseFilter('   "half open  ', NOW)
    expect(errors).toEqual([])
    expect(clauses.text).toEqual([{ value: 'half open', quoted: true }])
    expect(tokenize('')).toEqual([])
  })

  it('finds what the cursor is on for autocomplete', () => {
    expect(completionContext('status:inv', 10)).toMatchObject({
      kind: 'value',
      field: 'status',
      prefix: 'inv',
      start: 7,
    })
    expect(completionContext('event:signed_up us', 18)).toMatchObject({
      kind: 'field',
      prefix: 'us',
      start: 16,
    })
    expect(completionContext('prop.pl', 7)).toMatchObject({ kind: 'prop-key', prefix: 'pl', start: 0 })
    expect(completionContext('prop.plan:p', 11)).toMatchObject({
      kind: 'value',
      field: 'prop',
      propKey: 'plan',
      prefix: 'p',
    })
    expect(completionContext('-type:track,id', 14)).toMatchObject({
      kind: 'value',
      field: 'type',
      prefix: 'id',
      start: 12,
      negated: true,
    })
  })

  it('quotes values only when it must', () => {
    expect(quoteValue('signed_up')).toBe('signed_up')
    expect(quoteValue('Ada Lovelace')).toBe('"Ada Lovelace"')
    expect(quoteValue('a,b')).toBe('"a,b"')
  })
})
