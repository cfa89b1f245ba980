import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Entry } from '../../../src/main/engine/entry'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { LogCounts } from '../../../src/main/engine/db/log-counts'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import { CaptureRows } from '../../../src/main/engine/writer/capture-rows'
import { newEvent, newRequest } from '../../helpers/log-rows'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function openLog(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'td-counts-'))
  dirs.push(dir)
  const db = openDatabase(join(dir, 'log.db'))
  dbs.push(db)
  return db
}

/** A call carrying `events` events; none makes a request-only row, which is not an event. */
function call(events: number): Entry {
  const jsons = Array.from({ length: events }, (_, idx) => `{"event_name":"e${idx}"}`)
  return {
    request: newRequest({ body: Buffer.from(`[${jsons.join(',')}]`), eventCount: events }),
    events: jsons.map((json, idx) => newEvent({ idx, eventName: `e${idx}`, json })),
  }
}

/** A small deterministic generator (mulberry32), so a failing sequence can be run again. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('LogCounts', () => {
  function setup() {
    const db = openLog()
    const requests = new RequestRepository(db)
    const events = new EventRepository(db)
    const counts = new LogCounts(db, { requests, events })
    const lastId = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck()
    const truth = () => ({ requests: requests.count(), events: events.count(), lastEventId: lastId.get() })
    /** The two counts alone, for expectations written out by hand. */
    const tally = () => {
      const { requests, events } = counts.get()
      return { requests, events }
    }
    return { db, rows: new CaptureRows(db), events, counts, truth, tally }
  }

  it('adds what was committed since the last answer, request-only rows left out of the events', () => {
    const { rows, counts, truth, tally } = setup()
    expect(tally()).toEqual({ requests: 0, events: 0 })
    rows.write([call(1), call(0), call(3)])
    expect(tally()).toEqual({ requests: 3, events: 4 })
    rows.write([call(0)])
    expect(tally()).toEqual({ requests: 4, events: 4 })
    rows.write([call(2)])
    expect(counts.get()).toEqual(truth())
    expect(tally()).toEqual({ requests: 5, events: 6 })
  })

  it('counts afresh after a deletion it is told of, a clear (ids start over) included', () => {
    const { db, rows, events, counts, truth, tally } = setup()
    rows.write([call(2), call(1), call(0), call(1)])
    expect(tally()).toEqual({ requests: 4, events: 4 })
    db.prepare('DELETE FROM requests WHERE id <= 2').run()
    counts.forget()
    expect(tally()).toEqual({ requests: 2, events: 1 })
    events.clear()
    counts.forget()
    expect(tally()).toEqual({ requests: 0, events: 0 })
    // New rows reuse the ids the cleared ones had; the counts were taken afresh, so they show.
    rows.write([call(1)])
    expect(tally()).toEqual({ requests: 1, events: 1 })
    expect(counts.get()).toEqual(truth())
  })

  it('matches a full count at every step of random writes, deletions and clears', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { db, rows, events, counts, truth } = setup()
      const next = random(seed)
      for (let step = 0; step < 60; step++) {
        const roll = next()
        if (roll < 0.6) {
          rows.write(Array.from({ length: 1 + Math.floor(next() * 5) }, () => call(Math.floor(next() * 4))))
        } else if (roll < 0.75) {
          // Retention's shape: the oldest requests go, their events with them.
          const cut = db
            .prepare('SELECT id FROM requests ORDER BY id LIMIT 1 OFFSET ?')
            .pluck()
            .get(Math.floor(next() * 4))
          if (cut !== undefined) db.prepare('DELETE FROM requests WHERE id <= ?').run(cut)
          counts.forget()
        } else if (roll < 0.8) {
          events.clear()
          counts.forget()
        }
        if (next() < 0.7) expect(counts.get(), `seed ${seed}, step ${step}`).toEqual(truth())
      }
      expect(counts.get(), `seed ${seed}`).toEqual(truth())
    }
  })
})
