/**
 * POST /automation/v1/wait: a test waits for tracking instead of polling
 * for it. A real engine and UI server on loopback, events posted to the
 * real capture server while the wait is open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automationRoutes } from '../../src/main/headless/automation/automation-routes'
import { looksLike } from '../../src/main/engine/sessions/wait'
import { post, trackEvent } from '../helpers/engine'
import { startUi, type TestUi } from '../helpers/ui-server'
import { checkAnswer } from '../helpers/automation-answers'

const TOKEN = 'wait-token-0123456789abcdef'
let s: TestUi

beforeEach(async () => {
  s = await startUi({ token: TOKEN, routes: (engine) => [automationRoutes(engine)] })
})
afterEach(() => s.stop())

interface WaitAnswer {
  met: boolean
  matchCount: number
  matchedIds: number[]
  nearMisses: { eventId: number; reasons: string[] }[]
  similarNames: { eventName: string; count: number }[]
  waitedMs: number
  lastEventId: number
  message: string
}

function wait(body: unknown, signal?: AbortSignal): Promise<{ status: number; json: WaitAnswer }> {
  return fetch(`${s.ui.baseUrl}/automation/v1/wait`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  }).then(async (res) => {
    const json = (await res.json()) as WaitAnswer
    checkAnswer('POST', '/wait', res.status, json)
    return { status: res.status, json }
  })
}

const capture = (events: unknown[]) => post(`${s.t.captureUrl}/track`, JSON.stringify(events))
describe('POST /automation/v1/wait', () => {
  it('answers as soon as the matching call is committed, not at a polling tick', async () => {
    const pending = wait({
      expectation: {
        eventName: 'signed_up',
        conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
      },
      timeoutMs: 10_000,
    })
    // Long enough for the wait to reach the engine on a busy machine before the call is sent.
    await new Promise((r) => setTimeout(r, 300))
    expect((await capture([trackEvent('signed_up')])).status).toBe(200)
    // The capture's 200 means the row is committed; from there the wait's answer is one event-loop turn away.
    const answeredAt = performance.now()
    const { status, json } = await pending
    const answeredAfter = performance.now() - answeredAt
    expect(status).toBe(200)
    expect(json.met).toBe(true)
    expect(json.matchCount).toBe(1)
    expect(json.matchedIds).toHaveLength(1)
    // Well under any poll interval (bounded loosely: these machines are shared and noisy).
    expect(answeredAfter).toBeLessThan(250)
    expect(json.waitedMs).toBeGreaterThanOrEqual(100)
  })

  it('times out with the nearest misses, field by field', async () => {
    await capture([trackEvent('signed_up', { properties: { plan: 'free' } })])
    const { status, json } = await wait({
      expectation: {
        eventName: 'signed_up',
        conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
      },
      timeoutMs: 200,
    })
    expect(status).toBe(422)
    expect(json.met).toBe(false)
    expect(json.nearMisses[0]?.reasons).toEqual(['properties.plan is "free", expected "pro"'])
    expect(json.message).toContain('properties.plan is "free", expected "pro"')
    expect(json.waitedMs).toBeGreaterThanOrEqual(190)
  })

  it('names similar events when none has the expected name', async () => {
    await capture([trackEvent('sign_up'), trackEvent('sign_up'), trackEvent('page_visit')])
    const { status, json } = await wait({ expectation: { eventName: 'signup' }, timeoutMs: 50 })
    expect(status).toBe(422)
    expect(json.similarNames).toEqual([{ eventName: 'sign_up', count: 2 }])
    expect(json.message).toContain('No "signup" event; similar: "sign_up" ×2.')
  })

  it('looks only after a given event id, so a test sees only what it caused', async () => {
    await capture([trackEvent('checkout_completed')])
    const health = await fetch(`${s.ui.baseUrl}/automation/v1/health`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }).then((r) => r.json() as Promise<{ lastEventId: number }>)
    const { status } = await wait({
      expectation: { eventName: 'checkout_completed' },
      after: health.lastEventId,
      timeoutMs: 100,
    })
    expect(status).toBe(422)
    const again = wait({
      expectation: { eventName: 'checkout_completed' },
      after: health.lastEventId,
      timeoutMs: 5_000,
    })
    await capture([trackEvent('checkout_completed')])
    const answer = await again
    expect(answer.status).toBe(200)
    expect(answer.json.matchedIds[0]).toBeGreaterThan(health.lastEventId)
  })

  it('frees the wait when the client goes away, and rejects bad input', async () => {
    const waiter = s.t.engine.internals.waiter
    const gone = new AbortController()
    const pending = wait({ expectation: { eventName: 'never' }, timeoutMs: 60_000 }, gone.signal).catch(
      (e: Error) => e.name,
    )
    const deadline = Date.now() + 2_000
    while (waiter.openWaits === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(waiter.openWaits).toBe(1)
    gone.abort()
    expect(await pending).toBe('AbortError')
    // The server side ends too, long before the 60 s timeout: nothing is left listening.
    while (waiter.openWaits > 0 && Date.now() < deadline + 1_000) await new Promise((r) => setTimeout(r, 10))
    expect(waiter.openWaits).toBe(0)

    const bad = await fetch(`${s.ui.baseUrl}/automation/v1/wait`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expectation: { eventName: 'x' }, timeoutMs: 10_000_000 }),
    })
    expect(bad.status).toBe(400)
  })
})

describe('calls scoped to a test by the x-track-debugger-test header', () => {
  const asTest = (test: string, events: unknown[]) =>
    post(`${s.t.captureUrl}/track`, JSON.stringify(events), {
      'content-type': 'application/json',
      'X-Track-Debugger-Test': test,
    })

  it("a wait and a query with `test` see that test's calls only", async () => {
    const expectation = { eventName: 'signed_up' }
    const pending = wait({ expectation, test: 'spec b', timeoutMs: 10_000 })
    await new Promise((r) => setTimeout(r, 100))
    // Another test's event and an untagged one do not meet b's wait.
    expect((await asTest('spec a', [trackEvent('signed_up')])).status).toBe(200)
    expect((await capture([trackEvent('signed_up')])).status).toBe(200)
    expect((await asTest('spec b', [trackEvent('page_visit'), trackEvent('signed_up')])).status).toBe(200)
    const { status, json } = await pending
    expect(status).toBe(200)
    expect(json.matchCount).toBe(1)

    const res = await fetch(`${s.ui.baseUrl}/automation/v1/events?test=${encodeURIComponent('spec b')}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    const page = (await res.json()) as { items: { eventName: string; testId: string | null }[] }
    expect(page.items.map((e) => [e.eventName, e.testId])).toEqual([
      ['signed_up', 'spec b'],
      ['page_visit', 'spec b'],
    ])
    // A test with no calls gets nothing, and its wait names no similar event from other tests.
    const none = await wait({ expectation: { eventName: 'signed_upp' }, test: 'spec c', timeoutMs: 0 })
    expect(none.status).toBe(422)
    expect(none.json.similarNames).toEqual([])
    const other = await wait({ expectation: { eventName: 'signed_upp' }, test: 'spec a', timeoutMs: 0 })
    expect(other.json.similarNames).toEqual([{ eventName: 'signed_up', count: 1 }])
  })
})

describe('similar names', () => {
  it('treats spelling variants and one-letter typos as similar, and different words as not', () => {
    expect(looksLike('signup', 'sign_up')).toBe(true)
    expect(looksLike('signed_up', 'Signed-Up')).toBe(true)
    expect(looksLike('checkout_completed', 'checkout_complete')).toBe(true)
    expect(looksLike('signup', 'sigup')).toBe(true)
    expect(looksLike('signup', 'signin')).toBe(false)
    expect(looksLike('signup', 'page_visit')).toBe(false)
    expect(looksLike('pay', 'day')).toBe(false)
    expect(looksLike('signup', 'signup')).toBe(false)
  })
})
