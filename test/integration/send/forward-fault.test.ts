import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, trackEvent, type TestEngine } from '../../helpers/engine'
import {
  deadPort,
  header,
  startHttpUpstream,
  startHttpsUpstream,
  startSendEngine,
  type Upstream,
} from '../../helpers/upstream'

let up: Upstream | null = null
let t: TestEngine | null = null

afterEach(async () => {
  await t?.stop()
  await up?.close()
  if (t) cleanup(t.dataDir)
  t = null
  up = null
})

async function forwardTo(engine: TestEngine, baseUrl: string, apiKey?: string): Promise<string> {
  const env = await engine.engine.call('environments.save', {
    name: `Upstream ${baseUrl}`,
    baseUrl,
    variables: {},
  })
  if (apiKey) await engine.engine.call('environments.setCredentials', { id: env.id, apiKey })
  await engine.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: env.id })
  return env.id
}

/** The browser SDK's batch: compact JSON, two events, its own key. */
const SDK_BATCH = JSON.stringify([trackEvent('page_visit'), trackEvent('signed_up')])

async function lastRequestId(engine: TestEngine): Promise<number> {
  const page = await engine.engine.call('events.list', {})
  return page.items[0]!.requestId
}

describe('forward mode', () => {
  it('is transparent for an SDK-shaped batch: same bytes and key upstream, same status and body back, all recorded', async () => {
    up = await startHttpUpstream()
    t = await startSendEngine()
    await forwardTo(t, up.baseUrl, 'tsk_env_key_should_not_be_used_1')
    const res = await fetch(`${t.captureUrl}/track?v=2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-api-key': 'tsk_app_own_key_123456' },
      body: SDK_BATCH,
    })
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).toContain('"response_id":"up-1"')
    const got = up.arrived[0]!
    expect(got.method).toBe('POST')
    expect(got.url).toBe('/api/track?v=2')
    expect(got.body.equals(Buffer.from(SDK_BATCH))).toBe(true)
    expect(header(got, 'x-api-key')).toBe('tsk_app_own_key_123456')
    expect(got.rawHeaders.filter(([n]) => n.toLowerCase() === 'x-api-key')).toHaveLength(1)

    const requestId = await lastRequestId(t)
    const ex = await t.engine.call('send.exchange', { requestId })
    expect(ex?.kind).toBe('forward')
    expect(ex?.status).toBe(200)
    expect(ex?.url).toBe(`${up.baseUrl}/track?v=2`)
    expect(ex?.sentHeaders.find(([n]) => n === 'x-api-key')?.[1]).toBe('••••3456')
    const rec = await t.engine.call('requests.get', { id: requestId })
    expect(rec?.eventCount).toBe(2)
    expect(rec?.responseBody).toBe(text)

    up.behave((_req, res2) => {
      res2.writeHead(401, { 'content-type': 'application/json' })
      res2.end('{"success":false,"message":"Invalid API key"}')
    })
    const denied = await fetch(`${t.captureUrl}/track`, {
      method: 'POST',
      body: SDK_BATCH,
      headers: { 'x-api-key': 'nope_nope_nope_1' },
    })
    expect(denied.status).toBe(401)
    expect(await denied.text()).toBe('{"success":false,"message":"Invalid API key"}')
  })

  it('passes gzip, deflate and br bodies upstream as the exact bytes sent, with their Content-Encoding', async () => {
    up = await startHttpUpstream()
    t = await startSendEngine()
    await forwardTo(t, up.baseUrl)
    const encoders = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }
    for (const [encoding, encode] of Object.entries(encoders)) {
      const wire = encode(Buffer.from(SDK_BATCH))
      const res = await fetch(`${t.captureUrl}/track`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': encoding,
          'x-api-key': 'k_123456',
        },
        body: wire,
      })
      expect(res.status).toBe(200)
      const got = up.arrived.at(-1)!
      expect(got.body.equals(wire)).toBe(true)
      expect(header(got, 'content-encoding')).toBe(encoding)
      expect(header(got, 'content-length')).toBe(String(wire.length))
      // The debugger still decoded it for the log, and shows the exchange decoded.
      const requestId = await lastRequestId(t)
      expect((await t.engine.call('requests.get', { id: requestId }))?.eventCount).toBe(2)
      const ex = await t.engine.call('send.exchange', { requestId })
      expect(ex?.sentBody).toBe(SDK_BATCH)
      expect(ex?.sentHeaders).toContainEqual(['Content-Encoding', encoding])
    }
    // An identity body carries no Content-Encoding upstream.
    await fetch(`${t.captureUrl}/track`, {
      method: 'POST',
      body: SDK_BATCH,
      headers: { 'x-api-key': 'k_123456', 'x-track-debugger-test': 'spec-one-retry1' },
    })
    expect(header(up.arrived.at(-1)!, 'content-encoding')).toBeUndefined()
    // The test-scope header is the debugger's own: it stays here.
    expect(header(up.arrived.at(-1)!, 'x-track-debugger-test')).toBeUndefined()
    expect(header(up.arrived.at(-1)!, 'x-api-key')).toBe('k_123456')
    expect(up.arrived.at(-1)!.body.equals(Buffer.from(SDK_BATCH))).toBe(true)
  })

  it("adds the environment's key only when the app sent none, and forwards over HTTPS with a test CA", async () => {
    const secure = await startHttpsUpstream()
    try {
      await secure.server.forPost('/api/identify').thenReply(200, '{"success":true}')
      t = await startSendEngine({ trustedCa: [secure.caCert] })
      await forwardTo(t, secure.baseUrl, 'tsk_env_key_used_when_missing')
      const body = '[{"user_id":"u1","traits":{"user_email":"a@b.c"},"timestamp":"2025-01-01T00:00:00.000Z"}]'
      const res = await fetch(`${t.captureUrl}/identify`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status).toBe(200)
      const seen = await (await secure.server.getMockedEndpoints())[0]!.getSeenRequests()
      expect(seen[0]!.headers['x-api-key']).toBe('tsk_env_key_used_when_missing')
      expect(await seen[0]!.body.getText()).toBe(body)
    } finally {
      await secure.server.stop()
    }
  })

  it('survives a dead upstream (502), a slow one (504), one that breaks off (502) and passes a 500 through', async () => {
    up = await startHttpUpstream()
    t = await startSendEngine({ forwardTimeoutMs: 300 })
    await forwardTo(t, `http://127.0.0.1:${await deadPort()}/api`)
    const dead = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })
    expect(dead.status).toBe(502)
    const deadBody = (await dead.json()) as { success: boolean; message: string }
    expect(deadBody.success).toBe(false)
    expect(deadBody.message).toMatch(/refused the connection/)
    const deadId = await lastRequestId(t)
    expect((await t.engine.call('requests.get', { id: deadId }))?.eventCount).toBe(2)
    expect((await t.engine.call('send.exchange', { requestId: deadId }))?.errorCode).toBe('refused')

    await forwardTo(t, up.baseUrl)
    up.behave((_req, res) => setTimeout(() => res.end('{}'), 2000))
    const slow = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })
    expect(slow.status).toBe(504)
    expect(((await slow.json()) as { message: string }).message).toMatch(/did not answer within 300 ms/)
    expect((await t.engine.call('requests.get', { id: await lastRequestId(t) }))?.responseStatus).toBe(504)

    up.behave((_req, res) => {
      res.writeHead(200, { 'content-length': '50' })
      res.write('{"succ')
      setTimeout(() => res.socket?.destroy(), 10)
    })
    const cut = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })
    expect(cut.status).toBe(502)
    expect(((await cut.json()) as { message: string }).message).toMatch(/broke off/)

    up.behave((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end('{"success":false,"message":"Internal"}')
    })
    const five = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })
    expect(five.status).toBe(500)
  })

  it('reuses upstream connections, and resends once on a kept-alive connection the upstream dropped', async () => {
    up = await startHttpUpstream()
    t = await startSendEngine()
    await forwardTo(t, up.baseUrl)
    const perSocket = new WeakMap<object, number>()
    let dropped = 0
    up.behave((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1
      perSocket.set(req.socket, n)
      // Every third request on a connection finds it gone, as when an upstream closes an idle keep-alive socket.
      if (n % 3 === 0) {
        dropped++
        req.socket.destroy()
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"success":true}')
    })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200])
    expect(dropped).toBeGreaterThan(0)
    expect(up.arrived).toHaveLength(6 + dropped)
  })

  it('refuses to forward into itself', async () => {
    t = await startSendEngine()
    await expect(
      t.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: 'local' }),
    ).rejects.toThrow(/This debugger.*own capture port/)
    expect((await t.engine.call('capture.getMode', {})).mode).toBe('capture')
  })
})

