/**
 * A free-text term is a prefix: `pric` finds "pricing". The stream names
 * the index's terms that start with it instead of asking FTS5 for the
 * prefix (EventRepository.prefixTerms), which reads only as much of the
 * index as a page needs. These tests hold the two to the same rows, in the
 * same order, with the same count, whichever way a prefix is answered.
 */
import fc from 'fast-check'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/engine/db/database'
import { EventRepository } from '../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../src/main/engine/db/request-repository'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import { cleanup, tempDir } from '../helpers/engine'
import { newEvent, newRequest } from '../helpers/log-rows'

let dir: string
let db: Db
let events: EventRepository
beforeEach(() => {
  dir = tempDir()
  db = openDatabase(join(dir, DB_FILE_NAME))
  events = new EventRepository(db)
})
afterEach(() => {
  db.close()
  cleanup(dir)
})

function add(texts: readonly string[], index = true): void {
  const requests = new RequestRepository(db)
  db.transaction(() => {
    for (const text of texts) {
      const id = requests.insert(newRequest({ eventCount: 1 }))
      const json = JSON.stringify({ event_name: 'noted', user_id: 'u_1', properties: { text } })
      events.insert(newEvent({ eventName: 'noted', userId: 'u_1', json }), {
        id,
        receivedAt: Date.now(),
        responseStatus: 200,
        entryOrigin: 'captured',
      })
    }
  })()
  if (index) events.indexSearchFully()
}

/** The rows FTS5's own prefix query finds, newest first. */
function byFts(prefix: string): number[] {
  return db
    .prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid DESC')
    .pluck()
    .all(`"${prefix.replace(/"/g, '""')}"*`) as number[]
}

/** Every row the stream finds for `q`, page by page, and the total its first page gave. */
function byStream(q: string, limit = 7): { ids: number[]; firstTotal: number } {
  const ids: number[] = []
  let before: number | undefined
  let firstTotal = -1
  for (;;) {
    const page = events.list({ q, limit, ...(before !== undefined ? { before } : {}) })
    if (firstTotal < 0) firstTotal = page.total
    ids.push(...page.items.map((e) => e.id))
    if (page.nextBefore === null) return { ids, firstTotal }
    before = page.nextBefore
  }
}

/** Whether the stream read the index's vocabulary (it creates the connection's table the first time). */
const vocabularyRead = (): boolean =>
  db.prepare("SELECT 1 FROM temp.sqlite_master WHERE name = 'events_fts_terms'").get() !== undefined

describe('a free-text prefix', () => {
  it('finds the same rows, in the same order, with the same count, as FTS5’s prefix query', () => {
    // Words from a small alphabet share prefixes; some carry an accent or upper case.
    const word = fc.stringMatching(/^[abAB1é]{1,5}$/)
    const row = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '))
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.stringMatching(/^[abAB1é]{1,3}$/),
        (rows, prefix) => {
          events.clear()
          add(rows)
          const expected = byFts(prefix)
          const got = byStream(prefix)
          expect(got.ids).toEqual(expected)
          expect(got.firstTotal).toBe(expected.length)
        },
      ),
      { numRuns: 80 },
    )
    expect(vocabularyRead()).toBe(true)
  })

  it('sees the terms of rows committed just before, not yet in the index', () => {
    add(['pricing'])
    expect(byStream('pric').ids).toEqual([1])
    // Committed, and not indexed yet (the indexer runs a moment after a commit).
    add(['pricetag', 'prize'], false)
    expect(byStream('pric').ids).toEqual([2, 1])
    expect(byStream('pri').ids).toEqual([3, 2, 1])
  })

  it('leaves a prefix that stands for more than 64 terms, or that is not one plain token, to FTS5', () => {
    add(Array.from({ length: 70 }, (_, i) => `w${i.toString(36)}x`))
    add(['wé', 'page_url', 'Wonder'])
    for (const prefix of ['w', 'W', 'wé', 'page_u', 'wo']) {
      const expected = byFts(prefix)
      expect(byStream(prefix, 20).ids, prefix).toEqual(expected)
      expect(expected.length, prefix).toBeGreaterThan(0)
    }
  })
})
