/**
 * Plan coverage on a real log (validate/plan-coverage.ts): counted window
 * by window of ids, with capture's turn between steps, and the windows that
 * cannot change any more kept between asks. Every answer must equal the
 * plain count over the whole log, after new rows, an import with old
 * timestamps, retention and a clear.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlanCoverageItem } from '../../src/shared/contract/validation'
import { PlanCoverage } from '../../src/main/engine/validate/plan-coverage'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine
beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

const PLAN = ['signed_up', 'page_visit', '$identify', 'never_sent']

async function send(names: string[]): Promise<void> {
  const res = await post(`${t.captureUrl}/track`, JSON.stringify(names.map((n) => trackEvent(n))))
  expect(res.status).toBe(200)
}

async function identify(n: number): Promise<void> {
  const calls = Array.from({ length: n }, () => ({
    user_id: 'user_1',
    traits: { email: 'ada@example.com' },
    timestamp: new Date().toISOString(),
  }))
  expect((await post(`${t.captureUrl}/identify`, JSON.stringify(calls))).status).toBe(200)
}

/** The same question asked the plain way: one count over the whole log. */
function plainCount(): PlanCoverageItem[] {
  const db = t.engine.internals.db
  return PLAN.map((event) => {
    const row = (
      event.startsWith('$')
        ? db
            .prepare(
              "SELECT count(*) AS seen, max(received_at) AS last FROM events WHERE call_type = ? AND kind = 'event'",
            )
            .get(event.slice(1))
        : db
            .prepare(
              "SELECT count(*) AS seen, max(received_at) AS last FROM events WHERE event_name = ? AND kind = 'event' AND call_type = 'track'",
            )
            .get(event)
    ) as { seen: number; last: number | null }
    return { event, seen: row.seen, lastSeenAt: row.last }
  })
}

describe('plan coverage', () => {
  it('counts window by window, keeps the finished windows, and always equals a plain count', async () => {
    let turns = 0
    const coverage = new PlanCoverage(
      t.engine.internals.db,
      async () => {
        turns++
        await new Promise((r) => setImmediate(r))
      },
      { windowIds: 7, stepMs: 0 },
    )
    await send(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'signed_up' : 'page_visit')))
    await identify(4)
    // A group call keeps its group id where a track call keeps its name: it is not a 'signed_up'.
    await post(
      `${t.captureUrl}/group`,
      JSON.stringify([{ group_id: 'signed_up', traits: {}, timestamp: new Date().toISOString() }]),
    )
    const first = await coverage.of(PLAN)
    expect(first).toEqual(plainCount())
    expect(first[0]?.seen).toBe(10)
    // 35 rows in windows of 7 ids: each entry of the plan reads several windows, a turn after each.
    expect(turns).toBeGreaterThanOrEqual(PLAN.length * 5)

    // Asked again with nothing new: only the newest, unfinished window is read again.
    turns = 0
    expect(await coverage.of(PLAN)).toEqual(first)
    expect(turns).toBeLessThanOrEqual(PLAN.length)

    // New rows, and imported ones whose time is older than the rest: counted, and "last seen" stays the newest.
    await send(['signed_up', 'signed_up', 'page_visit'])
    const old = new Date(Date.now() - 86_400_000).toISOString()
    await t.engine.call('transfer.import', {
      fileName: 'old.ndjson',
      content: JSON.stringify(trackEvent('signed_up', { timestamp: old })),
    })
    const after = await coverage.of(PLAN)
    expect(after).toEqual(plainCount())
    expect(after[0]?.seen).toBe(13)

    // Rows deleted (a clear calls forget() with nothing more): counted again from the log.
    t.engine.internals.db.prepare('DELETE FROM requests WHERE id IN (SELECT min(id) FROM requests)').run()
    coverage.forget()
    expect(await coverage.of(PLAN)).toEqual(plainCount())

    // A deletion that says which ids it removed (retention does): only the windows that held them
    // are counted again, with the newest one. 60 more ids first, so that there are windows to keep.
    for (let i = 0; i < 6; i++) await send(Array.from({ length: 10 }, () => 'page_visit'))
    expect(await coverage.of(PLAN)).toEqual(plainCount())
    const db = t.engine.internals.db
    const oldest = db.prepare('SELECT min(id) FROM requests').pluck().get() as number
    const span = db
      .prepare('SELECT min(id) AS lo, max(id) AS hi FROM events WHERE request_id = ?')
      .get(oldest) as { lo: number; hi: number }
    db.prepare('DELETE FROM requests WHERE id = ?').run(oldest)
    turns = 0
    coverage.forget({ from: span.lo, to: span.hi })
    expect(await coverage.of(PLAN)).toEqual(plainCount())
    expect(turns).toBeLessThanOrEqual(PLAN.length * 3)
    // Told nothing, it counts every window again.
    turns = 0
    coverage.forget()
    expect(await coverage.of(PLAN)).toEqual(plainCount())
    expect(turns).toBeGreaterThanOrEqual(PLAN.length * 8)
  })

  it('stays true through the engine’s own retention and clear', { timeout: 30_000 }, async () => {
    await t.engine.call('plan.save', {
      source: 'event,property,type,required,allowed values\nsigned_up,,,,\npage_visit,,,,\n',
    })
    // 5,200 events: past the engine's first window of ids, which is then kept between asks.
    for (let i = 0; i < 52; i++)
      await send(Array.from({ length: 100 }, (_, j) => (j % 4 === 0 ? 'signed_up' : 'page_visit')))
    const before = await t.engine.call('plan.coverage', {})
    expect(before.map((c) => c.seen)).toEqual([1300, 3900])

    // Retention down to 1,000 events deletes the oldest 42 requests (100 events each, 25 of them signed_up).
    t.engine.internals.retention.enforcer.enforceNow({ maxEvents: 1_000, maxAgeDays: null, maxBytes: null })
    expect((await t.engine.call('plan.coverage', {})).map((c) => c.seen)).toEqual([250, 750])

    await t.engine.call('events.clear', {})
    await send(['signed_up'])
    expect((await t.engine.call('plan.coverage', {})).map((c) => c.seen)).toEqual([1, 0])
  })
})