describe('fault injection', () => {
  it('answers 429 with Retry-After and records the fault as such', async () => {
    t = await startSendEngine()
    await t.engine.call('capture.setMode', {
      mode: 'fault',
      fault: { action: 'status', status: 429, retryAfterSeconds: 7, percent: 100 },
    })
    const res = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(((await res.json()) as { message: string }).message).toMatch(/fault injected/)
    const id = await lastRequestId(t)
    const ex = await t.engine.call('send.exchange', { requestId: id })
    expect(ex?.kind).toBe('fault')
    expect(ex?.fault).toContain('429 with Retry-After: 7')
    expect((await t.engine.call('requests.get', { id }))?.error).toMatch(/^Fault injected/)
  })

  it('delays, drops the connection, and applies to a share or a named event only', async () => {
    const rolls = [0.1, 0.9, 0.2, 0.8]
    let i = 0
    t = await startSendEngine({ random: () => rolls[i++ % rolls.length]! })
    await t.engine.call('capture.setMode', {
      mode: 'fault',
      fault: { action: 'none', delayMs: 250, percent: 100 },
    })
    const started = Date.now()
    const delayed = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })
    expect(delayed.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)

    await t.engine.call('capture.setMode', { fault: { action: 'drop', delayMs: 0 } })
    await expect(fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })).rejects.toThrow()
    await new Promise((r) => setTimeout(r, 50))
    const dropped = await t.engine.call('requests.get', { id: await lastRequestId(t) })
    expect(dropped?.responseStatus).toBe(0)
    expect(dropped?.eventCount).toBe(2)

    await t.engine.call('capture.setMode', { fault: { action: 'status', status: 503, percent: 50 } })
    const statuses: number[] = []
    for (let n = 0; n < 4; n++)
      statuses.push((await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })).status)
    expect(statuses).toEqual([503, 200, 503, 200])

    await t.engine.call('capture.setMode', { fault: { percent: 100, eventName: 'checkout' } })
    expect((await fetch(`${t.captureUrl}/track`, { method: 'POST', body: SDK_BATCH })).status).toBe(200)
    const hit = await fetch(`${t.captureUrl}/track`, {
      method: 'POST',
      body: JSON.stringify([trackEvent('checkout')]),
    })
    expect(hit.status).toBe(503)
  })

  it('keeps the mode across a restart and pushes changes', async () => {
    t = await startSendEngine()
    const pushed: string[] = []
    const off = t.engine.subscribe((name, payload) => {
      if (name === 'capture.modeChanged') pushed.push((payload as { mode: string }).mode)
    })
    await t.engine.call('capture.setMode', { mode: 'fault', fault: { status: 500 } })
    off()
    expect(pushed).toEqual(['fault'])
    const dir = t.dataDir
    await t.stop()
    t = await startSendEngine({}, dir)
    const state = await t.engine.call('capture.getMode', {})
    expect(state.mode).toBe('fault')
    expect(state.fault.status).toBe(500)
    await expect(t.engine.call('capture.setMode', { fault: { status: 418 as 400 } })).rejects.toThrow(
      /Bad input/,
    )
  })
})
