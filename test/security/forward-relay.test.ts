/**
 * Forward mode must not be an open relay: only Track routes called with
 * their own method go upstream (with the stored key); everything else is
 * answered locally, recorded, and carries no CORS header a web page could
 * use to read it. Real capture server, real upstream on loopback.
 */
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, trackEvent, type TestEngine } from '../helpers/engine'
import { header, startHttpUpstream, startSendEngine, type Upstream } from '../helpers/upstream'

let up: Upstream | null = null
let t: TestEngine | null = null

afterEach(async () => {
  await t?.stop()
  await up?.close()
  if (t) cleanup(t.dataDir)
  t = null
  up = null
})

const STORED_KEY = 'tsk_stored_env_key_9f3a7c'

async function forwardWithStoredKey(): Promise<{ up: Upstream; t: TestEngine }> {
  up = await startHttpUpstream()
  t = await startSendEngine()
  const env = await t.engine.call('environments.save', {
    name: 'Prod-like',
    baseUrl: up.baseUrl,
    variables: {},
  })
  await t.engine.call('environments.setCredentials', { id: env.id, apiKey: STORED_KEY })
  await t.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: env.id })
  return { up, t }
}

const origin = { Origin: 'https://evil.example' }

describe('forward mode relays only Track routes', () => {
  it.each([
    ['GET', '/admin/users'],
    ['POST', '/admin/users'],
    ['DELETE', '/track'],
    ['GET', '/track'],
    ['PUT', '/identify'],
    ['POST', '/subscriptionStatus'],
    ['GET', '/v1/projects'],
    ['OPTIONS', '/admin/users'],
  ])('%s %s is answered locally, recorded, not forwarded, and has no CORS header', async (method, path) => {
    const { up, t } = await forwardWithStoredKey()
    const res = await fetch(`${t.captureUrl}${path}`, {
      method,
      headers: { ...origin, 'content-type': 'application/json' },
      body: method === 'GET' || method === 'OPTIONS' ? undefined : '{"x":1}',
    })
    const text = await res.text()
    expect(up.arrived).toHaveLength(0)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.status === 404 || res.status === 405).toBe(true)
    expect(() => JSON.parse(text) as unknown).not.toThrow()
    expect(text).not.toContain(STORED_KEY)
    const page = await t.engine.call('events.list', { includeProtocol: true })
    expect(page.items).toHaveLength(1)
    const requestId = page.items[0]!.requestId
    const recorded = await t.engine.call('requests.get', { id: requestId })
    expect([recorded?.method, recorded?.path]).toEqual([method, `/api${path}`])
    expect(await t.engine.call('send.exchange', { requestId })).toBeNull()
  })

  it('a Track call is still forwarded with the stored key, and answered with CORS', async () => {
    const { up, t } = await forwardWithStoredKey()
    const res = await fetch(`${t.captureUrl}/track`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/json' },
      body: JSON.stringify([trackEvent('signed_up')]),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(up.arrived).toHaveLength(1)
    expect(header(up.arrived[0]!, 'x-api-key')).toBe(STORED_KEY)
  })

  it('answers the preflight of a Track route with CORS, and of any other path without', async () => {
    const { up, t } = await forwardWithStoredKey()
    const ask = (path: string) =>
      fetch(`${t.captureUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          ...origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-api-key',
        },
      })
    const track = await ask('/track')
    expect(track.status).toBe(204)
    expect(track.headers.get('access-control-allow-headers')).toContain('x-api-key')
    const other = await ask('/admin')
    expect(other.status).toBe(404)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    expect(up.arrived).toHaveLength(0)
  })
})

describe('CONNECT on the capture port', () => {
  it('is answered 405 and recorded, tunnels nothing, and is not forwarded', async () => {
    const { up, t } = await forwardWithStoredKey()
    const { port } = new URL(t.captureUrl)
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(
          `CONNECT api.app.thrivestack.ai:443 HTTP/1.1\r\nHost: api.app.thrivestack.ai:443\r\nProxy-Authorization: Basic c2VjcmV0OnNlY3JldA==\r\n\r\n`,
        ),
      )
      let data = ''
      socket.on('data', (c) => (data += c.toString()))
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/)
    expect(reply.toLowerCase()).not.toContain('access-control-allow-origin')
    expect(reply).toContain('The capture port is not a proxy')
    expect(up.arrived).toHaveLength(0)
    const page = await t.engine.call('events.list', { includeProtocol: true })
    expect(page.items).toHaveLength(1)
    const row = await t.engine.call('requests.get', { id: page.items[0]!.requestId })
    expect(row).toMatchObject({ method: 'CONNECT', path: 'api.app.thrivestack.ai:443', responseStatus: 405 })
    expect(JSON.stringify(row?.headers)).not.toContain('c2VjcmV0OnNlY3JldA==')
  })
})
