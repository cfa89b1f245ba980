import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine

beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

const list = (input: Record<string, unknown> = {}) => t.engine.call('events.list', input)

describe('capture server', () => {
  it('records an SDK-shaped track batch and answers like the real API', async () => {
    const batch = [trackEvent('signed_up'), trackEvent('plan_selected', { user_id: 'user_456' })]
    const res = await post(`${t.captureUrl}/track`, JSON.stringify(batch), {
      'content-type': 'application/json',
      'x-api-key': 'tsk_live_0123456789abcdef',
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ success: true, message: 'Event tracked successfully' })
    expect((res.json as { response_id: string }).response_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')

    const page = await list()
    expect(page.items.map((e) => e.eventName)).toEqual(['plan_selected', 'signed_up'])
    expect(page.items[0]).toMatchObject({
      callType: 'track',
      userId: 'user_456',
      source: 'product',
      kind: 'event',
    })

    const detail = await t.engine.call('events.get', { id: page.items[1]!.id })
    expect(detail?.request.method).toBe('POST')
    expect(detail?.request.path).toBe('/api/track')
    expect(detail?.request.bodyText).toBe(JSON.stringify(batch))
    expect(JSON.parse(detail!.json!)).toEqual(batch[0])
    const key = detail?.request.headers.find(([n]) => n.toLowerCase() === 'x-api-key')
    expect(key?.[1]).toBe('••••cdef')
    expect(JSON.stringify(detail)).not.toContain('0123456789abcdef')
  })

  it('stores each event once: the body is kept without its events and read back byte for byte', async () => {
    const events = [
      trackEvent('zoë_signed_up', { properties: { city: '東京', note: '🎉' } }),
      { ...trackEvent('key_pasted'), properties: { api_key: 'tsk_live_0123456789abcdef' } },
    ]
    const body = `[\n  ${JSON.stringify(events[0], null, 2)},\n  ${JSON.stringify(events[1])}\n]\n`
    expect((await post(`${t.captureUrl}/track`, body)).status).toBe(200)
    const [second, first] = (await list()).items
    const detail = await t.engine.call('events.get', { id: first!.id })
    // The body as received, with the secret masked in it and in the event alike.
    const masked = body.replace('tsk_live_0123456789abcdef', '••••cdef')
    expect(detail?.request.bodyText).toBe(masked)
    expect(JSON.parse(detail!.json!)).toEqual(events[0])
    const other = await t.engine.call('events.get', { id: second!.id })
    expect(JSON.parse(other!.json!)).toMatchObject({ properties: { api_key: '••••cdef' } })

    const db = new Database(join(t.dataDir, DB_FILE_NAME), { readonly: true })
    try {
      const row = db.prepare('SELECT body, body_cut FROM requests').get() as {
        body: Buffer
        body_cut: number
      }
      expect(row.body_cut).toBe(1)
      expect(row.body.toString()).toBe('[\n  ,\n  \n]\n')
      const stored = db.prepare('SELECT sum(length(CAST(json AS BLOB))) FROM events').pluck().get() as number
      expect(stored + row.body.length).toBe(Buffer.byteLength(masked))
    } finally {
      db.close()
    }
  })

  it('records how long each answer took and how big it was, for the stream and the HAR export', async () => {
    const res = await fetch(`${t.captureUrl}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([trackEvent('timed')]),
    })
    const answer = await res.text()
    const [row] = (await list()).items
    expect(row?.responseBytes).toBe(Buffer.byteLength(answer))
    expect(row?.latencyMs).toBeGreaterThanOrEqual(0)
    expect(row?.latencyMs).toBeLessThan(5_000)
    const detail = await t.engine.call('events.get', { id: row!.id })
    expect(detail?.request.latencyMs).toBe(row?.latencyMs)
    // The headers it went out with, as the app saw them (Node adds Date and Connection).
    const sent = Object.fromEntries(detail?.request.responseHeaders ?? [])
    expect(sent['Content-Type']).toBe(res.headers.get('content-type'))
    expect(sent['Content-Length']).toBe(res.headers.get('content-length'))
    expect(sent['Access-Control-Allow-Origin']).toBe(res.headers.get('access-control-allow-origin'))
    expect(sent['Access-Control-Allow-Origin']).toBe('*')
    const exported = await t.engine.call('transfer.export', {
      scope: { kind: 'filter', query: {} },
      format: 'har',
    })
    const har = JSON.parse(readFileSync(exported.path, 'utf8')) as {
      log: {
        entries: {
          time: number
          timings: { wait: number }
          response: { headers: { name: string; value: string }[] }
        }[]
      }
    }
    expect(har.log.entries[0]?.time).toBe(row?.latencyMs)
    expect(har.log.entries[0]?.response.headers).toContainEqual({
      name: 'Access-Control-Allow-Origin',
      value: '*',
    })
    expect(har.log.entries[0]?.timings.wait).toBe(row?.latencyMs)
  })

  it('accepts a single object (older clients) and identify and group calls', async () => {
    expect((await post(`${t.captureUrl}/track`, JSON.stringify(trackEvent('legacy')))).status).toBe(200)
    const identify = await post(
      `${t.captureUrl}/identify`,
      JSON.stringify([
        { user_id: 'user_1', traits: { user_email: 'a@b.c' }, timestamp: new Date().toISOString() },
      ]),
    )
    expect(identify.json).toMatchObject({ success: true, message: 'User(s) identified successfully' })
    const group = await post(
      `${t.captureUrl}/group`,
      JSON.stringify([
        { group_id: 'acct_9', traits: { group_type: 'account' }, timestamp: new Date().toISOString() },
      ]),
    )
    expect(group.json).toMatchObject({ success: true, message: 'Group(s) updated successfully' })

    const page = await list()
    expect(page.items.map((e) => e.callType)).toEqual(['group', 'identify', 'track'])
    expect(page.items[0]?.eventName).toBe('acct_9')
    expect(page.items[2]?.eventName).toBe('legacy')
  })

  it('answers the CORS preflight and subscriptionStatus, and hides them from the default stream', async () => {
    const pre = await fetch(`${t.captureUrl}/track`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-api-key',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS')
    expect(pre.headers.get('access-control-allow-headers')).toBe(
      'content-type, x-api-key, authorization, accept, key',
    )

    const sub = await fetch(`${t.captureUrl}/subscriptionStatus`)
    expect(await sub.json()).toEqual({ status: 'active' })

    expect((await list()).items).toHaveLength(0)
    const all = await list({ includeProtocol: true })
    expect(all.items.map((e) => e.callType)).toEqual(['subscription', 'preflight'])
    expect((await t.engine.call('log.stats', {})).requests).toBe(2)
  })

  it('records and answers bad JSON and unknown paths with JSON errors', async () => {
    const bad = await post(`${t.captureUrl}/track`, '[{"event_name": "x",')
    expect(bad.status).toBe(400)
    expect(bad.json).toMatchObject({ success: false })
    const missing = await post(`${t.captureUrl}/nope`, '{}')
    expect(missing.status).toBe(404)
    expect(missing.json).toMatchObject({ success: false })

    const page = await list()
    expect(page.items).toHaveLength(2)
    const badRow = page.items[1]!
    expect(badRow).toMatchObject({ kind: 'request', status: 'invalid', responseStatus: 400 })
    const detail = await t.engine.call('events.get', { id: badRow.id })
    expect(detail?.request.bodyText).toBe('[{"event_name": "x",')
    expect(detail?.findings[0]?.rule).toBe('json.syntax')
  })

  it('keeps each event as the exact text sent, big numbers and all', async () => {
    const body =
      '[{"event_name":"big","user_id":"u","properties":{"n":12345678901234567890123},"timestamp":"2025-09-22T11:04:05.123Z"} , {"event_name":"second","user_id":"u","timestamp":"2025-09-22T11:04:05.123Z"}]'
    expect((await post(`${t.captureUrl}/track`, body)).status).toBe(200)
    const page = await list()
    const first = await t.engine.call('events.get', { id: page.items[1]!.id })
    expect(first?.json).toContain('12345678901234567890123')
    expect(first?.json).toBe(
      '{"event_name":"big","user_id":"u","properties":{"n":12345678901234567890123},"timestamp":"2025-09-22T11:04:05.123Z"}',
    )
  })

  it('commits before it answers: a 200 means the row is already in the log', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(`${t.captureUrl}/track`, JSON.stringify([trackEvent(`e${i}`)])),
      ),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    const stats = await t.engine.call('log.stats', {})
    expect(stats.events).toBe(50)
  })

  it('survives a restart: the log is on disk', async () => {
    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('persisted')]))
    await t.stop()
    t = await startEngine(t.dataDir)
    const page = await list()
    expect(page.items.map((e) => e.eventName)).toEqual(['persisted'])
  })

  it('pushes new rows to subscribers, coalesced', async () => {
    const pushes: number[] = []
    t.engine.subscribe((name, payload) => {
      if (name === 'events.added') pushes.push((payload as unknown[]).length)
    })
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(`${t.captureUrl}/track`, JSON.stringify([trackEvent(`p${i}`)])),
      ),
    )
    await new Promise((r) => setTimeout(r, 150))
    expect(pushes.reduce((a, b) => a + b, 0)).toBe(20)
    expect(pushes.length).toBeLessThan(20)
  })
})

describe('identity as sent', () => {
  it('shows a numeric user_id as the number it is, not as anonymous', async () => {
    const t = await startEngine()
    try {
      await post(`${t.captureUrl}/track`, JSON.stringify([{ ...trackEvent('numeric_user'), user_id: 42 }]))
      await post(`${t.captureUrl}/track`, JSON.stringify([{ ...trackEvent('anonymous_user'), user_id: '' }]))
      const rows = (await t.engine.call('events.list', {})).items
      expect(rows.find((r) => r.eventName === 'numeric_user')?.userId).toBe('42')
      expect(rows.find((r) => r.eventName === 'anonymous_user')?.userId).toBe('')
      expect((await t.engine.call('events.list', { userIds: ['42'] })).items).toHaveLength(1)
    } finally {
      await t.stop()
      cleanup(t.dataDir)
    }
  })
})
