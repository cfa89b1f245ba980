import { describe, expect, it } from 'vitest'
import type { ExpectationInput } from '../../../src/shared/contract/sessions'
import { checkCondition, normalizeExpectations } from '../../../src/main/engine/sessions/expectations'
import { describeCondition, describeExpectation, parseRange } from '../../../src/shared/expectation-text'
import type { SessionEvent } from '../../../src/main/engine/sessions/session-event'
import { evaluate, tally } from '../../../src/main/engine/sessions/verdicts'

let nextId = 1
function ev(
  name: string | null,
  body: Record<string, unknown> = {},
  callType: SessionEvent['callType'] = 'track',
): SessionEvent {
  const json = JSON.stringify({ ...(name !== null ? { event_name: name } : {}), ...body })
  return {
    id: nextId++,
    receivedAt: 1_700_000_000_000 + nextId,
    callType,
    eventName: callType === 'group' ? ((body['group_id'] as string | undefined) ?? null) : name,
    userId: null,
    status: 'valid',
    findings: [],
    json,
  }
}

const judge = (inputs: ExpectationInput[], events: SessionEvent[], running = true) =>
  evaluate(normalizeExpectations(inputs), events, running)

const root = {
  properties: {
    plan: 'pro',
    seats: 3,
    price: 9.5,
    trial: false,
    tags: ['a', 'b'],
    meta: { x: 1 },
    nothing: null,
    email: 'ada@example.com',
  },
  context: { source: 'product' },
}

