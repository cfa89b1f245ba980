/**
 * The automation API as a CI job uses it: a real engine and UI server on
 * loopback, real HTTP with the bearer token, events posted to the real
 * capture server, and the build gated on the session's verdicts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automationRoutes } from '../../src/main/headless/automation/automation-routes'
import type { UiServer } from '../../src/main/headless/ui-server'
import { post, trackEvent, type TestEngine } from '../helpers/engine'
import { rawGet, startUi, type TestUi } from '../helpers/ui-server'
import { checkAnswer } from '../helpers/automation-answers'

const TOKEN = 'ci-token-0123456789abcdef'
let s: TestUi
let t: TestEngine
let ui: UiServer

beforeEach(async () => {
  s = await startUi({ token: TOKEN, routes: (engine) => [automationRoutes(engine)] })
  ;({ t, ui } = s)
})
afterEach(() => s.stop())

async function api(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const res = await fetch(`${ui.baseUrl}/automation/v1${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    json = null
  }
  if (json !== null) checkAnswer(method, path, res.status, json)
  return { status: res.status, json, text, headers: res.headers }
}

const checkout = {
  name: 'Checkout flow, build 412',
  tester: 'ci',
  appVersion: '4.12.0',
  expectations: [
    {
      id: 'signup',
      eventName: 'signed_up',
      conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
    },
    {
      id: 'email',
      eventName: 'signed_up',
      conditions: [{ path: 'properties.email', op: 'matches', value: '^[^@]+@example\\.com$' }],
    },
    { id: 'checkout', eventName: 'checkout_completed', count: { mode: 'exactly', n: 1 } },
  ],
}

describe('automation API', () => {
  it('refuses a missing or wrong token with 401 and a foreign Origin or Host with 403', async () => {
    expect((await api('GET', '/health', undefined, {})).status).toBe(401)
    const wrong = await api('GET', '/health', undefined, { authorization: 'Bearer not-the-token-at-all' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer')
    const foreign = await api('POST', '/reset', undefined, {
      authorization: `Bearer ${TOKEN}`,
      origin: 'https://evil.example',
    })
    expect(foreign.status).toBe(403)
    expect(
      await rawGet(ui, '/automation/v1/health', { host: 'evil.example', authorization: `Bearer ${TOKEN}` }),
    ).toBe(403)
    expect(
      await rawGet(ui, '/automation/v1/health', {
        host: `127.0.0.1:${ui.port}`,
        authorization: `Bearer ${TOKEN}`,
      }),
    ).toBe(200)
  })

  it('plays a CI job end to end: reset, session, app traffic, verdicts, report, gate', async () => {
    const health = await api('GET', '/health')
    expect(health.status).toBe(200)
    expect(health.json).toMatchObject({ ok: true, captureUrl: t.captureUrl, activeSession: null })

    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('before_the_run')]))
    const reset = await api('POST', '/reset')
    expect(reset.json).toMatchObject({ deletedRequests: 1 })

    const created = await api('POST', '/sessions', checkout)
    expect(created.status).toBe(201)
    const session = created.json as { id: number; results: { verdict: string }[] }
    expect(session.results.map((r) => r.verdict)).toEqual(['pending', 'pending', 'pending'])

    // "The app's tests" run against the capture URL.
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('signed_up'), trackEvent('page_viewed')]),
      {
        'content-type': 'application/json',
        'x-api-key': 'tsk_live_secret_abcdefgh1234',
      },
    )
    const midway = await api('GET', `/sessions/${session.id}/assert`)
    expect(midway.status).toBe(422)
    expect(midway.json).toMatchObject({ passed: false, met: 2, pending: 1 })

    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('checkout_completed')]))
    const live = await api('GET', `/sessions/${session.id}`)
    expect((live.json as { results: { verdict: string }[] }).results.map((r) => r.verdict)).toEqual([
      'met',
      'met',
      'met',
    ])

    const stopped = await api('POST', `/sessions/${session.id}/stop`)
    expect(stopped.status).toBe(200)
    expect(stopped.json).toMatchObject({ passed: true, met: 3 })
    expect((await api('POST', `/sessions/${session.id}/stop`)).status).toBe(409)
    const gate = await api('GET', `/sessions/${session.id}/assert`)
    expect(gate.status).toBe(200)

    const junit = await api('GET', `/sessions/${session.id}/report?format=junit`)
    expect(junit.status).toBe(200)
    expect(junit.headers.get('content-type')).toContain('application/xml')
    expect(junit.text).toContain('tests="3" failures="0"')
    const html = await api('GET', `/sessions/${session.id}/report?format=html`)
    expect(html.text).toContain('PASSED')
    expect(html.text).toContain('Checkout flow, build 412')
    expect(html.text).not.toContain('tsk_live_secret_abcdefgh1234')

    const events = await api('GET', `/events?session=${session.id}&event_name=signed_up`)
    const page = events.json as {
      items: {
        eventName: string
        status: string
        findings: unknown[]
        event: { properties: { plan: string } }
      }[]
      total: number
    }
    expect(page.total).toBe(1)
    expect(page.items[0]?.event.properties.plan).toBe('pro')
    expect(Array.isArray(page.items[0]?.findings)).toBe(true)

    const summary = await api('GET', `/summary?session=${session.id}`)
    expect(summary.json).toMatchObject({ total: 3 })
    const names = (summary.json as { byEventName: { eventName: string; count: number }[] }).byEventName
    expect(names.map((n) => n.eventName).sort()).toEqual(['checkout_completed', 'page_viewed', 'signed_up'])
  })

  it('fails the gate when an expectation is unmet once the session stops', async () => {
    const created = await api('POST', '/sessions', checkout)
    const id = (created.json as { id: number }).id
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('signed_up', { properties: { plan: 'free', email: 'bob@elsewhere.org' } })]),
    )
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('checkout_completed'), trackEvent('checkout_completed')]),
    )
    const stopped = await api('POST', `/sessions/${id}/stop`)
    const detail = stopped.json as {
      passed: boolean
      results: { verdict: string; reason: string; nearMisses: { reasons: string[] }[] }[]
    }
    expect(detail.passed).toBe(false)
    expect(detail.results.map((r) => r.verdict)).toEqual(['failed', 'failed', 'failed'])
    expect(detail.results[0]?.nearMisses[0]?.reasons[0]).toBe('properties.plan is "free", expected "pro"')
    expect(detail.results[2]?.reason).toContain('expected exactly 1')

    const gate = await api('GET', `/sessions/${id}/assert`)
    expect(gate.status).toBe(422)
    expect((gate.json as { unmet: { id: string }[] }).unmet.map((u) => u.id)).toEqual([
      'signup',
      'email',
      'checkout',
    ])
    const junit = await api('GET', `/sessions/${id}/report?format=junit`)
    expect(junit.text).toContain('failures="3"')
  })

  it('answers bad input with clear JSON errors and never crashes', async () => {
    const noName = await api('POST', '/sessions', { expectations: [] })
    expect(noName.status).toBe(400)
    expect((noName.json as { error: { code: string; message: string } }).error.message).toContain('name')
    const badRegex = await api('POST', '/sessions', {
      name: 'x',
      expectations: [{ eventName: 'a', conditions: [{ path: 'properties.a', op: 'matches', value: '(' }] }],
    })
    expect(badRegex.status).toBe(400)
    expect(badRegex.text).toContain('regular expression')
    expect((await api('POST', '/sessions', '{not json')).status).toBe(400)
    expect((await api('GET', '/events?status=great')).status).toBe(400)
    expect((await api('GET', '/events?since=yesterday')).status).toBe(400)
    expect((await api('GET', '/events?limit=0')).status).toBe(400)
    expect((await api('GET', '/events?bogus=1')).status).toBe(400)
    expect((await api('GET', '/sessions/999')).status).toBe(404)
    expect((await api('GET', '/sessions/abc')).status).toBe(400)
    // The query is checked before the session is looked up: a bad format is a bad request either way.
    expect((await api('GET', '/sessions/999/report?format=pdf')).status).toBe(400)
    expect((await api('GET', '/sessions/999/report?format=md')).status).toBe(404)
    const made = (await api('POST', '/sessions', { name: 'for formats' })).json as { id: number }
    const pdf = await api('GET', `/sessions/${made.id}/report?format=pdf`)
    expect(pdf.status).toBe(400)
    expect(pdf.text).toContain('format')
    expect((await api('GET', `/events?session=${made.id}&session=${made.id}`)).status).toBe(400)
    expect((await api('DELETE' as 'GET', '/health')).status).toBe(405)
    expect((await api('GET', '/nope')).status).toBe(404)
    const fromPlan = await api('POST', '/sessions', { name: 'plan', fromPlan: true })
    expect((await api('POST', '/sessions', 'x'.repeat(2 * 1024 * 1024))).status).toBe(413)
    expect(fromPlan.status).toBe(400)
    expect(fromPlan.text).toContain('no tracking plan')
    expect((await api('GET', '/health')).status).toBe(200)
  })

  it('pages through events with filters, newest first, and polls forward with after', async () => {
    const base = Date.now()
    for (let i = 0; i < 5; i++) {
      await post(
        `${t.captureUrl}/track`,
        JSON.stringify([trackEvent(`step_${i}`, { user_id: i % 2 ? 'odd' : 'even' })]),
      )
    }
    await post(
      `${t.captureUrl}/identify`,
      JSON.stringify([
        { user_id: 'even', traits: { user_email: 'e@x.io' }, timestamp: new Date().toISOString() },
      ]),
    )
    const first = await api('GET', '/events?limit=2&type=track')
    const p1 = first.json as { items: { eventName: string; id: number }[]; nextBefore: number; total: number }
    expect(p1.total).toBe(5)
    expect(p1.items.map((e) => e.eventName)).toEqual(['step_4', 'step_3'])
    const second = await api('GET', `/events?limit=2&type=track&before=${p1.nextBefore}`)
    expect((second.json as { items: { eventName: string }[] }).items.map((e) => e.eventName)).toEqual([
      'step_2',
      'step_1',
    ])
    const even = await api('GET', '/events?user_id=even')
    expect((even.json as { total: number }).total).toBe(4)
    const identify = await api('GET', '/events?type=identify')
    expect((identify.json as { total: number }).total).toBe(1)
    const q = await api('GET', '/events?q=step_3')
    expect((q.json as { items: { eventName: string }[] }).items.map((e) => e.eventName)).toEqual(['step_3'])
    // `q` is the stream's filter language, so the API and the UI agree on what matches.
    const language = await api('GET', '/events?q=event:step_1%20user:odd')
    expect(language.json).toMatchObject({ total: 1, totalIsExact: true, items: [{ eventName: 'step_1' }] })
    expect((await api('GET', '/events?q=user:')).status).toBe(400)
    const future = await api('GET', `/events?since=${new Date(Date.now() + 60_000).toISOString()}`)
    expect((future.json as { total: number }).total).toBe(0)
    const all = await api('GET', `/events?since=${base - 1000}&until=${Date.now() + 1000}`)
    expect((all.json as { total: number }).total).toBe(6)
    const forward = await api('GET', '/events?after=0&limit=3')
    expect((forward.json as { items: { eventName: string }[] }).items.map((e) => e.eventName)).toEqual([
      'step_0',
      'step_1',
      'step_2',
    ])
  })

  it('imports a HAR posted by a CI job', async () => {
    const har = {
      log: {
        entries: [
          {
            startedDateTime: new Date().toISOString(),
            request: {
              method: 'POST',
              url: 'https://api.app.thrivestack.ai/api/track',
              headers: [{ name: 'x-api-key', value: 'tsk_live_in_the_har_9999' }],
              postData: { mimeType: 'application/json', text: JSON.stringify([trackEvent('from_har')]) },
            },
            response: { status: 200, content: { text: '{"success":true}' } },
          },
        ],
      },
    }
    const res = await api('POST', '/import?name=run.har', har)
    expect(res.json).toMatchObject({ format: 'har', requests: 1, events: 1 })
    const events = await api('GET', '/events?event_name=from_har')
    expect((events.json as { items: { origin: string }[] }).items[0]?.origin).toBe('imported')
  })

  it('serves the OpenAPI document it was generated from', async () => {
    const res = await api('GET', '/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.json as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/events', '/wait', '/sessions/{id}/assert']),
    )
  })

  it('imports NDJSON as it arrives, in batches of lines, and says what it left out', async () => {
    // Enough lines to take several `transfer.importLines` calls of 1 MiB each.
    const pad = 'x'.repeat(2000)
    const lines = Array.from({ length: 1500 }, (_, i) =>
      JSON.stringify(trackEvent(`line_${i}`, { properties: { i, pad } })),
    )
    lines.splice(700, 0, 'not json')
    const res = await api('POST', '/import?name=run.ndjson', `${lines.join('\r\n')}\n`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      format: 'ndjson',
      events: 1500,
      skipped: [{ reason: 'lines that are not JSON', count: 1 }],
    })
    const last = await api('GET', '/events?event_name=line_1499')
    expect(
      (last.json as { items: { event: { properties: { i: number } } }[] }).items[0]?.event,
    ).toMatchObject({
      properties: { i: 1499 },
    })
    const empty = await api('POST', '/import?name=none.ndjson', '\n\n')
    expect(empty).toMatchObject({ status: 400, json: { error: { code: 'bad_input' } } })
    expect(empty.text).toContain('none.ndjson is empty')
  })
})
