/**
 * A text or property query with a time range may read only the span of ids
 * received in that range from the full-text index (IdSpan in event-query.ts)
 * instead of walking every newer match. Ids follow time except where an
 * import brought old calls in last, so the span must come from the times,
 * and the rows' own times still decide. These tests hold a query with the
 * span to the same rows as the query without it, on a log whose ids and
 * times disagree.
 */
import fc from 'fast-check'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/engine/db/database'
import { buildEventQuery, clausesOf, type IdSpan } from '../../src/main/engine/db/event-query'
import { EventRepository } from '../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../src/main/engine/db/request-repository'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import type { EventQuery } from '../../src/shared/model'
import { cleanup, tempDir } from '../helpers/engine'
import { newEvent, newRequest } from '../helpers/log-rows'

const WORDS = ['alpha', 'beta', 'gamma']
const PLANS = ['free', 'pro']

let dir: string
let db: Db
let times: number[]
beforeAll(() => {
  dir = tempDir()
  db = openDatabase(join(dir, DB_FILE_NAME))
  const requests = new RequestRepository(db)
  const events = new EventRepository(db)
  // 300 captured calls in time order, then 100 imported ones from the middle of that time.
  times = [
    ...Array.from({ length: 300 }, (_, i) => 1_000 + i * 10),
    ...Array.from({ length: 100 }, (_, i) => 1_500 + ((i * 37) % 100) * 10),
  ]
  db.transaction(() => {
    times.forEach((at, i) => {
      const id = requests.insert(newRequest({ receivedAt: at }))
      const json = JSON.stringify({
        event_name: 'seen',
        properties: { word: WORDS[i % 3], plan: PLANS[(i >> 1) % 2] },
      })
      events.insert(newEvent({ eventName: 'seen', json }), {
        id,
        receivedAt: at,
        responseStatus: 200,
        entryOrigin: 'captured',
      })
    })
  })()
  events.indexSearchFully()
})
afterAll(() => {
  db.close()
  cleanup(dir)
})

const exactSpan: IdSpan = (after, before) => {
  const s = db
    .prepare('SELECT min(id) AS lo, max(id) AS hi FROM events WHERE received_at >= ? AND received_at < ?')
    .get(after ?? -Infinity, before) as { lo: number | null; hi: number | null }
  return s.lo === null || s.hi === null ? { lo: 1, hi: 0 } : { lo: s.lo, hi: s.hi }
}

function ids(q: EventQuery, idSpan?: IdSpan): number[] {
  const built = buildEventQuery(q, clausesOf(q), idSpan ? { idSpan } : {})
  return db
    .prepare(
      `SELECT ${built.idColumn} FROM ${built.from} WHERE ${built.where} ORDER BY ${built.idColumn} DESC`,
    )
    .pluck()
    .all(...built.params) as number[]
}

describe('a text or property query over a time range', () => {
  it('finds the same rows reading only the span of ids received in the range', () => {
    const term = fc.constantFrom('alpha', 'beta', 'prop.plan:pro', 'prop.word:gamma', 'alpha prop.plan:free')
    const time = fc.integer({ min: 900, max: 4_200 })
    fc.assert(
      fc.property(term, time, time, fc.boolean(), (q, a, b, bounded) => {
        const query: EventQuery = {
          q,
          receivedUntil: Math.max(a, b),
          ...(bounded ? { receivedFrom: Math.min(a, b) } : {}),
        }
        const spanned = ids(query, exactSpan)
        expect(spanned).toEqual(ids(query))
      }),
      { numRuns: 150 },
    )
  })

  it('reads only the span: an imported call older than the range’s newest row is still found', () => {
    // The last import (id 400) was received inside [1_500, 1_600), after rows with later times.
    const q: EventQuery = { q: 'prop.plan:pro', receivedFrom: 1_500, receivedUntil: 1_600 }
    const found = ids(q, exactSpan)
    expect(found).toEqual(ids(q))
    expect(Math.max(...found)).toBeGreaterThan(300)
    const built = buildEventQuery(q, clausesOf(q), { idSpan: exactSpan })
    expect(built.where).toContain('f.rowid BETWEEN ? AND ?')
  })
})

describe('the stream over a long log', () => {
  it('gives an old time range’s matches, imported calls included, as the rows’ times say', () => {
    const big = openDatabase(join(dir, 'big.db'))
    try {
      const requests = new RequestRepository(big)
      const events = new EventRepository(big)
      // 30,000 calls a second apart, then 50 imported ones from the first hour.
      const at = (i: number): number => (i < 30_000 ? i * 1_000 : ((i - 30_000) * 61_000) % 3_600_000)
      big.transaction(() => {
        for (let i = 0; i < 30_050; i++) {
          const id = requests.insert(newRequest({ receivedAt: at(i) }))
          const json = `{"event_name":"seen","properties":{"plan":"${PLANS[i % 2]}","n":${i}}}`
          events.insert(newEvent({ eventName: 'seen', json }), {
            id,
            receivedAt: at(i),
            responseStatus: 200,
            entryOrigin: 'captured',
          })
        }
      })()
      const page = events.list({
        q: 'prop.plan:pro',
        receivedFrom: 0,
        receivedUntil: 3_600_000,
        limit: 5_000,
      })
      const expected = big
        .prepare(
          `SELECT id FROM events WHERE received_at >= 0 AND received_at < 3600000
           AND json_extract(json, '$.properties.plan') = 'pro' ORDER BY id DESC`,
        )
        .pluck()
        .all() as number[]
      expect(page.items.map((e) => e.id)).toEqual(expected)
      expect(expected.filter((id) => id > 30_000).length).toBeGreaterThan(10)
    } finally {
      big.close()
    }
  })
})
