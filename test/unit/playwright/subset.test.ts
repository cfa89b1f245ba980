/**
 * The fixture's matchers read an expected event the way `toMatchObject`
 * does and hand it to the engine's expectations. A property test checks
 * the two agree: for any event and any expected piece of one, the session
 * expectation built from it is met exactly when `toMatchObject` passes.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeExpectations } from '../../../src/main/engine/sessions/expectations'
import type { SessionEvent } from '../../../src/main/engine/sessions/session-event'
import { evaluate } from '../../../src/main/engine/sessions/verdicts'
import { between, SubsetError, toExpectation, type EventSubset } from '../../../src/playwright/subset'

function sessionEvent(event: Record<string, unknown>): SessionEvent {
  return {
    id: 1,
    receivedAt: 0,
    callType: 'track',
    eventName: typeof event['event_name'] === 'string' ? event['event_name'] : null,
    userId: null,
    status: 'valid',
    findings: [],
    json: JSON.stringify(event),
  }
}

/** Met by the session expectation built from the subset? */
function sessionMeets(subset: EventSubset, event: Record<string, unknown>): boolean {
  const expectation = normalizeExpectations([toExpectation(subset)])
  return evaluate(expectation, [sessionEvent(event)], false)[0]?.verdict === 'met'
}

function toMatchObjectPasses(event: unknown, subset: EventSubset): boolean {
  try {
    expect(event).toMatchObject(subset)
    return true
  } catch {
    return false
  }
}

describe('toExpectation', () => {
  it('lifts a track event name and turns the rest into conditions', () => {
    expect(
      toExpectation({
        event_name: 'signup',
        user_id: 'u1',
        properties: { plan: 'pro', seats: between(1, 10), gone: undefined, tags: ['a'], meta: {} },
        timestamp: new Date('2026-01-02T03:04:05.000Z'),
      }),
    ).toEqual({
      callType: 'track',
      eventName: 'signup',
      conditions: [
        { path: 'user_id', op: 'equals', value: 'u1' },
        { path: 'properties.plan', op: 'equals', value: 'pro' },
        { path: 'properties.seats', op: 'range', value: { min: 1, max: 10 } },
        { path: 'properties.gone', op: 'present', value: false },
        { path: 'properties.tags', op: 'equals', value: ['a'] },
        { path: 'properties.meta', op: 'type', value: 'object' },
        { path: 'timestamp', op: 'equals', value: '2026-01-02T03:04:05.000Z' },
      ],
    })
  })

  it('reads RegExps and Playwright asymmetric matchers, with flags made inline', () => {
    const e = toExpectation({
      event_name: expect.stringMatching(/^sign/),
      properties: {
        email: /@EXAMPLE\.com$/i,
        id: expect.any(String),
        n: expect.any(Number),
        note: expect.stringContaining('a.b'),
        meta: expect.objectContaining({ x: 1 }),
        any: expect.anything(),
        price: expect.closeTo(9.99, 2),
      },
    })
    expect(e.eventName).toBeNull()
    expect(e.conditions).toEqual([
      { path: 'event_name', op: 'type', value: 'string' },
      { path: 'event_name', op: 'matches', value: '^sign' },
      { path: 'properties.email', op: 'matches', value: '(?i)@EXAMPLE\\.com$' },
      { path: 'properties.id', op: 'type', value: 'string' },
      { path: 'properties.n', op: 'type', value: 'number' },
      { path: 'properties.note', op: 'type', value: 'string' },
      { path: 'properties.note', op: 'matches', value: 'a\\.b' },
      { path: 'properties.meta.x', op: 'equals', value: 1 },
      { path: 'properties.any', op: 'present' },
      { path: 'properties.price', op: 'range', value: { min: 9.99 - 0.005, max: 9.99 + 0.005 } },
    ])
  })

  it('writes a key holding a dot, or a first key starting with a slash, as a JSON pointer', () => {
    expect(
      toExpectation({ event_name: 'x', properties: { 'a.b': 1, 'c/d': 2 }, '/e': 3 }).conditions,
    ).toEqual([
      { path: '/properties/a.b', op: 'equals', value: 1 },
      { path: 'properties.c/d', op: 'equals', value: 2 },
      { path: '/~1e', op: 'equals', value: 3 },
    ])
  })

  it('identify and group calls are matched by their fields, not an event name', () => {
    expect(toExpectation({ user_id: 'u1', traits: { plan: 'pro' } }, { type: 'identify' })).toEqual({
      callType: 'identify',
      eventName: null,
      conditions: [
        { path: 'user_id', op: 'equals', value: 'u1' },
        { path: 'traits.plan', op: 'equals', value: 'pro' },
      ],
    })
  })

  it('refuses what an event cannot hold or a matcher it cannot run, saying where', () => {
    expect(() => toExpectation({ event_name: 'x', properties: { re: /(a)\1/ } })).toThrow(SubsetError)
    expect(() => toExpectation({ event_name: 'x', properties: { re: /(a)\1/ } })).toThrow(/properties\.re:/)
    expect(() => toExpectation({ event_name: 'x', n: Number.NaN })).toThrow(/n: NaN is not a JSON number/)
    expect(() => toExpectation({ event_name: 'x', list: expect.arrayContaining([1]) })).toThrow(
      /list: expect\.arrayContaining\(\) is not supported/,
    )
    expect(() => toExpectation({ event_name: 'x', s: expect.not.stringContaining('a') })).toThrow(
      /use \.not on the matcher/,
    )
    expect(() => toExpectation({ event_name: 'x', m: new Map() })).toThrow(/a Map cannot appear/)
    expect(() => toExpectation({ event_name: 'x', n: expect.any(Function) })).toThrow(/expect\.any\(\) takes/)
    expect(() => between()).toThrow(/a min, a max or both/)
    expect(() => between(5, 1)).toThrow(/min is above the max/)
  })

  it('between() also works as an asymmetric matcher in plain expect', () => {
    expect({ seats: 3 }).toEqual({ seats: between(1, 5) })
    expect({ seats: 9 }).not.toEqual({ seats: between(1, 5) })
    expect({ seats: '3' }).not.toEqual({ seats: between(1) })
  })
})

