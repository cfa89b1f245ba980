/**
 * Cold events' JSON is packed (db/event-packer.ts) and read back through
 * eventJsonSql() (db/event-packs.ts). A packed log must answer exactly as
 * it did before: the same details, bodies, filters, searches, exports,
 * suggestions and session evidence. These tests capture real calls through
 * the capture port, take every answer, pack, and ask again.
 */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventPacker, HOT_MS, PackScheduler } from '../../src/main/engine/db/event-packer'
import { encodePack, OpenPack } from '../../src/main/engine/db/event-packs'
import type { SessionDetail } from '../../src/shared/contract/sessions'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

const later = (): number => Date.now() + 2 * HOT_MS

describe('a pack’s bytes', () => {
  it('give back each event’s JSON by its id, whatever the text', () => {
    const texts = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 40 }), fc.string({ unit: 'binary', maxLength: 60 })),
      {
        minLength: 1,
        maxLength: 40,
      },
    )
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), texts, (first, gaps) => {
        let id = first
        const events = gaps.map(([gap, json], i) => ({ id: i === 0 ? id : (id += gap), json }))
        const opened = new OpenPack(encodePack(events))
        for (const e of events) expect(opened.json(e.id)).toBe(e.json)
        expect(opened.events).toEqual(events)
        expect(opened.json(first - 1)).toBeUndefined()
        expect(opened.json(id + 1)).toBeUndefined()
      }),
      { numRuns: 200 },
    )
  })

  it('refuse to open when damaged', () => {
    const bytes = encodePack([{ id: 1, json: '{"a":1}' }])
    expect(() => new OpenPack(bytes.subarray(0, bytes.length - 2))).toThrow()
  })
})

