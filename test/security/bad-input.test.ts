/**
 * Bad input from a client of the UI transport or the automation API gets a
 * 400 that says what is wrong, never a 500: filters with NUL, templates
 * naming Object's own members, and JSON nested deep enough to overflow a
 * recursive reader. Real servers, real HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automationRoutes } from '../../src/main/headless/automation/automation-routes'
import { post, trackEvent } from '../helpers/engine'
import { startUi, type TestUi } from '../helpers/ui-server'

const TOKEN = 'bad-input-token-0123456789'
let s: TestUi

beforeEach(async () => {
  s = await startUi({ token: TOKEN, routes: (engine) => [automationRoutes(engine)] })
  await post(`${s.t.captureUrl}/track`, JSON.stringify([trackEvent('seen')]))
})
afterEach(() => s.stop())

async function call(
  path: string,
  body: unknown,
  method = 'POST',
): Promise<{ status: number; message: string }> {
  const res = await fetch(`${s.ui.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let message = text
  try {
    const json = JSON.parse(text) as { message?: string; error?: string | { message?: string } }
    message = json.message ?? (typeof json.error === 'object' ? json.error.message : json.error) ?? text
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, message }
}

describe('bad input is a 400 with a reason', () => {
  it('a filter with a NUL character', async () => {
    const rpc = await call('/rpc/events.list', { q: '"a\u0000b"' })
    expect(rpc.status).toBe(400)
    expect(rpc.message).toMatch(/NUL character/)
    const automation = await call(`/automation/v1/events?q=${encodeURIComponent('"a\u0000b"')}`, null, 'GET')
    expect(automation.status).toBe(400)
  })

  it.each(['constructor', '__proto__', 'toString'])('a template naming {{%s}}', async (name) => {
    const res = await call('/rpc/send.request', {
      environmentId: 'local',
      callType: 'track',
      origin: 'composed',
      body: `[{"event_name":"x","user_id":"{{${name}}}"}]`,
    })
    expect(res.status).toBe(400)
    expect(res.message).toContain(name)
  })

  it('a JSON document nested 100,000 levels deep, uploaded or posted to /import', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const rpc = await call('/rpc/transfer.import', { fileName: 'deep.json', content: deep })
    expect(rpc.status).toBe(400)
    expect(rpc.message).toMatch(/nested deeper than 256 levels/)
    const res = await fetch(`${s.ui.baseUrl}/automation/v1/import?name=deep.json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: deep,
    })
    expect(res.status).toBe(400)
  })

  it('an empty NDJSON upload to /import (streamed, not read whole)', async () => {
    const res = await fetch(`${s.ui.baseUrl}/automation/v1/import?name=empty.ndjson`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '\n\n',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('empty.ndjson is empty')
  })

  it('an NDJSON file with one line nested too deep: the line is skipped and counted, the rest imported', async () => {
    const content = [
      JSON.stringify(trackEvent('fine')),
      '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
      JSON.stringify(trackEvent('also_fine')),
    ].join('\n')
    const res = await fetch(`${s.ui.baseUrl}/rpc/transfer.import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: 'log.ndjson', content }),
    })
    expect(res.status).toBe(200)
    const { result } = (await res.json()) as {
      result: { events: number; skipped: { reason: string; count: number }[] }
    }
    expect(result.events).toBe(2)
    expect(result.skipped).toEqual([{ reason: 'lines nested deeper than 256 levels', count: 1 }])
  })
})