describe('conditions', () => {
  it('equals compares any JSON structurally', () => {
    expect(checkCondition({ path: 'properties.plan', op: 'equals', value: 'pro' }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.seats', op: 'equals', value: 3 }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.tags', op: 'equals', value: ['a', 'b'] }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.meta', op: 'equals', value: { x: 1 } }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.nothing', op: 'equals', value: null }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.seats', op: 'equals', value: '3' }, root)).toBe(
      'properties.seats is 3, expected "3"',
    )
    expect(checkCondition({ path: 'properties.tags', op: 'equals', value: ['b', 'a'] }, root)).not.toBeNull()
    expect(checkCondition({ path: 'properties.gone', op: 'equals', value: 1 }, root)).toBe(
      'properties.gone is missing (expected 1)',
    )
  })

  it('matches tests text, numbers as text, and refuses objects', () => {
    expect(
      checkCondition({ path: 'properties.email', op: 'matches', value: '@example\\.com$' }, root),
    ).toBeNull()
    expect(checkCondition({ path: 'properties.seats', op: 'matches', value: '^\\d+$' }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.plan', op: 'matches', value: '^free$' }, root)).toBe(
      'properties.plan is "pro", which does not match /^free$/',
    )
    expect(checkCondition({ path: 'properties.meta', op: 'matches', value: '.' }, root)).toContain(
      'an object',
    )
    expect(checkCondition({ path: 'properties.gone', op: 'matches', value: '.' }, root)).toContain('missing')
  })

  it('type knows every JSON type, and integer is a number', () => {
    const is = (
      path: string,
      value: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null',
    ) => checkCondition({ path, op: 'type', value }, root)
    expect(is('properties.plan', 'string')).toBeNull()
    expect(is('properties.seats', 'integer')).toBeNull()
    expect(is('properties.seats', 'number')).toBeNull()
    expect(is('properties.price', 'number')).toBeNull()
    expect(is('properties.price', 'integer')).toBe('properties.price is a number (9.5), expected integer')
    expect(is('properties.trial', 'boolean')).toBeNull()
    expect(is('properties.meta', 'object')).toBeNull()
    expect(is('properties.tags', 'array')).toBeNull()
    expect(is('properties.nothing', 'null')).toBeNull()
    expect(is('properties.tags', 'object')).toContain('is an array')
  })

  it('present and absent, with dot paths, array indexes and JSON pointers', () => {
    expect(checkCondition({ path: 'properties.nothing', op: 'present' }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.tags.1', op: 'equals', value: 'b' }, root)).toBeNull()
    expect(checkCondition({ path: '/context/source', op: 'equals', value: 'product' }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.gone', op: 'present' }, root)).toBe(
      'properties.gone is missing',
    )
    expect(checkCondition({ path: 'properties.gone', op: 'present', value: false }, root)).toBeNull()
    expect(checkCondition({ path: 'properties.plan', op: 'present', value: false }, root)).toBe(
      'properties.plan should be absent but is "pro"',
    )
    expect(checkCondition({ path: 'properties.plan.length', op: 'present' }, root)).not.toBeNull()
  })

  it('range holds for numbers between its ends, both inclusive, and says why not', () => {
    const range = (value: { min?: number; max?: number }, path = 'properties.seats') =>
      checkCondition({ path, op: 'range', value }, root)
    expect(range({ min: 3, max: 3 })).toBeNull()
    expect(range({ min: 1 })).toBeNull()
    expect(range({ max: 9.5 }, 'properties.price')).toBeNull()
    expect(range({ min: 4, max: 10 })).toBe('properties.seats is 3, expected 4..10')
    expect(range({ max: 2 })).toBe('properties.seats is 3, expected ..2')
    expect(range({ min: 1 }, 'properties.plan')).toBe('properties.plan is "pro", expected a number in 1..')
    expect(range({ min: 1 }, 'properties.gone')).toBe('properties.gone is missing (expected a number in 1..)')
    expect(describeCondition({ path: 'p', op: 'range', value: { min: 1, max: 2 } })).toBe('p in 1..2')
    expect(parseRange(' 1 .. 10 ')).toEqual({ min: 1, max: 10 })
    expect(parseRange('..-2.5')).toEqual({ max: -2.5 })
    expect(parseRange('5..1')).toBe("the range's min is above its max")
    expect(parseRange('a..b')).toMatch(/must be numbers/)
    expect(parseRange('..')).toMatch(/a min, a max or both/)
  })
})

describe('verdicts', () => {
  it('is pending while running, met when seen, failed once stopped without it', () => {
    const wanted: ExpectationInput[] = [{ eventName: 'signed_up' }, { eventName: 'never_sent' }]
    const events = [ev('signed_up'), ev('other')]
    expect(judge(wanted, events).map((r) => r.verdict)).toEqual(['met', 'pending'])
    const stopped = judge(wanted, events, false)
    expect(stopped.map((r) => r.verdict)).toEqual(['met', 'failed'])
    expect(stopped[1]?.reason).toContain('the session ended')
    expect(tally(stopped)).toEqual({ met: 1, failed: 1, pending: 0 })
  })

  it('lists matching ids and near misses with their reasons', () => {
    const good = ev('signed_up', { properties: { plan: 'pro' } })
    const bad = ev('signed_up', { properties: { plan: 'free' } })
    const [r] = judge(
      [{ eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }] }],
      [bad, good],
    )
    expect(r?.verdict).toBe('met')
    expect(r?.matchedIds).toEqual([good.id])
    expect(r?.nearMisses).toEqual([
      { eventId: bad.id, reasons: ['properties.plan is "free", expected "pro"'] },
    ])
  })

  it('counts: at least n and exactly n', () => {
    const three = [ev('click'), ev('click'), ev('click')]
    const v = (count: ExpectationInput['count'], events: SessionEvent[], running = true) =>
      judge([{ eventName: 'click', count }], events, running)[0]?.verdict
    expect(v({ mode: 'atLeast', n: 3 }, three)).toBe('met')
    expect(v({ mode: 'atLeast', n: 4 }, three)).toBe('pending')
    expect(v({ mode: 'atLeast', n: 4 }, three, false)).toBe('failed')
    expect(v({ mode: 'exactly', n: 3 }, three)).toBe('met')
    expect(v({ mode: 'exactly', n: 2 }, three)).toBe('failed')
    expect(v({ mode: 'exactly', n: 4 }, three)).toBe('pending')
    expect(v({ mode: 'exactly', n: 0 }, [])).toBe('met')
    expect(v({ mode: 'exactly', n: 0 }, three)).toBe('failed')
    expect(v({ mode: 'atLeast', n: 0 }, [], false)).toBe('met')
  })

  it('order: an ordered expectation whose event came before the previous one fails', () => {
    const flow: ExpectationInput[] = [
      { eventName: 'cart_viewed', ordered: true },
      { eventName: 'checkout_started', ordered: true },
      { eventName: 'order_completed', ordered: true },
    ]
    const inOrder = [ev('cart_viewed'), ev('checkout_started'), ev('order_completed')]
    expect(judge(flow, inOrder).map((r) => r.verdict)).toEqual(['met', 'met', 'met'])
    const swapped = [ev('cart_viewed'), ev('order_completed'), ev('checkout_started')]
    const result = judge(flow, swapped)
    expect(result.map((r) => r.verdict)).toEqual(['met', 'met', 'failed'])
    expect(result[2]?.reason).toContain('Out of order')
    const early = [ev('checkout_started')]
    expect(judge(flow, early).map((r) => r.verdict)).toEqual(['pending', 'failed', 'pending'])
    // Unordered expectations in between do not take part in the order.
    const mixed = judge(
      [{ eventName: 'a', ordered: true }, { eventName: 'x' }, { eventName: 'b', ordered: true }],
      [ev('x'), ev('a'), ev('b')],
    )
    expect(mixed.map((r) => r.verdict)).toEqual(['met', 'met', 'met'])
  })

  it('matches identify and group calls by type, and any event when the name is left out', () => {
    const identify = ev(null, { user_id: 'u1', traits: { user_email: 'a@b.c' } }, 'identify')
    const group = ev(null, { group_id: 'acct_9', traits: { group_type: 'account' } }, 'group')
    const results = judge(
      [
        { callType: 'identify', conditions: [{ path: 'traits.user_email', op: 'present' }] },
        {
          callType: 'group',
          eventName: 'acct_9',
          conditions: [{ path: 'traits.group_type', op: 'equals', value: 'account' }],
        },
        { callType: 'group', eventName: 'acct_other' },
      ],
      [identify, group],
    )
    expect(results.map((r) => r.verdict)).toEqual(['met', 'met', 'pending'])
  })

  it('normalises ids, counts and defaults, keeping ids unique', () => {
    const [a, b, c] = normalizeExpectations([
      { eventName: 'x' },
      { id: 'dup', eventName: 'y' },
      { id: 'dup', eventName: 'z', count: { mode: 'exactly' } },
    ])
    expect(a).toMatchObject({
      id: 'e1',
      callType: 'track',
      count: { mode: 'atLeast', n: 1 },
      ordered: false,
      conditions: [],
    })
    expect(b?.id).toBe('dup')
    expect(c?.id).toBe('dup-2')
    expect(c?.count).toEqual({ mode: 'exactly', n: 1 })
    expect(
      describeExpectation(
        normalizeExpectations([
          {
            eventName: 'signed_up',
            count: { n: 2 },
            conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
          },
        ])[0] as never,
      ),
    ).toBe('signed_up at least 2× where properties.plan = "pro"')
  })
})
