import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { CallType, EventQuery, Status } from '../../../src/shared/model'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import { ftsExpression, propertyPath } from '../../../src/main/engine/db/event-query'
import { BadInputError } from '../../../src/main/engine/errors'
import { cleanup, tempDir } from '../../helpers/engine'
import { newEvent, newRequest } from '../../helpers/log-rows'

let dir: string
let db: Db
let events: EventRepository
let requests: RequestRepository

interface Seed {
  callType?: CallType
  name?: string | null
  user?: string | null
  status?: Status
  receivedAt?: number
  body?: Record<string, unknown>
  rule?: string
}

function add(seed: Seed): number {
  const callType = seed.callType ?? 'track'
  const receivedAt = seed.receivedAt ?? 1_000
  const body = seed.body ?? { event_name: seed.name, user_id: seed.user, properties: {} }
  const json = JSON.stringify(body)
  const status = seed.status ?? 'valid'
  const findings = seed.rule
    ? [{ severity: 'error' as const, path: '', rule: seed.rule, message: 'bad' }]
    : []
  const requestId = requests.insert(
    newRequest({
      receivedAt,
      path: `/api/${callType}`,
      callType,
      body: Buffer.from(`[${json}]`),
      bodySize: json.length + 2,
      status,
    }),
  )
  return events.insert(
    newEvent({
      callType,
      eventName: seed.name ?? null,
      userId: seed.user ?? null,
      status,
      findings,
      json,
    }),
    { id: requestId, receivedAt, responseStatus: 200, entryOrigin: 'captured' },
  ).id
}

const names = (q: EventQuery): (string | null)[] => events.list(q).items.map((e) => e.eventName)

beforeEach(() => {
  dir = tempDir()
  db = openDatabase(join(dir, 'log.sqlite'))
  events = new EventRepository(db)
  requests = new RequestRepository(db)
})

afterEach(() => {
  db.close()
  cleanup(dir)
})

