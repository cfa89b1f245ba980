import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventSummary, Finding, HeaderPair } from '../../../src/shared/model'
import { CommitQueue } from '../../../src/main/engine/commit-queue'
import type { Entry } from '../../../src/main/engine/entry'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository, type NewEvent } from '../../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import { SessionRepository } from '../../../src/main/engine/sessions/session-repository'
import { newEvent, newRequest } from '../../helpers/log-rows'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function entry(name: string | null, events = 1): Entry {
  const jsons = Array.from(
    { length: events },
    (_, idx) => `{"event_name":"${name}","properties":{"plan":"pro${idx}"}}`,
  )
  return {
    request: newRequest({
      headers: [['content-type', 'application/json']],
      remoteAddress: '127.0.0.1',
      userAgent: 'test',
      // Small Buffers share a pool: only this body's bytes may be stored.
      body: Buffer.from(`[ ${jsons.join(',\n')} ]`),
      bodySize: 2,
      eventCount: events,
      latencyMs: 7,
    }),
    events: jsons.map((json, idx) => newEvent({ idx, eventName: name, userId: 'u1', json })),
  }
}

function openLog(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'td-queue-'))
  dirs.push(dir)
  const db = openDatabase(join(dir, 'log.db'))
  dbs.push(db)
  return db
}