describe('the matchers and the session expectations agree', () => {
  const leaf = fc.constantFrom<unknown>('pro', 'free', '', 0, 1, 2, 1.5, true, false, null, [1, 2], ['pro'])
  const keys = fc.constantFrom('plan', 'seats', 'a.b', 'meta')
  const tree = (depth: number): fc.Arbitrary<unknown> =>
    depth === 0 ? leaf : fc.oneof(leaf, fc.dictionary(keys, tree(depth - 1), { minKeys: 1, maxKeys: 3 }))
  const event = fc.record(
    {
      event_name: fc.constantFrom('signup', 'page_visit'),
      user_id: fc.constantFrom('u1', 'u2', ''),
      properties: fc.dictionary(keys, tree(2), { maxKeys: 4 }),
    },
    { requiredKeys: ['event_name'] },
  )
  // What a test may write for a value: the same JSON, or a matcher that `toMatchObject` understands too.
  // (`undefined` is left out: toMatchObject never matches it against JSON; here it means "absent".)
  const expected = (depth: number): fc.Arbitrary<unknown> =>
    depth === 0
      ? fc.oneof(
          leaf,
          fc.constant(expect.any(String)),
          fc.constant(expect.any(Number)),
          fc.constant(expect.stringMatching(/^pr/)),
          fc.constant(between(1, 2)),
        )
      : fc.oneof(expected(0), fc.dictionary(keys, expected(depth - 1), { minKeys: 1, maxKeys: 2 }))
  const subset = fc.record(
    {
      event_name: fc.constantFrom('signup', 'page_visit'),
      user_id: expected(0),
      properties: fc.dictionary(keys, expected(2), { minKeys: 1, maxKeys: 3 }),
    },
    { requiredKeys: [] },
  )

  it('a session expectation is met exactly when toMatchObject passes', () => {
    let met = 0
    fc.assert(
      fc.property(event, subset, (e, s) => {
        const reference = toMatchObjectPasses(e, s as EventSubset)
        if (reference) met++
        expect(sessionMeets(s as EventSubset, e)).toBe(reference)
      }),
      { numRuns: 2_000 },
    )
    // Both outcomes were exercised, not only misses (runs are random: 45 to 80 of 2,000 meet).
    expect(met).toBeGreaterThan(20)
  })

  it('an event always meets the expectation made from itself', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(sessionMeets(e, e)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })
})