describe('a packed log', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startEngine()
  })
  afterEach(async () => {
    await t.stop()
    cleanup(t.dataDir)
  })

  const send = async (path: string, body: string): Promise<void> => {
    expect((await post(`${t.captureUrl}/${path}`, body)).status).toBe(200)
  }
  const db = () => t.engine.internals.db
  const packedRows = (): number =>
    db().prepare('SELECT count(*) FROM events WHERE pack IS NOT NULL').pluck().get() as number
  const packs = () =>
    db()
      .prepare(
        `SELECT p.id, (SELECT l.rows FROM event_pack_live l WHERE l.pack = p.id) AS live,
           (SELECT count(*) FROM events e WHERE e.pack = p.id) AS rows FROM event_packs p`,
      )
      .all() as { id: number; live: number; rows: number }[]
  const liveRows = (): number => db().prepare('SELECT count(*) FROM event_pack_live').pluck().get() as number

  /** Every answer that reads events' JSON, as the app's windows and automation see them. */
  async function everything(sessions: { a: number; b: number }) {
    const list = await t.engine.call('events.list', { limit: 500 })
    const details = []
    for (const e of list.items) details.push(await t.engine.call('events.get', { id: e.id }))
    const ids = async (q: string) =>
      (await t.engine.call('events.list', { q, limit: 500 })).items.map((e) => e.id)
    const exported: Record<string, string> = {}
    for (const format of ['ndjson', 'json', 'csv', 'har'] as const) {
      const made = await t.engine.call('transfer.export', { scope: { kind: 'filter', query: {} }, format })
      exported[format] = readFileSync(made.path, 'utf8').replace(
        /"(?:startedDateTime|exportedAt)":"[^"]*"/g,
        '',
      )
    }
    return {
      details,
      filters: {
        plan: await ids('prop.plan:pro'),
        seats: await ids('prop.seats:3'),
        nested: await ids('prop.cart.total:12.5'),
        traits: await ids('prop.email:ana@example.com'),
        text: await ids('pricing'),
        phrase: await ids('"señor café"'),
      },
      exported,
      vocabulary: await t.engine.call('send.vocabulary', {}),
      keys: await t.engine.call('events.suggest', { field: 'prop-key', prefix: '' }),
      values: await t.engine.call('events.suggest', { field: 'prop-value', key: 'plan', prefix: '' }),
      compared: await t.engine.call('sessions.compare', sessions),
    }
  }

  it('answers every reader exactly as before it was packed, and frees the space its JSON took', async () => {
    const a = (await t.engine.call('sessions.start', { name: 'A' })) as SessionDetail
    // Batches with whitespace, escapes and non-ASCII text, so the stored bodies have their events cut out.
    await send(
      'track',
      `[ ${JSON.stringify(trackEvent('signed_up', { properties: { plan: 'pro', seats: 3, note: 'señor café' } }))} ,\n` +
        `  ${JSON.stringify(trackEvent('page_visit', { properties: { page: '/pricing', quote: 'a "b" \\ c' } }))} ]`,
    )
    await t.engine.call('sessions.stop', { id: a.id })
    const b = (await t.engine.call('sessions.start', { name: 'B' })) as SessionDetail
    for (let i = 0; i < 6; i++)
      await send(
        'track',
        JSON.stringify([
          trackEvent('signed_up', { properties: { plan: i % 2 ? 'pro' : 'free', seats: i } }),
          trackEvent('checkout', { properties: { cart: { total: 12.5, items: [i, 'x'] } } }),
        ]),
      )
    await send(
      'identify',
      JSON.stringify({ user_id: 'u_9', traits: { email: 'ana@example.com', plan: 'pro' } }),
    )
    await send('track', JSON.stringify(trackEvent('legacy_single', { properties: { emoji: '🎉' } })))
    await send('track', JSON.stringify(trackEvent('last_one')))
    await t.engine.call('sessions.stop', { id: b.id })
    t.engine.internals.events.indexSearchFully()

    const before = await everything({ a: a.id, b: b.id })
    expect(before.filters.plan.length).toBeGreaterThan(2)
    expect(before.filters.nested.length).toBe(6)
    const pagesBefore = db().pragma('freelist_count', { simple: true }) as number

    const packer = new EventPacker(db(), { clock: later, packEvents: 4 })
    const packed = packer.packFully()
    expect(packed).toBe(16) // 17 events: the last one waits for a full pack
    expect(packedRows()).toBe(16)
    expect(
      db().prepare('SELECT count(*) FROM events WHERE pack IS NOT NULL AND json IS NOT NULL').pluck().get(),
    ).toBe(0)
    expect(packs().map((p) => [p.live, p.rows])).toEqual([
      [4, 4],
      [4, 4],
      [4, 4],
      [4, 4],
    ])
    expect(db().pragma('freelist_count', { simple: true }) as number).toBeGreaterThanOrEqual(pagesBefore)

    // A connection with nothing open yet reads them too (its first read opens each pack).
    const after = await everything({ a: a.id, b: b.id })
    expect(after).toEqual(before)
  })

  it('quotes packed events in a session’s report, read on the stop’s own snapshot', async () => {
    const s = (await t.engine.call('sessions.start', {
      name: 'Checkout',
      expectations: [{ eventName: 'signed_up' }],
    })) as SessionDetail
    for (let i = 0; i < 4; i++)
      await send(
        'track',
        JSON.stringify([trackEvent('signed_up', { properties: { plan: 'team', marker: `m${i}` } })]),
      )
    t.engine.internals.events.indexSearchFully()
    expect(new EventPacker(db(), { clock: later, packEvents: 4 }).packFully()).toBe(4)
    await t.engine.call('sessions.stop', { id: s.id })
    const report = await t.engine.call('sessions.report', { id: s.id, format: 'md' })
    expect(report.content).toMatch(/"marker": ?"m0"/)
  })

  it('packs only events older than the hot window, already in the search index, a full pack at a time', async () => {
    for (let i = 0; i < 3; i++)
      await send('track', JSON.stringify([trackEvent(`e${i}`), trackEvent(`f${i}`)]))
    // The indexer runs a moment after each commit: until it has, nothing is packed.
    const unindexed = db().prepare('SELECT indexed_through FROM search_progress').pluck().get() as number
    const packer = (clock: () => number) => new EventPacker(db(), { clock, packEvents: 4 })
    if (unindexed < 6) expect(packer(later).step()).toBe(0)
    t.engine.internals.events.indexSearchFully()
    expect(packer(Date.now).step()).toBe(0) // all of them younger than an hour
    expect(packer(later).step()).toBe(4)
    expect(packer(later).step()).toBe(0) // two left: fewer than a pack
    await send('track', JSON.stringify([trackEvent('g'), trackEvent('h')]))
    t.engine.internals.events.indexSearchFully()
    expect(packer(later).step()).toBe(4)
    expect(packedRows()).toBe(8)
  })

  it('fills a pack of large events by its text, not its count', async () => {
    const big = (name: string, size: number) =>
      JSON.stringify([trackEvent(name, { properties: { blob: 'x'.repeat(size) } })])
    // About 500, 500, 500, then 2,500 and 500 characters each.
    for (const [i, size] of [300, 300, 300, 2_300, 300].entries()) await send('track', big(`e${i}`, size))
    t.engine.internals.events.indexSearchFully()
    const packer = new EventPacker(db(), { clock: later, packEvents: 4, packText: 1_200 })
    expect(packer.step()).toBe(2) // the third would take it past 1,200
    expect(packer.step()).toBe(1) // the third: the fourth would take it past
    expect(packer.step()).toBe(1) // the fourth, past 1,200 on its own
    expect(packer.step()).toBe(0) // the last one waits for company
    expect(packs().map((p) => p.rows)).toEqual([2, 1, 1])
    const detail = await t.engine.call('events.get', { id: 4 })
    expect(JSON.parse(detail?.json ?? 'null')).toMatchObject({ event_name: 'e3' })
  })

  it('drops a pack with its last event, whatever deletes them, and packs the ids a clear lets be reused', async () => {
    for (let i = 0; i < 6; i++)
      await send('track', JSON.stringify([trackEvent(`e${i}`), trackEvent(`f${i}`)]))
    t.engine.internals.events.indexSearchFully()
    new EventPacker(db(), { clock: later, packEvents: 4 }).packFully()
    expect(packs().length).toBe(3)
    // Retention deletes whole requests, oldest first; their events go with them.
    db().prepare('DELETE FROM requests WHERE id <= 3').run()
    expect(packs().map((p) => [p.live, p.rows])).toEqual([
      [2, 2],
      [4, 4],
    ])
    expect(liveRows()).toBe(2)
    expect((await t.engine.call('events.list', {})).items.map((e) => e.eventName)).toEqual([
      'f5',
      'e5',
      'f4',
      'e4',
      'f3',
      'e3',
    ])
    await t.engine.call('events.clear', {})
    expect(packs()).toEqual([])
    expect(liveRows()).toBe(0)
    // The ids start again from 1: the packer's mark follows them down.
    for (let i = 0; i < 2; i++)
      await send('track', JSON.stringify([trackEvent(`n${i}`), trackEvent(`m${i}`)]))
    t.engine.internals.events.indexSearchFully()
    expect(new EventPacker(db(), { clock: later, packEvents: 4 }).packFully()).toBe(4)
    const detail = await t.engine.call('events.get', { id: 1 })
    expect(JSON.parse(detail?.json ?? 'null')).toMatchObject({ event_name: 'n0' })
  })

  it('searches and packs the ids that come again after a deletion took the newest rows', async () => {
    for (let i = 0; i < 4; i++) await send('track', JSON.stringify([trackEvent(`old${i}`)]))
    t.engine.internals.events.indexSearchFully()
    // What a retention step does when every request is older than the limit, then tells the engine.
    db().prepare('DELETE FROM requests').run()
    t.engine.internals.eventsDeleted()
    for (let i = 0; i < 4; i++) await send('track', JSON.stringify([trackEvent(`again${i}`)]))
    expect((await t.engine.call('events.list', { q: 'again2' })).items.map((e) => e.eventName)).toEqual([
      'again2',
    ])
    expect(new EventPacker(db(), { clock: later, packEvents: 4 }).packFully()).toBe(4)
  })

  it('runs in the background, a pack at a time, until only the hot window is left', async () => {
    for (let i = 0; i < 5; i++)
      await send('track', JSON.stringify([trackEvent(`e${i}`), trackEvent(`f${i}`)]))
    t.engine.internals.events.indexSearchFully()
    let steps = 0
    const packer = new EventPacker(db(), { clock: later, packEvents: 2 })
    const scheduler = new PackScheduler(
      { step: () => (steps++, packer.step()) },
      { intervalMs: 60_000, captureBusy: () => false },
    )
    scheduler.start(0)
    await expect.poll(packedRows).toBe(10)
    await expect.poll(() => steps).toBe(6) // five packs, then one look that found nothing
    await new Promise((r) => setTimeout(r, 100))
    expect(steps).toBe(6) // and none until the next look, a minute later
    scheduler.stop()
  })

  it('packs one at a time, far apart, while capture is busy', async () => {
    for (let i = 0; i < 3; i++)
      await send('track', JSON.stringify([trackEvent(`e${i}`), trackEvent(`f${i}`)]))
    t.engine.internals.events.indexSearchFully()
    const scheduler = new PackScheduler(new EventPacker(db(), { clock: later, packEvents: 2 }), {
      captureBusy: () => true,
      stepPauseMs: 60_000,
    })
    scheduler.start(0)
    await expect.poll(packedRows).toBe(2)
    await new Promise((r) => setTimeout(r, 150))
    expect(packedRows()).toBe(2)
    scheduler.stop()
  })
})
