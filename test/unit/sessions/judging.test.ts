/**
 * Live verdicts are judged as events arrive (verdicts.ts: startJudging,
 * judgeMore, verdictsOf). Folding a session's events in any split, a few at
 * a time, must give exactly what judging all of them at once gives, for
 * counts, order, conditions, and the listed ids and near misses.
 */
import { describe, expect, it } from 'vitest'
import type { ExpectationInput } from '../../../src/shared/contract/sessions'
import { normalizeExpectations } from '../../../src/main/engine/sessions/expectations'
import type { SessionEvent } from '../../../src/main/engine/sessions/session-event'
import { evaluate, judgeMore, startJudging, verdictsOf } from '../../../src/main/engine/sessions/verdicts'

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

const CHECKLIST: ExpectationInput[] = [
  { eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }] },
  { eventName: 'page_visit', count: { mode: 'exactly', n: 7 } },
  { eventName: 'checkout_started', ordered: true },
  { eventName: 'signed_up', ordered: true, count: { mode: 'atLeast', n: 3 } },
  { callType: 'identify', eventName: null, conditions: [{ path: 'traits.email', op: 'present' }] },
  { eventName: 'never_sent' },
]

function events(r: () => number, n: number): SessionEvent[] {
  const names = ['signed_up', 'page_visit', 'checkout_started', 'other']
  let id = 0
  return Array.from({ length: n }, () => {
    id += 1 + Math.floor(r() * 3)
    const identify = r() < 0.15
    const name = names[Math.floor(r() * names.length)] as string
    const body = identify
      ? { traits: r() < 0.5 ? { email: 'a@example.com' } : {} }
      : { event_name: name, properties: { plan: r() < 0.5 ? 'pro' : 'free' } }
    return {
      id,
      receivedAt: 1_700_000_000_000 + id,
      callType: identify ? 'identify' : 'track',
      eventName: identify ? null : name,
      userId: null,
      status: 'valid',
      findings: [],
      json: JSON.stringify(body),
    }
  })
}

describe('judging a session as its events arrive', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives what judging them all at once gives (seed %i)', (seed) => {
    const r = rng(seed)
    const expectations = normalizeExpectations(CHECKLIST)
    // Enough events that the listed matches and near misses reach their caps.
    const all = events(r, 40 + Math.floor(r() * 600))
    for (const running of [true, false]) {
      const judging = startJudging(expectations)
      let at = 0
      while (at < all.length) {
        const step = 1 + Math.floor(r() * 40)
        judgeMore(judging, all.slice(at, at + step))
        at += step
        // At every step: what judging the events so far at once says.
        expect(verdictsOf(judging, running)).toEqual(evaluate(expectations, all.slice(0, at), running))
      }
    }
  })

  it('leaves out events it has already judged', () => {
    const expectations = normalizeExpectations([{ eventName: 'signed_up' }])
    const all = events(rng(42), 50)
    const judging = startJudging(expectations)
    judgeMore(judging, all)
    judgeMore(judging, all.slice(10))
    expect(verdictsOf(judging, true)).toEqual(evaluate(expectations, all, true))
  })
})
