import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, post, trackEvent, type TestEngine } from '../../helpers/engine'
import {
  deadPort,
  header,
  okJson,
  startHttpUpstream,
  startHttpsUpstream,
  startSendEngine,
  type HttpsUpstream,
  type Upstream,
} from '../../helpers/upstream'

let up: Upstream
let https: HttpsUpstream
let t: TestEngine

beforeAll(async () => {
  https = await startHttpsUpstream()
})
afterAll(async () => {
  await https.server.stop()
})
beforeEach(async () => {
  up = await startHttpUpstream()
  t = await startSendEngine({ trustedCa: [https.caCert], sendTimeoutMs: 800 })
})
afterEach(async () => {
  await t.stop()
  await up.close()
  cleanup(t.dataDir)
})

async function userEnv(baseUrl: string, variables: Record<string, string> = {}): Promise<string> {
  const env = await t.engine.call('environments.save', { name: `Loopback ${baseUrl}`, baseUrl, variables })
  await t.engine.call('environments.setCredentials', { id: env.id, apiKey: 'tsk_test_resend_key_0001' })
  return env.id
}

async function capture(
  events: Record<string, unknown>[],
): Promise<{ requestId: number; eventIds: number[] }> {
  const res = await post(`${t.captureUrl}/track`, JSON.stringify(events))
  expect(res.status).toBe(200)
  const page = await t.engine.call('events.list', {})
  const rows = page.items.filter((r) => r.origin === 'captured').sort((a, b) => a.id - b.id)
  const last = rows[rows.length - 1]
  if (!last) throw new Error('nothing captured')
  const mine = rows.filter((r) => r.requestId === last.requestId)
  return { requestId: last.requestId, eventIds: mine.map((r) => r.id) }
}

