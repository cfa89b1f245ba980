import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UiServer } from '../../src/main/headless/ui-server'
import { parseServeArgs, UsageError } from '../../src/main/headless/cli'
import { post, trackEvent, type TestEngine } from '../helpers/engine'
import { rawGet, startUi, type TestUi } from '../helpers/ui-server'

const TOKEN = 'test-token-0123456789abcdef'
let s: TestUi
let t: TestEngine
let ui: UiServer

beforeEach(async () => {
  s = await startUi({
    token: TOKEN,
    files: {
      'index.html': '<!doctype html><title>Track Debugger</title>',
      'assets/app.js': 'console.log(1)',
    },
  })
  ;({ t, ui } = s)
})
afterEach(() => s.stop())

const rpc = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${ui.baseUrl}/rpc/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('headless UI server', () => {
  it('carries the contract over HTTP with the token', async () => {
    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('over_http')]))
    const res = await rpc('events.list', {})
    expect(res.status).toBe(200)
    const { result } = (await res.json()) as { result: { items: { eventName: string }[] } }
    expect(result.items.map((e) => e.eventName)).toEqual(['over_http'])
  })

  it('answers 401 without the token or with a wrong one, before doing anything', async () => {
    const none = await fetch(`${ui.baseUrl}/rpc/events.clear`, { method: 'POST', body: '{}' })
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } })
    const wrong = await rpc('events.clear', {}, { authorization: `Bearer ${TOKEN.slice(0, -1)}x` })
    expect(wrong.status).toBe(401)
    const stream = await fetch(`${ui.baseUrl}/rpc/stream`)
    expect(stream.status).toBe(401)
    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('still_here')]))
    expect((await t.engine.call('log.stats', {})).events).toBe(1)
  })

  it('refuses a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    expect((await rpc('events.list', {}, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await rpc('events.list', {}, { origin: ui.baseUrl })).status).toBe(200)
    expect(await rawGet(ui, '/', { host: `evil.example:${ui.port}` })).toBe(403)
    expect(await rawGet(ui, '/', { host: `localhost:${ui.port}` })).toBe(200)
  })

  it('rejects bad input with a clear 400 and unknown methods with 404', async () => {
    const bad = await rpc('events.list', { limit: 'lots' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/limit/)
    expect((await rpc('events.drop_everything', {})).status).toBe(404)
    const notJson = await fetch(`${ui.baseUrl}/rpc/events.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{nope',
    })
    expect(notJson.status).toBe(400)
  })

  it('pushes new rows over server-sent events', async () => {
    const controller = new AbortController()
    const res = await fetch(`${ui.baseUrl}/rpc/stream`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    })
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = res.body!.getReader()
    await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('pushed')]))
    let text = ''
    const deadline = Date.now() + 3000
    while (!text.includes('event: events.added') && Date.now() < deadline) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    controller.abort()
    const data = /event: events\.added\ndata: (.*)\n/.exec(text)?.[1]
    expect(JSON.parse(data as string)[0]).toMatchObject({ eventName: 'pushed', callType: 'track' })
  })

  it('serves the UI without the token, with a CSP, and never outside its folder', async () => {
    const index = await fetch(`${ui.baseUrl}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(index.headers.get('referrer-policy')).toBe('no-referrer')
    expect((await fetch(`${ui.baseUrl}/assets/app.js`)).status).toBe(200)
    expect((await fetch(`${ui.baseUrl}/assets/missing.js`)).status).toBe(404)
    expect(await rawGet(ui, '/..%2f..%2f..%2fetc%2fpasswd', { host: `127.0.0.1:${ui.port}` })).not.toBe(200)
    expect(await rawGet(ui, '/../../../../etc/passwd', { host: `127.0.0.1:${ui.port}` })).toBe(200)
    // The path above was normalised into the app shell, not the file.
    const shell = await (await fetch(`${ui.baseUrl}/some/client/route`)).text()
    expect(shell).toContain('<title>Track Debugger</title>')
  })
})

describe('serve flags', () => {
  it('parses ports, host, data dir and token', () => {
    const opts = parseServeArgs(
      [
        'serve',
        '--capture-port',
        '0',
        '--ui-port',
        '9000',
        '--host',
        '127.0.0.1',
        '--data-dir',
        '/tmp/x',
        '--token',
        'a'.repeat(20),
      ],
      {},
    )
    expect(opts).toMatchObject({
      capturePort: 0,
      uiPort: 9000,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      token: 'a'.repeat(20),
    })
  })

  it('takes the token from the environment and makes one otherwise', () => {
    const fromEnv = parseServeArgs([], { TRACK_DEBUGGER_TOKEN: 'b'.repeat(24) })
    expect(fromEnv).toMatchObject({ token: 'b'.repeat(24), capturePort: 8787, uiPort: 8788 })
    const a = parseServeArgs([], {}) as { token: string }
    const b = parseServeArgs([], {}) as { token: string }
    expect(a.token).not.toBe(b.token)
    expect(a.token.length).toBeGreaterThanOrEqual(32)
  })

  it('explains bad flags', () => {
    expect(() => parseServeArgs(['--capture-port', '70000'], {})).toThrow(UsageError)
    expect(() => parseServeArgs(['--capture-port', 'abc'], {})).toThrow(
      /--capture-port must be a port number/,
    )
    expect(() => parseServeArgs(['--token', 'short'], {})).toThrow(/at least 16/)
    expect(() => parseServeArgs(['launch'], {})).toThrow(/Unknown command/)
    expect(() => parseServeArgs(['--body-memory', '1'], {})).toThrow(/--body-memory must be a number of MB/)
    expect(parseServeArgs(['--body-memory', '128'], {})).toMatchObject({ bodyBudgetBytes: 128 * 1024 * 1024 })
    expect(parseServeArgs([], {})).toMatchObject({ bodyBudgetBytes: undefined })
    expect(parseServeArgs(['--help'], {})).toBe('help')
  })
})
