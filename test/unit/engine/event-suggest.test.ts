import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { EventSuggest } from '../../../src/main/engine/db/event-suggest'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import type { CallType, Finding } from '../../../src/shared/model'
import { cleanup, tempDir } from '../../helpers/engine'
import { newEvent, newRequest } from '../../helpers/log-rows'

let dir: string
let db: Db
let suggest: EventSuggest

function add(callType: CallType, value: Record<string, unknown>, findings: Finding[] = []): void {
  const requests = new RequestRepository(db)
  const events = new EventRepository(db)
  const json = JSON.stringify(value)
  const id = requests.insert(
    newRequest({
      receivedAt: 1,
      path: `/api/${callType}`,
      callType,
      contentType: null,
      body: Buffer.from(json),
      bodySize: json.length,
    }),
  )
  events.insert(
    newEvent({
      callType,
      eventName: typeof value['event_name'] === 'string' ? value['event_name'] : null,
      userId: typeof value['user_id'] === 'string' ? value['user_id'] : null,
      status: findings.length > 0 ? 'invalid' : 'valid',
      findings,
      json,
    }),
    { id, receivedAt: 1, responseStatus: 200, entryOrigin: 'captured' },
  )
}

beforeEach(() => {
  dir = tempDir()
  db = openDatabase(join(dir, 'log.db'))
  suggest = new EventSuggest(db)
  for (let i = 0; i < 30; i++)
    add('track', {
      event_name: 'page_visit',
      user_id: `u_${i % 3}`,
      properties: { plan: 'pro', page_path: '/' },
    })
  add('track', { event_name: 'plan_upgraded', user_id: '', properties: { plan: 'team' } })
  add('track', { event_name: 'signed_up', user_id: 'u_9' }, [
    { severity: 'error', path: '', rule: 'event.name', message: 'x' },
  ])
  add('identify', { user_id: 'u_7', traits: { plan: 'free', user_email: 'a@example.com' } })
})

afterEach(() => {
  db.close()
  cleanup(dir)
})

describe('events.suggest', () => {
  const values = (r: { value: string }[]): string[] => r.map((s) => s.value)

  it('lists distinct event names and users by prefix, in order', () => {
    expect(values(suggest.suggest({ field: 'event', prefix: '' }))).toEqual([
      'page_visit',
      'plan_upgraded',
      'signed_up',
    ])
    expect(values(suggest.suggest({ field: 'event', prefix: 'pla' }))).toEqual(['plan_upgraded'])
    expect(values(suggest.suggest({ field: 'event', prefix: 'page_visit' }))).toEqual(['page_visit'])
    expect(values(suggest.suggest({ field: 'user', prefix: 'u_' }))).toEqual([
      'u_0',
      'u_1',
      'u_2',
      'u_7',
      'u_9',
    ])
    expect(values(suggest.suggest({ field: 'user', prefix: 'u_', limit: 2 }))).toEqual(['u_0', 'u_1'])
  })

  it('offers property keys and values seen recently, most frequent first', () => {
    expect(values(suggest.suggest({ field: 'prop-key', prefix: '' })).slice(0, 2)).toEqual([
      'plan',
      'page_path',
    ])
    expect(values(suggest.suggest({ field: 'prop-key', prefix: 'user' }))).toEqual(['user_email'])
    expect(values(suggest.suggest({ field: 'prop-value', key: 'plan', prefix: '' }))).toEqual([
      'pro',
      'free',
      'team',
    ])
    expect(values(suggest.suggest({ field: 'prop-value', key: 'plan', prefix: 't' }))).toEqual(['team'])
  })

  it('looks for rules among the newest rows only, so a clean log is not read from end to end', () => {
    // The one finding is the 32nd of 33 rows: a window of 2 rows reaches it, a window of 1 does not.
    const within = (ruleWindow: number) =>
      new EventSuggest(db, { ruleWindow }).suggest({ field: 'rule', prefix: '' })
    expect(within(2)).toEqual([{ value: 'event.name', detail: '1 of the recent calls with findings' }])
    expect(within(1)).toEqual([])
  })

  it('offers the rules it knows after those seen, without repeating one', () => {
    const known = ['user_id.type', 'event.name', 'event.timestamp', 'body.shape']
    const suggest = new EventSuggest(db, { knownRules: () => known })
    expect(suggest.suggest({ field: 'rule', prefix: 'event' })).toEqual([
      { value: 'event.name', detail: '1 of the recent calls with findings' },
      { value: 'event.timestamp', detail: 'not in the recent calls' },
    ])
    expect(values(suggest.suggest({ field: 'rule', prefix: 'EVENT.T' }))).toEqual(['event.timestamp'])
    expect(values(suggest.suggest({ field: 'rule', prefix: '', limit: 3 }))).toEqual([
      'event.name',
      'body.shape',
      'event.timestamp',
    ])
  })

  it('offers rules found in the log, and the fixed lists', () => {
    expect(values(suggest.suggest({ field: 'rule', prefix: 'event' }))).toEqual(['event.name'])
    expect(values(suggest.suggest({ field: 'status', prefix: 'in' }))).toEqual(['invalid'])
    expect(values(suggest.suggest({ field: 'type', prefix: 'i' }))).toEqual(['identify'])
  })
})
