/**
 * The full-text index is built just after the commit, not inside it
 * (db/search-indexer.ts). These tests hold it to what that must not cost:
 * a text query sees every committed row, rows committed just before a stop
 * are indexed at the next start, rows deleted before they were indexed
 * leave nothing behind, a cleared log starts its index over, and the
 * index's segments are merged in bounded steps, not by the batch that
 * happens to cross FTS5's threshold.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, openLogReadOnly, type Db } from '../../src/main/engine/db/database'
import { EventRepository } from '../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../src/main/engine/db/request-repository'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import { cleanup, post, startEngine, tempDir, trackEvent } from '../helpers/engine'
import { newEvent, newRequest } from '../helpers/log-rows'

let dir: string
beforeEach(() => {
  dir = tempDir()
})
afterEach(() => cleanup(dir))

/** Rows written as a commit writes them: the events, none of them in the full-text index yet. */
function commitUnindexed(db: Db, words: string[]): void {
  const requests = new RequestRepository(db)
  const events = new EventRepository(db)
  db.transaction(() => {
    for (const word of words) {
      const id = requests.insert(newRequest({ eventCount: 1 }))
      const json = JSON.stringify({ event_name: 'noted', user_id: 'u_1', properties: { word } })
      events.insert(newEvent({ eventName: 'noted', userId: 'u_1', json }), {
        id,
        receivedAt: Date.now(),
        responseStatus: 200,
        entryOrigin: 'captured',
      })
    }
  })()
}

const indexed = (db: Db): number => db.prepare('SELECT count(*) FROM events_fts').pluck().get() as number
const mark = (db: Db): number =>
  db.prepare('SELECT indexed_through FROM search_progress').pluck().get() as number

describe('the full-text index, built after the commit', () => {
  it('answers a text query with every committed row, indexing what was left first', () => {
    const db = openDatabase(join(dir, DB_FILE_NAME))
    try {
      commitUnindexed(db, ['alpha', 'bravo', 'alpha'])
      expect(indexed(db)).toBe(0)
      const events = new EventRepository(db)
      expect(events.list({ q: 'alpha' }).items).toHaveLength(2)
      expect(indexed(db)).toBe(3)
      expect(mark(db)).toBe(3)
      // A filter without text terms reads no index it lacks, and indexes nothing.
      commitUnindexed(db, ['charlie'])
      expect(events.list({ q: 'event:noted' }).items).toHaveLength(4)
      expect(indexed(db)).toBe(3)
    } finally {
      db.close()
    }
  })

  it('indexes at start what was committed before a stop, while capture already runs', async () => {
    const db = openDatabase(join(dir, DB_FILE_NAME))
    commitUnindexed(db, ['delta', 'echo'])
    db.close()
    const t = await startEngine(dir)
    try {
      const db2 = t.engine.internals.db
      await expect.poll(() => indexed(db2)).toBe(2)
      // Live captures are indexed just after their commit, without a text query asking.
      await post(
        `${t.captureUrl}/track`,
        JSON.stringify([trackEvent('after_start', { properties: { word: 'foxtrot' } })]),
      )
      await expect.poll(() => indexed(db2)).toBe(3)
      const found = await t.engine.call('events.list', { q: 'foxtrot' })
      expect(found.items.map((e) => e.eventName)).toEqual(['after_start'])
    } finally {
      await t.stop()
    }
  })

  it('leaves nothing behind for rows deleted before they were indexed, and starts over after a clear', () => {
    const db = openDatabase(join(dir, DB_FILE_NAME))
    try {
      const events = new EventRepository(db)
      commitUnindexed(db, ['golf', 'hotel'])
      db.prepare('DELETE FROM requests WHERE id = 1').run() // its event goes by cascade, unindexed
      expect(events.list({ q: 'golf' }).items).toEqual([])
      expect(events.list({ q: 'hotel' }).items).toHaveLength(1)
      expect(indexed(db)).toBe(1)

      events.clear()
      expect(mark(db)).toBe(0)
      commitUnindexed(db, ['india']) // ids start over at 1 in the empty table
      expect(events.list({ q: 'india' }).items).toHaveLength(1)
      expect(events.list({ q: 'hotel' }).items).toEqual([])
    } finally {
      db.close()
    }
  })

  it('merges the segments its batches leave, and the entries of deleted rows, in steps, until none is worth merging', () => {
    const db = openDatabase(join(dir, DB_FILE_NAME))
    try {
      const events = new EventRepository(db)
      const segments = (): number =>
        db.prepare('SELECT count(DISTINCT segid) FROM events_fts_idx').pluck().get() as number
      const mergeAll = (): number => {
        let steps = 0
        while (events.mergeSearch()) expect(++steps).toBeLessThan(500)
        return steps
      }
      // Twelve batches: twelve segments, none merged while it was written.
      for (let batch = 0; batch < 12; batch++) {
        commitUnindexed(
          db,
          Array.from({ length: 40 }, (_, i) => `w${batch}x${i}z common`),
        )
        events.indexSearch(1_000)
      }
      expect(segments()).toBe(12)
      expect(mergeAll()).toBeGreaterThan(0)
      expect(segments()).toBeLessThan(4)
      expect(events.mergeSearch()).toBe(false)
      expect(events.list({ q: 'w7x3z' }).items).toHaveLength(1)

      // Most rows go (as retention removes them): their entries leave the index in further steps.
      const before = db.prepare('SELECT sum(length(block)) FROM events_fts_data').pluck().get() as number
      db.prepare('DELETE FROM requests WHERE id <= 400').run()
      expect(mergeAll()).toBeGreaterThan(0)
      const after = db.prepare('SELECT sum(length(block)) FROM events_fts_data').pluck().get() as number
      expect(after).toBeLessThan(before / 2)
      expect(events.list({ q: 'common', limit: 1000 }).items).toHaveLength(80)
      expect(events.list({ q: 'w2x3z' }).items).toEqual([])
    } finally {
      db.close()
    }
  })

  it('a read-only log searches what the engine indexed, and writes nothing', () => {
    const path = join(dir, DB_FILE_NAME)
    const db = openDatabase(path)
    commitUnindexed(db, ['juliet'])
    const reader = openLogReadOnly(path)
    try {
      expect(new EventRepository(reader).list({ q: 'juliet' }).items).toEqual([])
      new EventRepository(db).indexSearchFully()
      expect(new EventRepository(reader).list({ q: 'juliet' }).items).toHaveLength(1)
    } finally {
      reader.close()
      db.close()
    }
  })
})
