import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { EventPacker } from '../../../src/main/engine/db/event-packer'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import { SettingsRepository } from '../../../src/main/engine/db/settings-repository'
import { RetentionEnforcer } from '../../../src/main/engine/retention/retention-enforcer'
import { RETENTION_KEY, RetentionSettings } from '../../../src/main/engine/retention/retention-settings'
import { DEFAULT_RETENTION, type RetentionLimits } from '../../../src/shared/contract/retention'
import { cleanup, tempDir } from '../../helpers/engine'
import { newEvent, newRequest } from '../../helpers/log-rows'

const DAY = 86_400_000
const NO_LIMITS: RetentionLimits = { maxEvents: null, maxAgeDays: null, maxBytes: null }

let dir: string
let path: string
let db: Db
let requests: RequestRepository
let events: EventRepository
let settings: RetentionSettings
let now: number

/** One request carrying `perRequest` events with a padded property, received at `at`. */
function addRequest(at: number, perRequest = 3, pad = 50): void {
  const values = Array.from({ length: perRequest }, (_, i) => ({
    event_name: `e${i}`,
    user_id: 'u_1',
    properties: { note: 'x'.repeat(pad), word: `w${at}` },
  }))
  const body = Buffer.from(JSON.stringify(values))
  const requestId = requests.insert(
    newRequest({
      receivedAt: at,
      body,
      eventCount: perRequest,
    }),
  )
  values.forEach((v, idx) =>
    events.insert(
      newEvent({
        idx,
        eventName: v.event_name,
        userId: v.user_id,
        json: JSON.stringify(v),
      }),
      { id: requestId, receivedAt: at, responseStatus: 200, entryOrigin: 'captured' },
    ),
  )
}

function seed(count: number, perRequest = 3, pad = 50, start = now - 10 * DAY, step = 60_000): void {
  db.transaction(() => {
    for (let i = 0; i < count; i++) addRequest(start + i * step, perRequest, pad)
  })()
  // As the engine's indexer does just after a commit.
  events.indexSearchFully()
}

const enforcer = (): RetentionEnforcer => new RetentionEnforcer(db, settings, path, { clock: () => now })
const ftsRows = (): number =>
  db.prepare("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'note'").pluck().get() as number

beforeEach(() => {
  dir = tempDir()
  path = join(dir, 'log.db')
  db = openDatabase(path)
  requests = new RequestRepository(db)
  events = new EventRepository(db)
  settings = new RetentionSettings(new SettingsRepository(db))
  now = Date.UTC(2025, 8, 22, 12)
})

afterEach(() => {
  db.close()
  cleanup(dir)
})

