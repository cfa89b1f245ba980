/**
 * Property test: credentials sent in any of the places a client puts them
 * (headers, query parameters, JSON members with key-like names, at the top
 * or nested) never reach the database file, its WAL, any export or any
 * report; each is kept only as a `••••last4` fingerprint. Real capture
 * server, real SQLite file, real exports.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redactJsonText, redactQuery } from '../../src/main/engine/capture/redact'
import { cleanup, startEngine, trackEvent, type TestEngine } from '../helpers/engine'
import { startHttpUpstream, startSendEngine } from '../helpers/upstream'

const HEADERS = [
  'x-api-key',
  'api-key',
  'X-Auth',
  'X-Auth-Token',
  'Proxy-Authorization',
  'Authorization',
  'KEY',
]
const PARAMS = ['api_key', 'apiKey', 'key', 'token', 'access_token']
const MEMBERS = ['api_key', 'apiKey', 'x-api-key', 'token', 'password', 'client_secret', 'access_token']

const secret = fc.stringMatching(/^[A-Za-z0-9]{20,36}$/).map((s) => `tsk_${s}`)

const placement = fc.record({
  where: fc.constantFrom('header', 'query', 'body', 'nested'),
  header: fc.constantFrom(...HEADERS),
  param: fc.constantFrom(...PARAMS),
  member: fc.constantFrom(...MEMBERS),
  secret,
})

let t: TestEngine
const planted: string[] = []

beforeAll(async () => {
  t = await startEngine()
  await t.engine.call('sessions.start', { name: 'secrets' })
  await fc.assert(
    fc.asyncProperty(placement, async (p) => {
      planted.push(p.secret)
      const event = trackEvent('with_secret') as Record<string, unknown>
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      let query = ''
      if (p.where === 'header')
        headers[p.header] = /authorization/i.test(p.header) ? `Bearer ${p.secret}` : p.secret
      if (p.where === 'query') query = `?v=2&${p.param}=${encodeURIComponent(p.secret)}`
      if (p.where === 'body') event[p.member] = p.secret
      if (p.where === 'nested') event['properties'] = { plan: 'pro', [p.member]: p.secret }
      const res = await fetch(`${t.captureUrl}/track${query}`, {
        method: 'POST',
        headers,
        body: JSON.stringify([event]),
      })
      expect(res.status).toBe(200)
    }),
    { numRuns: 60, seed: 4242 },
  )
  await t.engine.call('sessions.stop', { id: (await t.engine.call('sessions.list', {}))[0]!.id })
}, 60_000)

afterAll(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

function leaks(text: string): string[] {
  return planted.filter((s) => text.includes(s))
}

describe('secrets in captured calls', () => {
  it('are not in the database file or its WAL', () => {
    for (const name of readdirSync(t.dataDir).filter((n) => n.startsWith('track-debugger.db'))) {
      expect([name, leaks(readFileSync(join(t.dataDir, name)).toString('latin1'))]).toEqual([name, []])
    }
  })

  it.each(['ndjson', 'json', 'csv', 'har'] as const)('are not in a %s export', async (format) => {
    const result = await t.engine.call('transfer.export', { scope: { kind: 'filter', query: {} }, format })
    expect(result.events).toBeGreaterThanOrEqual(60)
    expect(leaks(readFileSync(result.path, 'utf8'))).toEqual([])
  })

  it.each(['html', 'md', 'json', 'junit'] as const)('are not in a %s report', async (format) => {
    const id = (await t.engine.call('sessions.list', {}))[0]!.id
    const report = await t.engine.call('sessions.report', { id, format })
    expect(leaks(report.content)).toEqual([])
  })

  it('are shown as a fingerprint that tells two keys apart', async () => {
    const page = await t.engine.call('events.list', { limit: 100 })
    const shown = await Promise.all(page.items.map((r) => t.engine.call('requests.get', { id: r.requestId })))
    const text = JSON.stringify(shown)
    expect(leaks(text)).toEqual([])
    expect(text).toMatch(/••••[A-Za-z0-9]{4}/)
  })
})

describe('the redaction rules', () => {
  it('keep everything else byte for byte', () => {
    const body =
      '[{"event_name":"a","properties":{"plan":"pro","keyboard":"qwerty","api_key" : "sk_live_0123456789abcd"}}]'
    expect(redactJsonText(body)).toBe(
      '[{"event_name":"a","properties":{"plan":"pro","keyboard":"qwerty","api_key" : "••••abcd"}}]',
    )
    expect(redactJsonText('[{"event_name":"token_refreshed"}]')).toBe('[{"event_name":"token_refreshed"}]')
    expect(redactQuery('?v=2&apiKey=sk_live_0123456789abcd&x=1')).toBe(
      `?v=2&apiKey=${encodeURIComponent('••••abcd')}&x=1`,
    )
    expect(redactQuery('?monkey=1')).toBe('?monkey=1')
  })
})

describe('forward mode', () => {
  it('sends the app its own credentials upstream, and keeps only fingerprints of them', async () => {
    const up = await startHttpUpstream()
    const f = await startSendEngine()
    try {
      const env = await f.engine.call('environments.save', { name: 'Up', baseUrl: up.baseUrl, variables: {} })
      await f.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: env.id })
      const key = 'tsk_query_secret_ABCDEFGH12345678'
      const member = 'tsk_member_secret_ZYXWVUT987654321'
      const res = await fetch(`${f.captureUrl}/track?api_key=${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': key },
        body: JSON.stringify([{ ...trackEvent('fwd'), token: member }]),
      })
      expect(res.status).toBe(200)
      // Upstream got exactly what the app sent.
      expect(up.arrived[0]?.url).toContain(key)
      expect(up.arrived[0]?.body.toString()).toContain(member)
      await f.stop()
      for (const name of readdirSync(f.dataDir).filter((n) => n.startsWith('track-debugger.db'))) {
        const bytes = readFileSync(join(f.dataDir, name)).toString('latin1')
        expect([name, bytes.includes(key), bytes.includes(member)]).toEqual([name, false, false])
      }
    } finally {
      await f.stop()
      await up.close()
      cleanup(f.dataDir)
    }
  })
})