describe('resend and compose against real loopback upstreams', () => {
  it('resends an edited body: exact method, path, headers and bytes arrive; the new entry links to its original', async () => {
    const envId = await userEnv(up.baseUrl)
    const { requestId } = await capture([trackEvent('signed_up')])
    const body =
      '[{"event_name":"signed_up","properties":{"plan":"team"},"user_id":"u_9","timestamp":"2025-09-22T11:04:05.123Z"}]'
    const outcome = await t.engine.call('send.request', {
      environmentId: envId,
      callType: 'track',
      body,
      origin: 'resend',
      parentRequestId: requestId,
    })
    expect(up.arrived).toHaveLength(1)
    const got = up.arrived[0]!
    expect(got.method).toBe('POST')
    expect(got.url).toBe('/api/track')
    expect(got.body.equals(Buffer.from(body))).toBe(true)
    expect(header(got, 'x-api-key')).toBe('tsk_test_resend_key_0001')
    expect(header(got, 'content-type')).toBe('application/json')
    expect(header(got, 'content-length')).toBe(String(Buffer.byteLength(body)))

    expect(outcome.exchange.status).toBe(200)
    expect(outcome.exchange.body).toContain('Event tracked successfully')
    expect(outcome.exchange.headers.some(([n, v]) => n === 'x-upstream' && v === 'yes')).toBe(true)
    expect(outcome.exchange.latencyMs).toBeGreaterThanOrEqual(0)
    expect(outcome.exchange.sentHeaders.find(([n]) => n === 'x-api-key')?.[1]).toBe('••••0001')

    const record = await t.engine.call('requests.get', { id: outcome.requestId })
    expect(record?.entryOrigin).toBe('resend')
    expect(record?.parentId).toBe(requestId)
    expect(record?.bodyText).toBe(body)
    expect(record?.responseStatus).toBe(200)
    const related = await t.engine.call('send.related', { requestId })
    expect(related.children.map((c) => c.requestId)).toEqual([outcome.requestId])
    const back = await t.engine.call('send.related', { requestId: outcome.requestId })
    expect(back.parent?.requestId).toBe(requestId)
    const detail = await t.engine.call('events.get', { id: outcome.eventId! })
    expect(detail?.eventName).toBe('signed_up')
    expect(detail?.origin).toBe('resend')
  })

  it('keeps one order: a capture that arrives while a send waits for its answer sits below the send, times rising with ids', async () => {
    const envId = await userEnv(up.baseUrl)
    up.behave((req, res, body) => setTimeout(() => okJson(req, res, body), 300))
    const sending = t.engine.call('send.request', {
      environmentId: envId,
      callType: 'track',
      body: JSON.stringify([trackEvent('sent_slowly')]),
      origin: 'composed',
    })
    await new Promise((r) => setTimeout(r, 100))
    await capture([trackEvent('captured_meanwhile')])
    await sending
    const page = await t.engine.call('events.list', {})
    // Newest first, by id: the send was logged last, and its time says so.
    expect(page.items.map((r) => r.eventName)).toEqual(['sent_slowly', 'captured_meanwhile'])
    const [sent, captured] = page.items
    expect(sent!.receivedAt).toBeGreaterThanOrEqual(captured!.receivedAt)
  })

  it('batch-resends selected events as one request (exact event bytes joined) or one request each', async () => {
    const envId = await userEnv(up.baseUrl)
    const raw =
      '[{"event_name":"a","user_id":"u1"},{"event_name":"b","user_id":"u2"},{"event_name":"c","user_id":"u3"}]'
    const res = await post(`${t.captureUrl}/track`, raw)
    expect(res.status).toBeLessThan(500)
    const page = await t.engine.call('events.list', {})
    const ids = page.items.map((r) => r.id).sort((a, b) => a - b)
    const [a, , c] = ids
    const batch = await t.engine.call('send.batch', {
      environmentId: envId,
      eventIds: [c!, a!],
      grouping: 'batch',
    })
    expect(batch).toHaveLength(1)
    expect(up.arrived[0]?.body.toString()).toBe(
      '[{"event_name":"a","user_id":"u1"},{"event_name":"c","user_id":"u3"}]',
    )

    const each = await t.engine.call('send.batch', {
      environmentId: envId,
      eventIds: [a!, c!],
      grouping: 'each',
    })
    expect(each).toHaveLength(2)
    expect(up.arrived.slice(1).map((x) => x.body.toString())).toEqual([
      '[{"event_name":"a","user_id":"u1"}]',
      '[{"event_name":"c","user_id":"u3"}]',
    ])
    const rec = await t.engine.call('requests.get', { id: each[0]!.requestId })
    expect(rec?.parentId).toBe(page.items[0]?.requestId)
  })

  it('composes with variables resolved at send time and stored resolved, over HTTPS with a test CA', async () => {
    await https.server
      .forPost('/api/identify')
      .thenReply(200, '{"success":true,"message":"User(s) identified successfully"}', {
        'content-type': 'application/json',
      })
    const env = await t.engine.call('environments.save', {
      name: 'Secure loopback',
      baseUrl: https.baseUrl,
      variables: { user_id: 'user_"quoted"', email: 'ada@example.com' },
    })
    await t.engine.call('environments.setCredentials', { id: env.id, bearerToken: 'bearer_token_value_0042' })
    const template =
      '[{"user_id":"{{user_id}}","traits":{"user_email":"{{email}}","id":"{{$uuid}}"},"timestamp":"{{$now}}","n":{{$timestamp}}}]'
    const before = Date.now()
    const outcome = await t.engine.call('send.request', {
      environmentId: env.id,
      callType: 'identify',
      body: template,
      origin: 'composed',
    })
    expect(outcome.exchange.status).toBe(200)
    const seen = await (await https.server.getMockedEndpoints())[0]!.getSeenRequests()
    expect(seen).toHaveLength(1)
    const sent = await seen[0]!.body.getText()
    const parsed = JSON.parse(sent!) as [
      { user_id: string; traits: { id: string; user_email: string }; timestamp: string; n: number },
    ]
    expect(parsed[0].user_id).toBe('user_"quoted"')
    expect(parsed[0].traits.user_email).toBe('ada@example.com')
    expect(parsed[0].traits.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Date.parse(parsed[0].timestamp)).toBe(parsed[0].n)
    expect(parsed[0].n).toBeGreaterThanOrEqual(before)
    expect(seen[0]!.headers['authorization']).toBe('Bearer bearer_token_value_0042')
    const record = await t.engine.call('requests.get', { id: outcome.requestId })
    expect(record?.bodyText).toBe(sent)
    expect(record?.entryOrigin).toBe('composed')
    expect(record?.parentId).toBeNull()
  })

  it('refuses to send a draft with an unknown variable, and sends nothing', async () => {
    const envId = await userEnv(up.baseUrl)
    await expect(
      t.engine.call('send.request', {
        environmentId: envId,
        callType: 'track',
        body: '[{"user_id":"{{nobody}}"}]',
        origin: 'composed',
      }),
    ).rejects.toThrow(/Unknown variable \{\{nobody\}\}/)
    expect(up.arrived).toHaveLength(0)
  })

  it('records a refused connection, a timeout, a 500 and an answer cut off mid-body', async () => {
    const dead = await t.engine.call('environments.save', {
      name: 'Dead',
      baseUrl: `http://127.0.0.1:${await deadPort()}/api`,
      variables: {},
    })
    const refused = await t.engine.call('send.request', {
      environmentId: dead.id,
      callType: 'track',
      body: '[]',
      origin: 'composed',
    })
    expect(refused.exchange.status).toBeNull()
    expect(refused.exchange.errorCode).toBe('refused')
    expect((await t.engine.call('requests.get', { id: refused.requestId }))?.error).toMatch(/refused/)

    const envId = await userEnv(up.baseUrl)
    up.behave((_req, res) => setTimeout(() => res.end('{}'), 3000))
    const slow = await t.engine.call('send.request', {
      environmentId: envId,
      callType: 'track',
      body: '[]',
      origin: 'composed',
    })
    expect(slow.exchange.errorCode).toBe('timeout')
    expect(slow.exchange.latencyMs).toBeGreaterThanOrEqual(700)
    expect(slow.exchange.latencyMs).toBeLessThan(2500)

    up.behave((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end('{"success":false,"message":"boom"}')
    })
    const failed = await t.engine.call('send.request', {
      environmentId: envId,
      callType: 'track',
      body: '[]',
      origin: 'composed',
    })
    expect(failed.exchange.status).toBe(500)
    expect(failed.exchange.error).toBeNull()
    const failedRecord = await t.engine.call('requests.get', { id: failed.requestId })
    expect(failedRecord?.responseStatus).toBe(500)
    expect(failedRecord?.error).toBe('boom')

    up.behave((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"success":tr')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const cut = await t.engine.call('send.request', {
      environmentId: envId,
      callType: 'track',
      body: '[]',
      origin: 'composed',
    })
    expect(cut.exchange.errorCode).toBe('incomplete')
    expect(cut.exchange.status).toBe(200)
    expect(cut.exchange.body).toBe('{"success":tr')
  })

  it('checks a draft with the engine validator and copies it as curl with the key masked unless asked', async () => {
    const envId = await userEnv(up.baseUrl)
    const bad = await t.engine.call('send.validate', { callType: 'track', body: '[{"event_name": }]' })
    expect(bad.syntaxError?.offset).toBeGreaterThan(0)
    const check = await t.engine.call('send.validate', { callType: 'track', body: '[{"properties":{}}]' })
    expect(check.syntaxError).toBeNull()
    expect(check.events[0]?.findings.some((f) => f.severity === 'error')).toBe(true)

    const masked = await t.engine.call('send.copyDraft', {
      callType: 'track',
      body: '[{"n":"it\'s"}]',
      format: 'curl',
      environmentId: envId,
    })
    expect(masked.text).toContain(`curl -X POST '${up.baseUrl}/track'`)
    expect(masked.text).toContain('x-api-key: ••••0001')
    expect(masked.text).not.toContain('tsk_test_resend_key_0001')
    expect(masked.text).toContain(`--data-raw '[{"n":"it'\\''s"}]'`)
    const revealed = await t.engine.call('send.copyDraft', {
      callType: 'track',
      body: '[]',
      format: 'curl',
      environmentId: envId,
      revealSecrets: true,
    })
    expect(revealed.text).toContain('x-api-key: tsk_test_resend_key_0001')
    // Every SDK form keeps every field of the payload: context and timestamp included.
    const event = trackEvent('plan_selected')
    const asCode = async (format: 'node' | 'browser' | 'fetch') =>
      (
        await t.engine.call('send.copyDraft', {
          callType: 'track',
          body: JSON.stringify([event]),
          format,
          environmentId: envId,
        })
      ).text
    const payloadIn = (text: string): unknown => {
      const start = text.indexOf('[')
      const end = text.lastIndexOf(']')
      return JSON.parse(text.slice(start, end + 1))
    }
    const node = await asCode('node')
    expect(node).toContain(`apiEndpoint: ${JSON.stringify(up.baseUrl)}`)
    expect(node).toContain('await thriveStack.track([')
    expect(node).not.toContain('tsk_test_resend_key_0001')
    expect(payloadIn(node)).toEqual([event])
    const browser = await asCode('browser')
    expect(browser.startsWith('thriveStack.track([')).toBe(true)
    expect(payloadIn(browser)).toEqual([event])
    const viaFetch = await asCode('fetch')
    expect(viaFetch).toContain(`fetch(${JSON.stringify(`${up.baseUrl}/track`)}`)
    expect(viaFetch).toContain('"x-api-key": "••••')
    expect(payloadIn(viaFetch.slice(viaFetch.indexOf('JSON.stringify(')))).toEqual([event])
  })

  it("offers the log's and the tracking plan's names for autocomplete", async () => {
    await capture([trackEvent('seen_in_log', { properties: { coupon: 'x' } })])
    await t.engine.call('plan.save', {
      source: 'event,property,type,required,allowed values\nplanned_only,seats,number,yes,\n',
    })
    const v = await t.engine.call('send.vocabulary', {})
    expect(v.eventNames).toEqual(expect.arrayContaining(['seen_in_log', 'planned_only']))
    expect(v.propertyNames).toEqual(expect.arrayContaining(['coupon', 'seats']))
  })

  it('saves, lists, overwrites and deletes composer payloads', async () => {
    const saved = await t.engine.call('collections.save', {
      name: 'Signup',
      collection: 'Onboarding',
      callType: 'track',
      body: '[1]',
    })
    const again = await t.engine.call('collections.save', {
      name: 'Signup',
      collection: 'Onboarding',
      callType: 'track',
      body: '[2]',
    })
    expect(again.id).toBe(saved.id)
    expect((await t.engine.call('collections.list', {})).map((p) => p.body)).toEqual(['[2]'])
    expect((await t.engine.call('collections.delete', { id: saved.id })).deleted).toBe(true)
    expect(await t.engine.call('collections.list', {})).toEqual([])
  })
})