describe('retention', () => {
  it('has sane defaults and persists limits, ignoring a broken stored value', () => {
    expect(settings.get()).toEqual(DEFAULT_RETENTION)
    settings.set({ maxEvents: 5_000, maxAgeDays: 7, maxBytes: null })
    expect(new RetentionSettings(new SettingsRepository(db)).get()).toEqual({
      maxEvents: 5_000,
      maxAgeDays: 7,
      maxBytes: null,
    })
    db.prepare('UPDATE settings SET value = ? WHERE key = ?').run('{"maxEvents":"lots"}', RETENTION_KEY)
    expect(settings.get()).toEqual(DEFAULT_RETENTION)
    expect(() => settings.set({ maxEvents: 5, maxAgeDays: null, maxBytes: null })).toThrow()
  })

  it('keeps the newest events under the count limit, oldest requests first, index included', () => {
    seed(400) // 1,200 events
    const run = enforcer().enforceNow({ ...NO_LIMITS, maxEvents: 500 })
    // Requests go whole: the batch of three that straddles the limit stays, so 501 rows, never fewer than 500.
    expect(events.count()).toBe(501)
    expect(run.reasons).toEqual(['events'])
    expect(run.deletedEvents).toBe(1_200 - events.count())
    // What is left is the newest.
    const oldest = db.prepare('SELECT min(received_at) FROM requests').pluck().get() as number
    expect(oldest).toBe(now - 10 * DAY + (400 - events.count() / 3) * 60_000)
    expect(ftsRows()).toBe(events.count())
  })

  it('gives the full-text index its space back as it deletes, and it finds exactly the rows left', () => {
    seed(3_000) // 9,000 events
    const ftsBytes = () =>
      db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'events_fts%'").pluck().get() as number
    const before = ftsBytes()
    // Tombstones are merged away once they are half a segment (migration 12), not left for ever,
    // by the search indexer's merge steps, which each deletion step asks for (migration 14).
    expect(db.prepare("SELECT v FROM events_fts_config WHERE k = 'deletemerge'").pluck().get()).toBe(50)
    let asked = 0
    const e = new RetentionEnforcer(db, settings, path, { clock: () => now, afterDelete: () => asked++ })
    e.enforceNow({ ...NO_LIMITS, maxEvents: 900 })
    expect(events.count()).toBe(900)
    expect(ftsRows()).toBe(900)
    expect(asked).toBeGreaterThan(0)
    let steps = 0
    while (events.mergeSearch()) expect(++steps).toBeLessThan(1_000)
    expect(ftsBytes()).toBeLessThan(before * 0.4)
  })

  it('tells after each step the span of the row ids it deleted, which holds every deleted row', () => {
    seed(400) // 1,200 events
    const ids = () => db.prepare('SELECT id FROM events ORDER BY id').pluck().all() as number[]
    const before = ids()
    const spans: { from: number; to: number }[] = []
    const e = new RetentionEnforcer(db, settings, path, {
      clock: () => now,
      afterDelete: (deleted) => {
        expect(deleted).toBeDefined()
        if (deleted) spans.push(deleted)
      },
    })
    e.enforceNow({ ...NO_LIMITS, maxEvents: 500 })
    const left = new Set(ids())
    const gone = before.filter((id) => !left.has(id))
    expect(gone.length).toBeGreaterThan(600)
    expect(spans.length).toBeGreaterThan(0)
    const inSome = (id: number) => spans.some((s) => s.from <= id && id <= s.to)
    // Every deleted row lies in a span; the oldest go first, so no row left does.
    expect(gone.filter((id) => !inSome(id))).toEqual([])
    expect([...left].filter(inSome)).toEqual([])
  })

  it('keeps exactly the setting when ids have gaps (rows aged out or deleted in the middle)', () => {
    seed(400, 1) // 400 single-event requests: ids 1..400
    // Imported calls keep their own old received_at, so an age limit can take rows from the middle of the id range.
    db.prepare('DELETE FROM requests WHERE id BETWEEN 301 AND 350').run()
    expect(events.count()).toBe(350)
    enforcer().enforceNow({ ...NO_LIMITS, maxEvents: 200 })
    expect(events.count()).toBe(200)
    const newest = db.prepare('SELECT max(id) FROM events').pluck().get() as number
    expect(newest).toBe(400)
  })

  it('deletes by age', () => {
    seed(100, 1, 10, now - 3 * DAY, DAY / 50) // two days' worth, starting three days ago
    const run = enforcer().enforceNow({ ...NO_LIMITS, maxAgeDays: 2 })
    const oldest = db.prepare('SELECT min(received_at) FROM requests').pluck().get() as number
    expect(oldest).toBeGreaterThanOrEqual(now - 2 * DAY)
    expect(run.deletedRequests).toBe(50)
    expect(events.count()).toBe(50)
    expect(ftsRows()).toBe(50)
  })

  it('deletes old rows that came in last (an import) by age, whatever order their times are in', () => {
    seed(300, 1, 10, now - DAY, 60_000) // young calls, ids 1..300
    // An import of old calls, newest ids, each older than the one before it.
    seed(40, 2, 10, now - 10 * DAY, -3_600_000)
    const spans: { from: number; to: number }[] = []
    const e = new RetentionEnforcer(db, settings, path, {
      clock: () => now,
      afterDelete: (deleted) => deleted && spans.push(deleted),
    })
    // One step takes them all (a step takes up to 100 requests).
    expect(e.step({ ...NO_LIMITS, maxAgeDays: 7 })).toMatchObject({
      deletedRequests: 40,
      deletedEvents: 80,
      reason: 'age',
      more: false,
    })
    expect(requests.count()).toBe(300)
    expect(db.prepare('SELECT min(received_at) FROM requests').pluck().get()).toBeGreaterThanOrEqual(
      now - DAY,
    )
    // The span holds the imported rows and none of the young ones.
    expect(spans).toEqual([{ from: 301, to: 380, counted: { requests: 40, events: 80, lastRequestId: 340 } }])
  })

  it('deletes the oldest until the rows fit the size limit, and gives space back', () => {
    seed(3_000, 3, 400)
    const e = new RetentionEnforcer(db, settings, path, { clock: () => now, freeSlackBytes: 0 })
    const before = e.usedBytes()
    const limit = Math.floor(before / 2)
    e.enforceNow({ ...NO_LIMITS, maxBytes: limit })
    expect(e.usedBytes()).toBeLessThanOrEqual(limit)
    expect(events.count()).toBeGreaterThan(3_000) // roughly half of 9,000 is left
    expect(events.count()).toBeLessThan(6_000)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const pages = db.pragma('page_count', { simple: true }) as number
    const pageSize = db.pragma('page_size', { simple: true }) as number
    // Incremental vacuum returned free pages beyond the reuse slack.
    expect(pages * pageSize).toBeLessThan(before)
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2)
  })

  it('does nothing inside the limits', () => {
    seed(50)
    const run = enforcer().enforceNow(DEFAULT_RETENTION)
    expect(run.deletedRequests).toBe(0)
    expect(events.count()).toBe(150)
  })

  it('works in small steps in the background and reports the run', async () => {
    seed(1_000)
    settings.set({ ...NO_LIMITS, maxEvents: 1_500 })
    const e = new RetentionEnforcer(db, settings, path, { clock: () => now, stepPauseMs: 1, stepBudgetMs: 1 })
    const first = e.step()
    expect(first.deletedRequests).toBeGreaterThan(0)
    expect(first.deletedRequests).toBeLessThan(500) // a step is a chunk, not the whole job
    expect(first.more).toBe(true)
    e.start()
    e.kick()
    const deadline = Date.now() + 5_000
    while (e.lastRun === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    e.stop()
    expect(events.count()).toBeLessThanOrEqual(1_500)
    expect(e.lastRun?.reasons).toEqual(['events'])
    expect(e.enforcing).toBe(false)
  })

  it("after a big run, hands the freed pages back at the steps' pace, not one step per check", async () => {
    seed(3_000, 3, 400)
    settings.set({ ...NO_LIMITS, maxEvents: 1_500 })
    const freePages = (): number => db.pragma('freelist_count', { simple: true }) as number
    // Steps as large as they come (one step deletes most of the log), checks an hour apart.
    const e = new RetentionEnforcer(db, settings, path, {
      clock: () => now,
      intervalMs: 3_600_000,
      stepPauseMs: 1,
      stepBudgetMs: 10_000,
      freeSlackBytes: 0,
      captureBusy: () => false,
    })
    e.start()
    e.kick()
    const deadline = Date.now() + 5_000
    while ((e.lastRun === null || freePages() > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10))
    e.stop()
    expect(e.lastRun?.reasons).toEqual(['events'])
    expect(events.count()).toBeLessThanOrEqual(1_500)
    // Far more than one step's worth was freed, and all of it went back before the next check.
    expect(e.lastRun?.deletedEvents).toBeGreaterThan(7_000)
    expect(freePages()).toBe(0)
  })

  it('hands back the pages packing old events freed, without waiting for the next check', async () => {
    seed(1_000, 3, 400)
    const freePages = (): number => db.pragma('freelist_count', { simple: true }) as number
    const e = new RetentionEnforcer(db, settings, path, {
      clock: () => now,
      intervalMs: 3_600_000,
      stepPauseMs: 1,
      freeSlackBytes: 0,
      captureBusy: () => false,
    })
    e.start()
    expect(new EventPacker(db, { clock: () => now }).packFully()).toBeGreaterThan(2_900)
    const freed = freePages()
    expect(freed).toBeGreaterThan(300)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const fileBefore = statSync(path).size
    e.pagesFreed()
    await expect.poll(freePages, { timeout: 5_000 }).toBe(0)
    e.stop()
    db.pragma('wal_checkpoint(TRUNCATE)')
    expect(statSync(path).size).toBeLessThanOrEqual(
      fileBefore - freed * (db.pragma('page_size', { simple: true }) as number),
    )
    expect(e.lastRun).toBeNull() // nothing was deleted
  })

  it('pauses between steps only while capture has calls in flight', async () => {
    seed(1_000)
    settings.set({ ...NO_LIMITS, maxEvents: 1_500 })
    let busy = true
    // A pause no test would wait for: while capture is busy the run cannot finish within the wait below.
    const e = new RetentionEnforcer(db, settings, path, {
      clock: () => now,
      stepPauseMs: 60_000,
      stepBudgetMs: 1,
      captureBusy: () => busy,
    })
    e.start()
    e.kick()
    const waitForRun = async (ms: number): Promise<void> => {
      const deadline = Date.now() + ms
      while (e.lastRun === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    }
    await waitForRun(300)
    expect(e.lastRun).toBeNull()
    expect(e.enforcing).toBe(true)
    // Capture goes idle: the steps follow one another, and the run ends.
    busy = false
    e.kick()
    await waitForRun(5_000)
    e.stop()
    expect(e.lastRun?.reasons).toEqual(['events'])
    expect(events.count()).toBeLessThanOrEqual(1_500)
  })
})
