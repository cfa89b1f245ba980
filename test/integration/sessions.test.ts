/** Sessions against a real engine: tagging through the capture path, one active at a time, compare, plan checklists. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionComparison, SessionDetail, SessionSummary } from '../../src/shared/contract/sessions'
import type { EventPage } from '../../src/shared/model'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine
beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

const send = (events: unknown[]) => post(`${t.captureUrl}/track`, JSON.stringify(events))

describe('sessions', () => {
  it('tags what is captured while a session is active, one session at a time', async () => {
    const pushes: (SessionSummary | null)[] = []
    t.engine.subscribe((name, payload) => {
      if (name === 'sessions.changed') pushes.push((payload as { active: SessionSummary | null }).active)
    })
    await send([trackEvent('before')])
    const a = (await t.engine.call('sessions.start', { name: 'A' })) as SessionDetail
    await send([trackEvent('during_a'), trackEvent('during_a_too')])
    const b = (await t.engine.call('sessions.start', { name: 'B' })) as SessionDetail
    await send([trackEvent('during_b')])
    await t.engine.call('transfer.import', {
      fileName: 'x.json',
      content: JSON.stringify([trackEvent('imported')]),
    })

    const list = (await t.engine.call('sessions.list', {})) as SessionSummary[]
    expect(list.map((s) => [s.name, s.stoppedAt === null, s.eventCount])).toEqual([
      ['B', true, 1],
      ['A', false, 2],
    ])
    expect(pushes.map((p) => p?.name ?? null)).toEqual(['A', 'B'])
    const inA = (await t.engine.call('events.list', { session: a.id })) as EventPage
    expect(inA.items.map((e) => e.eventName).sort()).toEqual(['during_a', 'during_a_too'])
    const inB = (await t.engine.call('events.list', { session: b.id })) as EventPage
    expect(inB.items.map((e) => e.eventName)).toEqual(['during_b'])

    await t.engine.call('sessions.stop', { id: b.id })
    await send([trackEvent('after')])
    expect(((await t.engine.call('sessions.get', { id: b.id })) as SessionDetail).eventCount).toBe(1)
    await expect(t.engine.call('sessions.stop', { id: b.id })).rejects.toThrow(/already stopped/)
    expect(await t.engine.call('sessions.active', {})).toBeNull()

    // Deleting a session keeps the events it recorded.
    await t.engine.call('sessions.delete', { id: a.id })
    const all = (await t.engine.call('events.list', {})) as EventPage
    expect(all.items).toHaveLength(6)
  })

  it('edits the checklist of a running session and judges it against what already arrived', async () => {
    const s = (await t.engine.call('sessions.start', { name: 'Edit me' })) as SessionDetail
    await send([trackEvent('signed_up')])
    const updated = (await t.engine.call('sessions.update', {
      id: s.id,
      expectations: [{ eventName: 'signed_up' }, { eventName: 'never' }],
    })) as SessionDetail
    expect(updated.results.map((r) => r.verdict)).toEqual(['met', 'pending'])
    await expect(t.engine.call('sessions.update', { id: 999, notes: 'x' })).rejects.toThrow(/no session 999/)
    await expect(
      t.engine.call('sessions.start', { name: 'bad', expectations: [{ callType: 'track' }] }),
    ).rejects.toThrow(/eventName/)
  })

  it('compares two sessions: events only in one, and property differences', async () => {
    const a = (await t.engine.call('sessions.start', { name: 'Yesterday' })) as SessionDetail
    await send([
      trackEvent('signed_up', { properties: { plan: 'pro', seats: 2 } }),
      trackEvent('legacy_event'),
    ])
    const b = (await t.engine.call('sessions.start', { name: 'Today' })) as SessionDetail
    await send([
      trackEvent('signed_up', { properties: { plan: 'team', coupon: 'X' } }),
      trackEvent('new_event'),
    ])
    const c = (await t.engine.call('sessions.compare', { a: a.id, b: b.id })) as SessionComparison
    expect(c.onlyInA.map((e) => e.eventName)).toEqual(['legacy_event'])
    expect(c.onlyInB.map((e) => e.eventName)).toEqual(['new_event'])
    expect(c.inBoth).toHaveLength(1)
    expect(c.inBoth[0]?.differences).toEqual([
      { path: 'properties.coupon', a: null, b: '"X"' },
      { path: 'properties.plan', a: '"pro"', b: '"team"' },
      { path: 'properties.seats', a: '2', b: null },
    ])
  })

  it('builds a checklist from the tracking plan: required properties with their type and allowed values', async () => {
    const none = (await t.engine.call('sessions.planExpectations', {})) as { available: boolean }
    expect(none.available).toBe(false)
    const saved = (await t.engine.call('plan.save', {
      source: JSON.stringify([
        { event: 'signed_up', property: 'plan', type: 'string', required: true, allowed: ['free', 'pro'] },
        { event: 'signed_up', property: 'seats', type: 'integer', required: false },
        { event: 'checkout_completed', property: null },
      ]),
    })) as { ok: boolean }
    expect(saved.ok).toBe(true)
    const planned = (await t.engine.call('sessions.planExpectations', { eventNames: ['signed_up'] })) as {
      available: boolean
      expectations: { eventName: string; conditions: unknown[] }[]
    }
    expect(planned.available).toBe(true)
    expect(planned.expectations).toHaveLength(1)
    expect(planned.expectations[0]?.conditions).toEqual([
      { path: 'properties.plan', op: 'present' },
      { path: 'properties.plan', op: 'type', value: 'string' },
      { path: 'properties.plan', op: 'matches', value: '^(?:free|pro)$' },
    ])
    const all = (await t.engine.call('sessions.planExpectations', {})) as {
      expectations: { eventName: string }[]
    }
    expect(all.expectations.map((e) => e.eventName).sort()).toEqual(['checkout_completed', 'signed_up'])
    const s = (await t.engine.call('sessions.start', {
      name: 'From plan',
      expectations: all.expectations,
    })) as SessionDetail
    await send([
      trackEvent('signed_up', { properties: { plan: 'enterprise' } }),
      trackEvent('checkout_completed'),
    ])
    const detail = (await t.engine.call('sessions.get', { id: s.id })) as SessionDetail
    const byName = Object.fromEntries(detail.results.map((r) => [r.expectation.eventName, r]))
    expect(byName['checkout_completed']?.verdict).toBe('met')
    expect(byName['signed_up']?.verdict).toBe('pending')
    expect(byName['signed_up']?.nearMisses[0]?.reasons[0]).toContain('does not match')
  })
})

describe('a stopped session is final', () => {
  const report = async (id: number, format: 'json' | 'md') => {
    const r = (await t.engine.call('sessions.report', { id, format })) as { content: string }
    return r.content
  }
  /** The report minus the moment it was generated, and the note about pruned events. */
  const jsonReport = async (id: number) => {
    const data = JSON.parse(await report(id, 'json')) as Record<string, unknown> & {
      session: Record<string, unknown>
    }
    const { generatedAt: _at, ...rest } = data
    const { prunedEvents: _pruned, ...session } = data.session
    return { ...rest, session }
  }

  it('reports exactly what it reported at stop after its events age past retention', async () => {
    const s = (await t.engine.call('sessions.start', {
      name: 'Release 4.2',
      expectations: [
        { eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }] },
        { eventName: 'checkout_completed', count: { mode: 'exactly', n: 1 } },
        { eventName: 'never_sent' },
      ],
    })) as SessionDetail
    await send([
      trackEvent('signed_up', { properties: { plan: 'free' } }),
      trackEvent('signed_up', { properties: { plan: 'pro' } }),
      trackEvent('checkout_completed'),
    ])
    const stopped = (await t.engine.call('sessions.stop', { id: s.id })) as SessionDetail
    expect(stopped.results.map((r) => r.verdict)).toEqual(['met', 'met', 'failed'])
    expect(stopped.prunedEvents).toBe(0)
    const atStop = await jsonReport(s.id)
    // Gathered by the database (counts per status and name, first event of each name), not by reading every event.
    expect(atStop).toMatchObject({
      statusCounts: { valid: 3, warnings: 0, invalid: 0, unchecked: 0 },
      eventNames: [
        { name: 'signed_up', count: 2 },
        { name: 'checkout_completed', count: 1 },
      ],
      findingCount: 0,
    })
    const compareAtStop = await t.engine.call('sessions.compare', { a: s.id, b: s.id })

    // Forty days pass: every row is older than the 30-day limit, and retention deletes them all.
    const db = t.engine.internals.db
    db.prepare('UPDATE requests SET received_at = received_at - ?').run(40 * 86_400_000)
    db.prepare('UPDATE events SET received_at = received_at - ?').run(40 * 86_400_000)
    await t.engine.call('retention.set', { maxEvents: null, maxAgeDays: 30, maxBytes: null })
    const deadline = Date.now() + 10_000
    while (((await t.engine.call('events.list', {})) as EventPage).items.length > 0) {
      if (Date.now() > deadline) throw new Error('retention did not run')
      await new Promise((r) => setTimeout(r, 20))
    }

    const after = (await t.engine.call('sessions.get', { id: s.id })) as SessionDetail
    expect({ ...after, prunedEvents: 0 }).toEqual(stopped)
    expect(after.prunedEvents).toBe(3)
    expect(after.eventCount).toBe(3)
    expect(await jsonReport(s.id)).toEqual(atStop)
    expect(await t.engine.call('sessions.compare', { a: s.id, b: s.id })).toEqual(compareAtStop)
    const md = await report(s.id, 'md')
    expect(md).toContain('**FAILED** — 2 of 3 expectations met')
    expect(md).toContain('3 of the 3 events this session recorded have since left the log')
    expect(md).toContain('"plan": "pro"') // the evidence is quoted from the session's own copy
    const list = (await t.engine.call('sessions.list', {})) as SessionSummary[]
    expect(list[0]?.met).toBe(2)
  })

  it('keeps the evidence its stop saw, though the log changes while it is read', async () => {
    const s = (await t.engine.call('sessions.start', {
      name: 'Warnings',
      expectations: [{ eventName: 'signed_up' }],
    })) as SessionDetail
    // 1,200 events with one warning each (the older "event" field): more than one page of findings.
    const legacy = () => {
      const { event_name: _name, ...rest } = trackEvent('signed_up')
      return { ...rest, event: 'signed_up' }
    }
    for (let i = 0; i < 12; i++) expect((await send(Array.from({ length: 100 }, legacy))).status).toBe(200)
    const stopped = (await t.engine.call('sessions.stop', { id: s.id })) as SessionDetail
    expect(stopped.eventCount).toBe(1_200)
    // The evidence is still being read, a page per turn; the log is cleared before the second page.
    await t.engine.call('events.clear', {})
    const data = JSON.parse(
      ((await t.engine.call('sessions.report', { id: s.id, format: 'json' })) as { content: string }).content,
    ) as { findingCount: number; findings: unknown[]; statusCounts: Record<string, number> }
    expect(data.statusCounts.warnings).toBe(1_200)
    expect(data.findingCount).toBe(1_200)
    expect(data.findings).toHaveLength(1_000) // LISTED_FINDINGS: every page was read from the log as it stood
    // And it is kept: asked again, with the log empty, it says the same.
    const again = JSON.parse(
      ((await t.engine.call('sessions.report', { id: s.id, format: 'json' })) as { content: string }).content,
    ) as typeof data
    expect(again.findings).toEqual(data.findings)
  })

  it('keeps its record when the log is cleared, when the next session stops it, and refuses edits', async () => {
    const a = (await t.engine.call('sessions.start', {
      name: 'A',
      expectations: [{ eventName: 'signed_up' }],
    })) as SessionDetail
    await send([trackEvent('signed_up')])
    // Starting B stops A: A is finalised in the same step.
    await t.engine.call('sessions.start', { name: 'B', expectations: [{ eventName: 'signed_up' }] })
    await t.engine.call('events.clear', {})
    const detail = (await t.engine.call('sessions.get', { id: a.id })) as SessionDetail
    expect(detail.results[0]?.verdict).toBe('met')
    expect(detail.passed).toBe(true)
    expect(detail.prunedEvents).toBe(1)
    await expect(
      t.engine.call('sessions.update', { id: a.id, expectations: [{ eventName: 'other' }] }),
    ).rejects.toThrow(/stopped: its record is final/)
    expect(((await t.engine.call('sessions.get', { id: a.id })) as SessionDetail).results).toEqual(
      detail.results,
    )
  })
})
