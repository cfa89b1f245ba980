import fc from 'fast-check'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Entry } from '../../../src/main/engine/entry'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { LogCounts } from '../../../src/main/engine/db/log-counts'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import { SettingsRepository } from '../../../src/main/engine/db/settings-repository'
import { RetentionEnforcer } from '../../../src/main/engine/retention/retention-enforcer'
import { RetentionSettings } from '../../../src/main/engine/retention/retention-settings'
import { CaptureRows } from '../../../src/main/engine/writer/capture-rows'
import { newEvent, newRequest } from '../../helpers/log-rows'
import { cleanup, tempDir } from '../../helpers/temp-dir'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const d of dirs.splice(0)) cleanup(d)
})

function openLog(): { db: Db; path: string } {
  const dir = tempDir('td-counts-')
  dirs.push(dir)
  const path = join(dir, 'log.db')
  const db = openDatabase(path)
  dbs.push(db)
  return { db, path }
}

/** A call carrying `events` events; none makes a request-only row, which is not an event. */
function call(events: number): Entry {
  const jsons = Array.from({ length: events }, (_, idx) => `{"event_name":"e${idx}"}`)
  return {
    request: newRequest({ body: Buffer.from(`[${jsons.join(',')}]`), eventCount: events }),
    events: jsons.map((json, idx) => newEvent({ idx, eventName: `e${idx}`, json })),
  }
}

describe('LogCounts', () => {
  function setup() {
    const { db, path } = openLog()
    const requests = new RequestRepository(db)
    const events = new EventRepository(db)
    const counts = new LogCounts(db, { requests, events })
    // Retention as the engine wires it: each step tells the counts what it deleted.
    const retention = new RetentionEnforcer(db, new RetentionSettings(new SettingsRepository(db)), path, {
      afterDelete: (deleted) => counts.forget(deleted),
    })
    const keepEvents = (maxEvents: number) =>
      retention.enforceNow({ maxEvents, maxAgeDays: null, maxBytes: null })
    const lastId = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck()
    const truth = () => ({ requests: requests.count(), events: events.count(), lastEventId: lastId.get() })
    /** The two counts alone, for expectations written out by hand. */
    const tally = () => {
      const { requests, events } = counts.get()
      return { requests, events }
    }
    return { db, rows: new CaptureRows(db), events, counts, truth, tally, keepEvents }
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

  it('subtracts what a retention step counted, without counting the log again', () => {
    const { db, rows, tally, truth, keepEvents } = setup()
    // Requests 1–5: 2 events, a request-only row, 3, 1 and 2 events.
    rows.write([call(2), call(0), call(3), call(1), call(2)])
    expect(tally()).toEqual({ requests: 5, events: 8 })
    // A deletion the counts are not told of: a count afresh would see it, a subtraction does not.
    db.prepare('DELETE FROM requests WHERE id = 5').run()
    // Seven stream rows are left; keeping five deletes request 1 (two events) and nothing else.
    const run = keepEvents(5)
    expect(run).toMatchObject({ deletedRequests: 1, deletedEvents: 2 })
    expect(tally()).toEqual({ requests: 4, events: 6 })
    expect(truth()).toMatchObject({ requests: 3, events: 4 })
  })

  it('counts afresh after a deletion that reached rows it had not counted yet', () => {
    const { rows, counts, truth, keepEvents } = setup()
    rows.write([call(2), call(1)])
    counts.get()
    rows.write([call(3), call(2)])
    // Everything but the last call goes, the rows written since the last answer among them.
    keepEvents(2)
    expect(counts.get()).toEqual(truth())
  })

  it('counts afresh when retention took the newest rows, whose ids the next rows take again', () => {
    const { rows, counts, truth, keepEvents } = setup()
    rows.write([call(1), call(0)])
    counts.get()
    keepEvents(0)
    rows.write([call(0)])
    expect(counts.get()).toEqual(truth())
    expect(counts.get()).toMatchObject({ requests: 1, events: 0 })
  })

  it('matches a full count at every step of random writes, deletions and clears', () => {
    const step = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 })
          .map((calls) => ({ op: 'write' as const, calls })),
      },
      // Retention, as the engine runs it: the oldest requests go, their events with them.
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 8 }).map((keep) => ({ op: 'trim' as const, keep })) },
      { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
      { weight: 3, arbitrary: fc.constant({ op: 'ask' as const }) },
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { rows, events, counts, truth, keepEvents } = setup()
        for (const s of steps) {
          if (s.op === 'write') rows.write(s.calls.map(call))
          else if (s.op === 'trim') keepEvents(s.keep)
          else if (s.op === 'clear') {
            events.clear()
            counts.forget()
          } else expect(counts.get()).toEqual(truth())
        }
        expect(counts.get()).toEqual(truth())
      }),
      { numRuns: 120 },
    )
  })
})