describe('event query', () => {
  it('filters by event, user, type and status with the filter language', () => {
    add({
      name: 'signed_up',
      user: 'u_1',
      body: { event_name: 'signed_up', user_id: 'u_1', properties: { plan: 'pro' } },
    })
    add({ name: 'page_visit', user: 'u_2', status: 'invalid' })
    add({ name: 'signed_in', user: 'u_1' })
    add({ callType: 'identify', name: null, user: 'u_3', body: { user_id: 'u_3', traits: { plan: 'free' } } })
    expect(names({ q: 'event:signed_up' })).toEqual(['signed_up'])
    expect(names({ q: 'event:signed*' })).toEqual(['signed_in', 'signed_up'])
    expect(names({ q: 'user:u_1' })).toEqual(['signed_in', 'signed_up'])
    expect(names({ q: 'status:invalid' })).toEqual(['page_visit'])
    expect(events.list({ q: 'type:identify' }).items.map((e) => e.userId)).toEqual(['u_3'])
    expect(names({ q: '-event:page_visit type:track' })).toEqual(['signed_in', 'signed_up'])
    expect(names({ q: 'event:signed_up,page_visit' })).toEqual(['page_visit', 'signed_up'])
  })

  it('searches words as prefixes over name, user and property keys and values', () => {
    add({
      name: 'signed_up',
      user: 'ada',
      body: { event_name: 'signed_up', properties: { email: 'ada@example.com', plan: 'pro' } },
    })
    add({
      name: 'checkout',
      user: 'bob',
      body: { event_name: 'checkout', properties: { cart: { total: 42 } } },
    })
    expect(names({ q: 'sign' })).toEqual(['signed_up'])
    expect(names({ text: 'example' })).toEqual(['signed_up'])
    expect(names({ q: 'total' })).toEqual(['checkout'])
    expect(names({ q: '42' })).toEqual(['checkout'])
    expect(names({ q: 'bob' })).toEqual(['checkout'])
    expect(names({ q: '"ada example"' })).toEqual(['signed_up'])
    expect(names({ q: 'sign bob' })).toEqual([])
  })

  it('matches properties and traits exactly, case-insensitively, nested by dots', () => {
    add({
      name: 'a',
      body: { event_name: 'a', properties: { plan: 'pro', cart: { total: 42 }, paid: true } },
    })
    add({ name: 'b', body: { event_name: 'b', properties: { plan: 'professional', note: 'plan pro' } } })
    add({ callType: 'identify', name: null, user: 'u', body: { user_id: 'u', traits: { plan: 'Pro' } } })
    expect(events.list({ q: 'prop.plan:pro' }).items.map((e) => e.eventName ?? e.userId)).toEqual(['u', 'a'])
    expect(names({ q: 'prop.cart.total:42' })).toEqual(['a'])
    expect(names({ q: 'prop.paid:true' })).toEqual(['a'])
    expect(names({ props: [{ key: 'plan', value: 'professional' }] })).toEqual(['b'])
    expect(names({ q: 'prop.plan:pro,professional type:track' })).toEqual(['b', 'a'])
  })

  it('filters by receive time', () => {
    add({ name: 'old', receivedAt: new Date(2025, 8, 20, 10).getTime() })
    add({ name: 'mid', receivedAt: new Date(2025, 8, 22, 10).getTime() })
    add({ name: 'new', receivedAt: new Date(2025, 8, 24, 10).getTime() })
    expect(names({ q: 'after:2025-09-21 before:2025-09-23' })).toEqual(['mid'])
    expect(names({ receivedFrom: new Date(2025, 8, 22).getTime() })).toEqual(['new', 'mid'])
  })

  it('filters by the rule of a finding', () => {
    add({ name: 'bad', status: 'invalid', rule: 'event.name' })
    add({ name: 'other', status: 'invalid', rule: 'event.name_case' })
    add({ name: 'ok' })
    expect(names({ q: 'rule:event.name' })).toEqual(['bad'])
  })

  it('pages newest first through a full-text match with keyset cursors', () => {
    for (let i = 0; i < 25; i++)
      add({ name: `e${i}`, body: { event_name: `e${i}`, properties: { plan: 'pro' } } })
    const first = events.list({ q: 'prop.plan:pro', limit: 10 })
    expect(first.items.map((e) => e.eventName)).toEqual(Array.from({ length: 10 }, (_, i) => `e${24 - i}`))
    expect(first.total).toBe(25)
    const second = events.list({ q: 'prop.plan:pro', limit: 10, before: first.nextBefore ?? 0 })
    expect(second.items[0]?.eventName).toBe('e14')
    const newer = events.list({ q: 'pro', after: second.items[0]?.id ?? 0, limit: 3 })
    expect(newer.items.map((e) => e.eventName)).toEqual(['e17', 'e16', 'e15'])
  })

  it('keeps the search index in step with deletes and clears', () => {
    const id = add({ name: 'gone', body: { event_name: 'gone', properties: { secret_word: 'zebra' } } })
    expect(names({ q: 'zebra' })).toEqual(['gone'])
    db.prepare('DELETE FROM requests WHERE id = (SELECT request_id FROM events WHERE id = ?)').run(id)
    expect(names({ q: 'zebra' })).toEqual([])
    add({ name: 'again', body: { event_name: 'again', properties: { word: 'yak' } } })
    events.clear()
    // Ids restart after a clear; the old index entries must not match the new rows.
    add({ name: 'fresh', body: { event_name: 'fresh', properties: { word: 'otter' } } })
    expect(names({ q: 'yak' })).toEqual([])
    expect(names({ q: 'otter' })).toEqual(['fresh'])
  })

  it('refuses a bad filter string with the parser message', () => {
    expect(() => events.list({ q: 'type:trak' })).toThrow(BadInputError)
    expect(() => events.list({ q: 'type:trak' })).toThrow(/Unknown call type "trak"/)
  })

  it('resolves session names, and explains when there is no such session', () => {
    const hasSessions = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").get() !== undefined
    if (!hasSessions) {
      expect(() => events.list({ q: 'session:qa' })).toThrow(/no[ne]* .*session/i)
      return
    }
    expect(events.list({ q: 'session:nobody' }).items).toEqual([])
  })

  it('builds FTS expressions and JSON paths safely', () => {
    expect(ftsExpression({ text: [{ value: 'a"b', quoted: false }], props: [] })).toBe('"a""b"*')
    expect(ftsExpression({ text: [{ value: '+++', quoted: false }], props: [] })).toBeNull()
    expect(
      ftsExpression({
        text: [],
        props: [
          { key: 'plan', value: 'pro' },
          { key: 'plan', value: 'free' },
        ],
      }),
    ).toBe('(props : "plan pro" OR props : "plan free")')
    // A prefix the index's terms stand in for: named one by one; none or too many, left to FTS5.
    const text = [{ value: 'pri', quoted: false }]
    expect(ftsExpression({ text, props: [] }, () => ['pricing', 'prices'])).toBe('("pricing" OR "prices")')
    expect(ftsExpression({ text, props: [] }, () => ['pricing'])).toBe('"pricing"')
    expect(ftsExpression({ text, props: [] }, () => [])).toBe('"pri"*')
    expect(ftsExpression({ text, props: [] }, () => null)).toBe('"pri"*')
    expect(ftsExpression({ text: [{ value: 'pri', quoted: true }], props: [] }, () => ['pricing'])).toBe(
      '"pri"',
    )
    expect(propertyPath('properties', 'cart.total')).toBe('$.properties."cart"."total"')
    expect(() => propertyPath('traits', 'a"b')).toThrow(BadInputError)
  })
})
