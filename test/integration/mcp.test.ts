/**
 * `track-debugger mcp`: a client from the official MCP SDK starts the built
 * CLI over stdio, beside a running engine on the same data folder, lists
 * the tools and reads what was captured — live, read-only, secrets masked.
 */
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { afterEach, describe, expect, it } from 'vitest'
import { post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'
import { cleanup, tempDir } from '../helpers/temp-dir'

const root = join(import.meta.dirname, '../..')
const bin = join(root, 'bin/track-debugger.js')

let t: TestEngine | null = null
let client: Client | null = null
const dirs: string[] = []
afterEach(async () => {
  await client?.close()
  client = null
  await t?.stop()
  t = null
  for (const d of dirs.splice(0)) cleanup(d)
})

async function connect(dataDir: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp', '--data-dir', dataDir],
    stderr: 'pipe',
  })
  const c = new Client({ name: 'test-assistant', version: '1.0.0' })
  await c.connect(transport)
  return c
}

function textOf(result: unknown): string {
  const content = (result as { content: { type: string; text: string }[] }).content
  return content.map((c) => c.text).join('')
}

describe('track-debugger mcp', () => {
  it('lists its read-only tools and reads events as they are captured, with secrets masked', async () => {
    const dataDir = tempDir('td-mcp-')
    dirs.push(dataDir)
    t = await startEngine(dataDir)
    await t.engine.call('validation.mode.set', { mode: 'strict' })
    const session = await t.engine.call('sessions.start', {
      name: 'signup flow',
      expectations: [
        { eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }] },
      ],
    })
    const secret = 'tsk_live_0123456789abcdefSECRET'
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('signed_up', { properties: { plan: 'free' } })]),
      {
        'content-type': 'application/json',
        'x-api-key': secret,
      },
    )
    client = await connect(dataDir)

    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'get_event',
      'get_session',
      'list_events',
      'list_sessions',
      'summarize_events',
    ])
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true)

    const listed = JSON.parse(textOf(await client.callTool({ name: 'list_events', arguments: {} }))) as {
      items: { id: number; eventName: string; status: string }[]
    }
    expect(listed.items.map((e) => e.eventName)).toEqual(['signed_up'])
    const id = listed.items[0]!.id

    // Captured after the tool server started: it reads the live log.
    await post(`${t.captureUrl}/track`, JSON.stringify([{ event_name: 'broken', timestamp: 'not a time' }]))
    const invalid = JSON.parse(
      textOf(await client.callTool({ name: 'list_events', arguments: { status: ['invalid'] } })),
    ) as { items: { eventName: string }[] }
    expect(invalid.items.map((e) => e.eventName)).toEqual(['broken'])

    const eventText = textOf(await client.callTool({ name: 'get_event', arguments: { id } }))
    expect(eventText).not.toContain(secret)
    const event = JSON.parse(eventText) as {
      event: { properties: { plan: string } }
      request: { method: string; headers: [string, string][]; answeredWith: number }
    }
    expect(event.event.properties.plan).toBe('free')
    expect(event.request.method).toBe('POST')
    expect(event.request.answeredWith).toBe(200)

    const verdicts = JSON.parse(
      textOf(await client.callTool({ name: 'get_session', arguments: { id: session.id } })),
    ) as { results: { verdict: string; nearMisses: { reasons: string[] }[] }[] }
    expect(verdicts.results[0]?.verdict).toBe('pending')
    expect(verdicts.results[0]?.nearMisses[0]?.reasons).toEqual(['properties.plan is "free", expected "pro"'])

    const summary = JSON.parse(
      textOf(await client.callTool({ name: 'summarize_events', arguments: {} })),
    ) as {
      total: number
      byStatus: Record<string, number>
    }
    expect(summary.total).toBe(2)
    expect(summary.byStatus['invalid']).toBe(1)

    const missing = await client.callTool({ name: 'get_event', arguments: { id: 999_999 } })
    expect(missing.isError).toBe(true)
    expect(textOf(missing)).toMatch(/no event 999999/)
    const bad = await client.callTool({ name: 'list_events', arguments: { limit: 10_000 } })
    expect(bad.isError).toBe(true)

    // Nothing was written by the tools: the session still runs, the log holds what was captured.
    expect((await t.engine.call('sessions.get', { id: session.id }))?.stoppedAt).toBeNull()
    expect((await t.engine.call('log.stats', {})).events).toBe(2)
  })

  it('refuses a folder with no log, plainly, without creating one', async () => {
    const empty = tempDir('td-mcp-empty-')
    dirs.push(empty)
    await expect(connect(empty)).rejects.toThrow()
    const { existsSync } = await import('node:fs')
    expect(existsSync(join(empty, 'track-debugger.db'))).toBe(false)
  })
})
