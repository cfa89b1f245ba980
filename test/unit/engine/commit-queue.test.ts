import { afterEach, describe, expect, it } from 'vitest'
import type { EventSummary } from '../../../src/shared/model'
import { CommitQueue, type Entry } from '../../../src/main/engine/commit-queue'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'

let db: Db
afterEach(() => db?.close())

function entry(name: string | null, events = 1): Entry {
  return {
    request: {
      receivedAt: 1_700_000_000_000,
      method: 'POST',
      path: '/api/track',
      query: '',
      callType: 'track',
      headers: [['content-type', 'application/json']],
      remoteAddress: '127.0.0.1',
      origin: null,
      userAgent: 'test',
      contentType: 'application/json',
      body: Buffer.from('[]'),
      bodySize: 2,
      bodyTruncated: false,
      responseStatus: 200,
      responseBody: '{}',
      error: null,
      eventCount: events,
      status: 'valid',
      findings: [],
      entryOrigin: 'captured',
      parentId: null,
    },
    events: Array.from({ length: events }, (_, idx) => ({
      kind: 'event' as const,
      idx,
      callType: 'track' as const,
      eventName: name,
      userId: 'u1',
      source: null,
      sentAt: null,
      status: 'valid' as const,
      findings: [],
      json: `{"event_name":"${name}"}`,
    })),
  }
}

function setup(onCommitted: (rows: EventSummary[]) => void = () => {}) {
  db = openDatabase(':memory:')
  const requests = new RequestRepository(db)
  const events = new EventRepository(db)
  return { queue: new CommitQueue(db, requests, events, onCommitted), requests, events }
}

describe('CommitQueue', () => {
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
    // One commit, one push, in arrival order.
    expect(pushes).toHaveLength(1)
    expect(pushes[0]?.map((r) => r.eventName)).toEqual(['a', 'a', 'b', null])
    expect(pushes[0]?.[3]?.kind).toBe('request')
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
})
