/**
 * A hostile web page in a real browser, while the debugger runs in forward
 * mode with a stored key: it may post Track calls (that is what the capture
 * port is for), but it can neither use the port to reach other upstream
 * paths nor read what any non-Track request answers.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { startServer, trackEvent } from '../e2e/fixtures'
import { cleanup } from '../helpers/temp-dir'
import { startHttpUpstream } from '../helpers/upstream'

const KEY = 'tsk_attacker_test_SECRET_4242'

async function serveAttackerPage(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>Totally harmless</title><p>hello</p>')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }
}

test('a web page cannot relay through forward mode or read non-Track answers', async ({ page }) => {
  const upstream = await startHttpUpstream()
  const debuggerServer = await startServer({
    args: ['--mode', 'forward', '--upstream', upstream.baseUrl],
    env: { TRACK_DEBUGGER_API_KEY: KEY },
  })
  const attacker = await serveAttackerPage()
  try {
    await page.goto(attacker.url)
    const capture = debuggerServer.captureUrl
    const results = await page.evaluate(
      async ({ capture, event }) => {
        const attempt = async (path: string, init: RequestInit) => {
          try {
            const res = await fetch(capture + path, init)
            return `read ${res.status}: ${await res.text()}`
          } catch (error) {
            return `blocked: ${String(error)}`
          }
        }
        const json = { 'content-type': 'application/json' }
        return {
          admin: await attempt('/v1/admin/export', { method: 'GET' }),
          adminPost: await attempt('/v1/admin/users', { method: 'POST', headers: json, body: '{}' }),
          wrongMethod: await attempt('/track', { method: 'DELETE' }),
          track: await attempt('/track', {
            method: 'POST',
            headers: { ...json, 'x-api-key': 'page_own_key_1234' },
            body: JSON.stringify([event]),
          }),
        }
      },
      { capture, event: trackEvent('from_a_page') },
    )
    expect(results.admin).toMatch(/^blocked/)
    expect(results.adminPost).toMatch(/^blocked/)
    expect(results.wrongMethod).toMatch(/^blocked/)
    expect(results.track).toMatch(/^read 200/)
    // Only the Track call reached the upstream; nothing else ever went out with the stored key.
    expect(upstream.arrived.map((a) => `${a.method} ${a.url}`)).toEqual(['POST /api/track'])
  } finally {
    attacker.server.close()
    await debuggerServer.stop()
    await upstream.close()
    cleanup(debuggerServer.dataDir)
  }
})