describe('CommitQueue', () => {
  function setup(onCommitted: (rows: EventSummary[]) => void = () => {}) {
    const db = openLog()
    const requests = new RequestRepository(db)
    const events = new EventRepository(db)
    return { db, queue: new CommitQueue(db, requests, events, onCommitted), requests, events }
  }

  it('writes requests that arrive together in one transaction, then resolves each', async () => {
    const pushes: EventSummary[][] = []
    const { queue, events, requests } = setup((rows) => pushes.push(rows))
    const results = await Promise.all([
      queue.add(entry('a', 2)),
      queue.add(entry('b')),
      queue.add(entry(null, 0)),
    ])
    expect(results.map((r) => r.summaries.length)).toEqual([2, 1, 1])
    expect(requests.count()).toBe(3)
    expect(events.count()).toBe(3)
    // One commit, one push, in arrival order, with the ids the log holds.
    expect(pushes).toHaveLength(1)
    expect(pushes[0]?.map((r) => r.eventName)).toEqual(['a', 'a', 'b', null])
    expect(pushes[0]?.[3]?.kind).toBe('request')
    const stored = events.list({ limit: 10 }).items.reverse()
    expect(pushes[0]).toEqual(stored)
    expect(results[1]?.requestId).toBe(stored[2]?.requestId)
  })

  it('commits a live call on its own, ahead of the import rows queued beside it', async () => {
    const pushes: EventSummary[][] = []
    const { queue, requests } = setup((rows) => pushes.push(rows))
    const imported = [queue.add({ ...entry('imported', 3), background: true })]
    const live = queue.add(entry('live'))
    imported.push(queue.add({ ...entry('imported2'), background: true }))
    // When the live call is answered, the import's rows are not written yet: it did not wait for them.
    await live
    expect(requests.count()).toBe(1)
    await Promise.all(imported)
    expect(requests.count()).toBe(3)
    expect(pushes.map((rows) => [...new Set(rows.map((r) => r.eventName))])).toEqual([
      ['live'],
      ['imported', 'imported2'],
    ])
  })

  it('rejects every caller of a failed batch and commits none of it', async () => {
    const { queue, requests } = setup()
    const bad = entry('x')
    ;(bad.request as { method: unknown }).method = null // violates NOT NULL
    const outcomes = await Promise.allSettled([queue.add(entry('ok')), queue.add(bad)])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected'])
    expect(requests.count()).toBe(0)
    await expect(queue.add(entry('after'))).resolves.toBeTruthy()
    expect(requests.count()).toBe(1)
  })

  it('pages newest first with a keyset cursor', async () => {
    const { queue, events } = setup()
    for (let i = 0; i < 5; i++) await queue.add(entry(`e${i}`))
    const first = events.list({ limit: 2 })
    expect(first.items.map((e) => e.eventName)).toEqual(['e4', 'e3'])
    expect(first.total).toBe(5)
    const second = events.list({ limit: 2, before: first.nextBefore as number })
    expect(second.items.map((e) => e.eventName)).toEqual(['e2', 'e1'])
    const newer = events.list({ after: second.items[0]!.id })
    expect(newer.items.map((e) => e.eventName)).toEqual(['e4', 'e3'])
  })

  it('stores exactly the rows the repositories would, and the same full-text index once indexed', async () => {
    const finding: Finding = {
      severity: 'error',
      path: '0.user_id',
      rule: 'spec.required',
      message: 'no user',
    }
    const odd = entry('odd')
    odd.request.body = Buffer.from([0xff, 0x00, 0xfe, 0x7b]) // not UTF-8: bytes are kept as they are
    odd.request.findings = [finding]
    odd.request.error = 'Bad body'
    odd.request.bodyTruncated = true
    odd.events[0]!.findings = [finding]
    const noBody = entry(null, 0)
    noBody.request.body = null
    noBody.request.findings = [finding]
    noBody.request.status = 'invalid'
    const imported = { ...entry('imp'), sessionId: null }
    // The capture port's answer headers: met twice, the second is stored once in header_sets.
    const answered: HeaderPair[] = [['Content-Type', 'application/json; charset=utf-8']]
    odd.request.responseHeaders = answered
    noBody.request.responseHeaders = answered
    imported.request.responseHeaders = [['Date', 'Mon, 07 Dec 2026 10:00:00 GMT']]
    const batch = [entry('a', 2), odd, noBody, imported]

    const { db, queue } = setup()
    await Promise.all(batch.map((e) => queue.add(e)))

    const ref = openLog()
    const requests = new RequestRepository(ref)
    const events = new EventRepository(ref)
    ref.transaction(() => {
      for (const e of batch) {
        const id = requests.insert(e.request, null)
        const rows = e.events.length > 0 ? e.events : [rowOfRequest(e)]
        for (const row of rows)
          events.insert(row, {
            id,
            receivedAt: e.request.receivedAt,
            responseStatus: e.request.responseStatus,
            entryOrigin: e.request.entryOrigin,
            sessionId: null,
            latencyMs: e.request.latencyMs,
            responseBytes: Buffer.byteLength(e.request.responseBody),
          })
      }
    })()
    // The index is built after the commit, on both sides, from the rows as stored.
    expect(db.prepare('SELECT count(*) FROM events_fts').pluck().get()).toBe(0)
    new EventRepository(db).indexSearchFully()
    events.indexSearchFully()
    // Bodies are stored without their events' JSON here (request-body.ts), whole there: both read back the same.
    const storedBody = (d: Db, id: number) =>
      d.prepare('SELECT body FROM requests WHERE id = ?').pluck().get(id) as Buffer | null
    expect(storedBody(db, 1)?.toString()).toBe('[ ,\n ]')
    expect(storedBody(ref, 1)).toEqual(batch[0]!.request.body)
    const reader = new RequestRepository(db)
    for (const id of [1, 2, 3, 4]) {
      expect(reader.get(id)).toEqual(requests.get(id))
      expect(reader.rawBody(id)).toEqual(requests.rawBody(id))
    }
    expect(reader.rawBody(1)).toEqual(batch[0]!.request.body)
    const sameColumns = (table: string, columns: string[]) =>
      `SELECT ${db
        .prepare(`SELECT name FROM pragma_table_info('${table}')`)
        .pluck()
        .all()
        .filter((c) => !columns.includes(c as string))
        .join(', ')} FROM ${table} ORDER BY id`
    for (const sql of [
      sameColumns('requests', ['body', 'body_cut', 'response_headers', 'response_headers_set']),
      sameColumns('events', ['body_at']),
      "SELECT rowid FROM events_fts WHERE events_fts MATCH 'plan' ORDER BY rowid",
      "SELECT rowid FROM events_fts WHERE events_fts MATCH 'enterprise OR pro1 OR odd' ORDER BY rowid",
    ]) {
      expect(db.prepare(sql).all(), sql).toEqual(ref.prepare(sql).all())
    }
    expect(db.prepare('SELECT count(*) FROM events_fts').pluck().get()).toBe(4)
    expect(db.prepare('SELECT response_headers_set FROM requests ORDER BY id').pluck().all()).toEqual([
      null,
      null,
      1,
      null,
    ])
    expect(reader.get(3)?.responseHeaders).toEqual(answered)
    const body = db.prepare('SELECT body FROM requests WHERE id = 2').pluck().get() as Buffer
    expect([...body]).toEqual([0xff, 0x00, 0xfe, 0x7b])
  })

  it('tags rows with the session active when they commit, unless the entry names one', async () => {
    const { db, queue } = setup()
    const session = new SessionRepository(db).insert({
      name: 'checkout',
      tester: null,
      appVersion: null,
      device: null,
      notes: null,
      expectations: [],
      startedAt: 1,
    })
    await Promise.all([queue.add(entry('live')), queue.add({ ...entry('imported'), sessionId: null })])
    const tagged = db
      .prepare(
        'SELECT event_name AS name, e.session_id AS events, r.session_id AS requests FROM events e JOIN requests r ON r.id = e.request_id ORDER BY e.id',
      )
      .all()
    expect(tagged).toEqual([
      { name: 'live', events: session, requests: session },
      { name: 'imported', events: null, requests: null },
    ])
  })

  it('flush() commits what is still queued, at once', async () => {
    const { queue, requests } = setup()
    const pending = [queue.add(entry('late')), queue.add(entry('later'))]
    expect(queue.size).toBe(2)
    queue.flush()
    expect(queue.size).toBe(0)
    expect(requests.count()).toBe(2)
    await Promise.all(pending)
  })

  it('stores a header set met again once, reads it back on every request, and forgets it when the log is cleared', async () => {
    const { db, queue, requests, events } = setup()
    const withHeaders = (headers: HeaderPair[] | null) => {
      const e = entry('h')
      e.request.responseHeaders = headers
      return e
    }
    const answer: HeaderPair[] = [
      ['Access-Control-Allow-Origin', '*'],
      ['Content-Length', '108'],
    ]
    const upstream = (n: number): HeaderPair[] => [['X-Request-Id', `r-${n}`]]
    for (let i = 0; i < 4; i++) await queue.add(withHeaders(i % 2 === 0 ? answer : upstream(i)))
    await Promise.all([queue.add(withHeaders(answer)), queue.add(withHeaders(null))])
    const stored = () =>
      db.prepare('SELECT response_headers, response_headers_set FROM requests ORDER BY id').raw().all()
    const answerJson = JSON.stringify(answer)
    expect(stored()).toEqual([
      [answerJson, null],
      [JSON.stringify(upstream(1)), null],
      [null, 1],
      [JSON.stringify(upstream(3)), null],
      [null, 1],
      [null, null],
    ])
    expect(db.prepare('SELECT id, json FROM header_sets').raw().all()).toEqual([[1, answerJson]])
    expect([1, 2, 3, 4, 5, 6].map((id) => requests.get(id)?.responseHeaders ?? null)).toEqual([
      answer,
      upstream(1),
      answer,
      upstream(3),
      answer,
      null,
    ])

    // A rolled-back batch forgets what it stored: the next rows do not point at a set that is not there.
    const bad = withHeaders(upstream(9))
    ;(bad.request as { method: unknown }).method = null
    await expect(
      Promise.all([queue.add(withHeaders(upstream(9))), queue.add(withHeaders(upstream(9))), queue.add(bad)]),
    ).rejects.toThrow()
    await queue.add(withHeaders(upstream(9)))
    await queue.add(withHeaders(upstream(9)))
    const last = requests.get(requests.count())
    expect(last?.responseHeaders).toEqual(upstream(9))

    // The writer remembers the answer's set when the log is cleared under it.
    await queue.add(withHeaders(answer))
    await queue.add(withHeaders(answer))
    events.clear()
    expect(db.prepare('SELECT count(*) FROM header_sets').pluck().get()).toBe(0)
    await queue.add(withHeaders(answer))
    await queue.add(withHeaders(answer))
    const ids = db.prepare('SELECT id FROM requests ORDER BY id').pluck().all() as number[]
    expect(ids.map((id) => requests.get(id)?.responseHeaders)).toEqual([answer, answer])
    expect(db.prepare('SELECT count(*) FROM header_sets').pluck().get()).toBe(1)
  })
})

/** The row a call without events gets, written out independently of the code under test. */
function rowOfRequest(e: Entry): NewEvent {
  return {
    kind: 'request' as const,
    idx: -1,
    callType: e.request.callType,
    eventName: null,
    userId: null,
    source: null,
    sentAt: null,
    status: e.request.status,
    findings: e.request.findings,
    json: null,
  }
}
