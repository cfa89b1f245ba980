/**
 * A running session's live verdicts on a real engine: after each batch of
 * captured events only the new ones are judged, and the answer is always
 * what judging the whole session afresh gives, also after retention
 * deleted some of its events.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionDetail } from '../../src/shared/contract/sessions'
import { evaluate } from '../../src/main/engine/sessions/verdicts'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine
beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

/** The session's verdicts judged afresh from the log. */
function afresh(id: number): SessionDetail['results'] {
  const sessions = t.engine.internals.sessions
  const s = sessions.require(id)
  return evaluate(s.expectations, sessions.repo.candidateEvents(id, s.expectations), true)
}

describe('live verdicts', () => {
  it('judge only the events that arrived since, and always equal judging the session afresh', async () => {
    const session = (await t.engine.call('sessions.start', {
      name: 'live',
      expectations: [
        { eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }] },
        { eventName: 'page_visit', count: { mode: 'exactly', n: 30 } },
        { eventName: 'checkout_started', ordered: true },
      ],
    })) as SessionDetail
    const repo = t.engine.internals.sessions.repo
    const reads = vi.spyOn(repo, 'candidateEvents')
    const names = ['signed_up', 'page_visit', 'checkout_started', 'page_visit']
    for (let round = 0; round < 12; round++) {
      const batch = Array.from({ length: 100 }, (_, i) =>
        trackEvent(names[(round + i) % names.length] as string, {
          properties: { plan: i % 3 === 0 ? 'free' : 'pro' },
        }),
      )
      expect((await post(`${t.captureUrl}/track`, JSON.stringify(batch))).status).toBe(200)
      const live = (await t.engine.call('sessions.get', { id: session.id })) as SessionDetail
      expect(live.results).toEqual(afresh(session.id))
      expect(live.eventCount).toBe((round + 1) * 100)
    }
    // After the first answer, each answer read only what came after the events already judged.
    const afterIds = reads.mock.calls.filter((c) => c[2] === undefined || c[2] === 0).length
    // afresh() reads the whole session once per round itself; the engine did so once, at the start.
    expect(afterIds).toBe(12 + 1)

    // Retention deletes the session's oldest events: judged afresh, and still the same answer.
    t.engine.internals.retention.enforcer.enforceNow({ maxEvents: 1_000, maxAgeDays: null, maxBytes: null })
    const trimmed = (await t.engine.call('sessions.get', { id: session.id })) as SessionDetail
    expect(trimmed.eventCount).toBe(1_000)
    expect(trimmed.results).toEqual(afresh(session.id))
    reads.mockRestore()
  })

  it('count a stopped session’s events once, and again only after a deletion', async () => {
    const a = (await t.engine.call('sessions.start', {
      name: 'A',
      expectations: [{ eventName: 'signed_up' }],
    })) as SessionDetail
    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('signed_up'), trackEvent('signed_up')]))
    // Starting B stops A.
    await t.engine.call('sessions.start', { name: 'B', expectations: [{ eventName: 'signed_up' }] })
    const repo = t.engine.internals.sessions.repo
    const counted = vi.spyOn(repo, 'version')
    for (let i = 0; i < 3; i++) {
      await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('signed_up')]))
      await t.engine.call('sessions.list', {})
    }
    // A stopped session gains no events: counted once, whatever arrives for the running one.
    expect(counted.mock.calls.filter(([id]) => id === a.id).length).toBeLessThanOrEqual(1)
    await t.engine.call('events.clear', {})
    const after = (await t.engine.call('sessions.get', { id: a.id })) as SessionDetail
    expect(after.prunedEvents).toBe(2)
    counted.mockRestore()
  })

  it('keep what a deletion did not reach: retention of older rows leaves judging and counts as they are', async () => {
    const batch = (name: string, n: number): string =>
      JSON.stringify(Array.from({ length: n }, () => trackEvent(name)))
    // 300 events before any session, ten to a request.
    for (let i = 0; i < 30; i++) await post(`${t.captureUrl}/track`, batch('page_visit', 10))
    const a = (await t.engine.call('sessions.start', {
      name: 'A',
      expectations: [{ eventName: 'signed_up' }],
    })) as SessionDetail
    await post(`${t.captureUrl}/track`, batch('signed_up', 2))
    // Starting B stops A; B gets the newest 100 events.
    const b = (await t.engine.call('sessions.start', {
      name: 'B',
      expectations: [{ eventName: 'signed_up', count: { mode: 'atLeast', n: 50 } }],
    })) as SessionDetail
    for (let i = 0; i < 10; i++) await post(`${t.captureUrl}/track`, batch('signed_up', 10))
    await t.engine.call('sessions.list', {})
    await t.engine.call('sessions.get', { id: b.id })

    const repo = t.engine.internals.sessions.repo
    const judged = vi.spyOn(repo, 'candidateEvents')
    const counted = vi.spyOn(repo, 'version')
    const retention = t.engine.internals.retention.enforcer
    const limits = (maxEvents: number) => ({ maxEvents, maxAgeDays: null, maxBytes: null })

    // The 100 oldest events go: neither session had any of them.
    expect(retention.enforceNow(limits(302)).deletedEvents).toBe(100)
    const live = (await t.engine.call('sessions.get', { id: b.id })) as SessionDetail
    const stopped = (await t.engine.call('sessions.get', { id: a.id })) as SessionDetail
    // Neither judged again nor counted again (the judging of B is kept; nothing arrived since).
    expect(judged).not.toHaveBeenCalled()
    expect(counted).not.toHaveBeenCalled()
    expect(stopped.prunedEvents).toBe(0)
    expect(live.results).toEqual(afresh(b.id))
    judged.mockClear()

    // Everything but B's 100 goes, A's two events with it: A is counted again, B still kept.
    expect(retention.enforceNow(limits(100)).deletedEvents).toBe(202)
    const pruned = (await t.engine.call('sessions.get', { id: a.id })) as SessionDetail
    const still = (await t.engine.call('sessions.get', { id: b.id })) as SessionDetail
    expect(pruned.prunedEvents).toBe(2)
    expect(counted.mock.calls.map(([id]) => id)).toEqual([a.id])
    expect(judged).not.toHaveBeenCalled()
    expect(still.eventCount).toBe(100)
    expect(still.results).toEqual(afresh(b.id))
    judged.mockRestore()
    counted.mockRestore()
  })
})
