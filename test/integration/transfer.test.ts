/**
 * Import and export against a real engine: events captured over HTTP are
 * exported to disk in every format and imported back; a devtools-style HAR
 * yields only its Track calls; secrets never reach an export.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportResult, ImportResult } from '../../src/shared/contract/transfer'
import type { EventDetail, EventPage } from '../../src/shared/model'
import { cleanup, post, startEngine, tempDir, trackEvent, type TestEngine } from '../helpers/engine'

let a: TestEngine
let b: TestEngine
const SECRET = 'tsk_live_supersecret_value_7788'

beforeEach(async () => {
  a = await startEngine()
  b = await startEngine()
})
afterEach(async () => {
  await a.stop()
  await b.stop()
  cleanup(a.dataDir)
  cleanup(b.dataDir)
})

async function capture(t: TestEngine): Promise<void> {
  const headers = { 'content-type': 'application/json', 'x-api-key': SECRET }
  await post(
    `${t.captureUrl}/track`,
    JSON.stringify([
      trackEvent('signed_up'),
      trackEvent('plan_selected', { properties: { plan: 'team', seats: 4, tags: ['x'] } }),
    ]),
    headers,
  )
  await post(
    `${t.captureUrl}/identify`,
    JSON.stringify([
      { user_id: 'user_123', traits: { user_email: 'ada@example.com' }, timestamp: new Date().toISOString() },
    ]),
    headers,
  )
  await post(
    `${t.captureUrl}/group`,
    JSON.stringify([
      { group_id: 'acct_9', traits: { group_type: 'account' }, timestamp: new Date().toISOString() },
    ]),
    headers,
  )
  await post(`${t.captureUrl}/track`, '{"event_name": "weird" ,\n "properties": {"a":1}}', headers)
}

async function eventsOf(
  t: TestEngine,
): Promise<{ callType: string; eventName: string | null; json: string | null; status: string }[]> {
  const page = (await t.engine.call('events.list', { limit: 1000 })) as EventPage
  const out = []
  for (const item of [...page.items].reverse()) {
    const d = (await t.engine.call('events.get', { id: item.id })) as EventDetail
    out.push({
      callType: d.callType,
      eventName: d.eventName,
      json: d.json,
      status: d.status,
      origin: d.origin,
    })
  }
  return out
}

describe('HAR round trip', () => {
  it('export → import gives the same events, validated again and marked imported', async () => {
    await capture(a)
    const exported = (await a.engine.call('transfer.export', {
      scope: { kind: 'filter', query: {} },
      format: 'har',
    })) as ExportResult
    expect(exported.events).toBe(5)
    const text = readFileSync(exported.path, 'utf8')
    expect(text).not.toContain(SECRET)
    expect(text).toContain('••••7788')
    const har = JSON.parse(text) as { log: { entries: { request: { url: string } }[] } }
    expect(har.log.entries).toHaveLength(4)

    const result = (await b.engine.call('transfer.import', {
      fileName: 'export.har',
      content: text,
    })) as ImportResult
    expect(result).toMatchObject({ format: 'har', requests: 4, events: 5, skipped: [] })
    const before = await eventsOf(a)
    const after = await eventsOf(b)
    expect(
      after.map(({ callType, eventName, json, status }) => ({ callType, eventName, json, status })),
    ).toEqual(before.map(({ callType, eventName, json, status }) => ({ callType, eventName, json, status })))
    expect(after.every((e) => (e as { origin?: string }).origin === 'imported')).toBe(true)
    const detail = (await b.engine.call('events.get', { id: result.firstEventId as number })) as EventDetail
    expect(detail.request.headers.find(([n]) => n === 'x-api-key')?.[1]).toBe('••••7788')
  })

  it('a devtools HAR: Track calls imported, everything else counted and left out', async () => {
    const entry = (method: string, url: string, text?: string) => ({
      startedDateTime: '2026-01-02T10:00:00.000Z',
      request: {
        method,
        url,
        headers: [
          { name: ':authority', value: 'api.app.thrivestack.ai' },
          { name: 'x-api-key', value: SECRET },
          { name: 'content-type', value: 'application/json' },
        ],
        ...(text !== undefined ? { postData: { mimeType: 'application/json', text } } : {}),
      },
      response: { status: 200, content: { text: '{"success":true}' } },
    })
    const har = {
      log: {
        entries: [
          entry('GET', 'https://shop.example/index.html'),
          entry('OPTIONS', 'https://api.app.thrivestack.ai/api/track'),
          entry('GET', 'https://api.app.thrivestack.ai/api/subscriptionStatus'),
          entry(
            'POST',
            'https://api.app.thrivestack.ai/api/track',
            JSON.stringify([trackEvent('page_visit'), { properties: {} }]),
          ),
          entry(
            'POST',
            'https://api.app.thrivestack.ai/api/identify',
            JSON.stringify([{ user_id: 'u', traits: {}, timestamp: '2026-01-02T10:00:00.000Z' }]),
          ),
          entry('POST', 'https://api.app.thrivestack.ai/api/track'),
          entry('POST', 'https://cdn.example/collect', '{}'),
        ],
      },
    }
    const result = (await a.engine.call('transfer.import', {
      fileName: 'devtools.har',
      content: JSON.stringify(har),
    })) as ImportResult
    expect(result).toMatchObject({ format: 'har', requests: 2, events: 3, invalid: 1 })
    const skipped = Object.fromEntries(result.skipped.map((s) => [s.reason, s.count]))
    expect(skipped).toEqual({
      'not a Track API call': 3,
      'CORS preflight': 1,
      'no request body in the HAR (some tools leave bodies out)': 1,
    })
    const page = (await a.engine.call('events.list', { statuses: ['invalid'] })) as EventPage
    expect(page.items).toHaveLength(1)
    const bad = (await a.engine.call('events.get', { id: page.items[0]?.id as number })) as EventDetail
    expect(bad.findings.some((f) => f.rule === 'event_name.required')).toBe(true)
    expect(bad.request.headers.some(([, v]) => v.includes(SECRET))).toBe(false)
  })
})

describe('NDJSON, JSON and CSV', () => {
  it('NDJSON and JSON exports import back to the same events', async () => {
    await capture(a)
    for (const format of ['ndjson', 'json'] as const) {
      const t = await startEngine()
      try {
        const exported = (await a.engine.call('transfer.export', {
          scope: { kind: 'filter', query: {} },
          format,
        })) as ExportResult
        const text = readFileSync(exported.path, 'utf8')
        expect(text).not.toContain(SECRET)
        if (format === 'ndjson') expect(text.trim().split('\n')).toHaveLength(5)
        const result = (await t.engine.call('transfer.import', {
          fileName: exported.fileName,
          content: text,
        })) as ImportResult
        expect(result).toMatchObject({ format, requests: 4, events: 5 })
        const names = (await eventsOf(t)).map((e) => [e.callType, e.eventName])
        expect(names).toEqual((await eventsOf(a)).map((e) => [e.callType, e.eventName]))
      } finally {
        await t.stop()
        cleanup(t.dataDir)
      }
    }
  })

  it('an import fed a batch of lines at a time keeps the records of one request together', async () => {
    await capture(a)
    const exported = (await a.engine.call('transfer.export', {
      scope: { kind: 'filter', query: {} },
      format: 'ndjson',
    })) as ExportResult
    const lines = readFileSync(exported.path, 'utf8').trim().split('\n')
    const t = await startEngine()
    try {
      const { importId } = await t.engine.call('transfer.importOpen', { fileName: exported.fileName })
      // One line per call: the export's two-event request spans two calls and is still one call again.
      const fed = await Promise.all(
        lines.map((line) => t.engine.call('transfer.importLines', { importId, lines: [line] })),
      )
      expect(fed.map((f) => f.lines)).toEqual(lines.map((_, i) => i + 1))
      const result = await t.engine.call('transfer.importClose', { importId })
      expect(result).toMatchObject({ format: 'ndjson', requests: 4, events: 5 })
      expect((await eventsOf(t)).map((e) => [e.callType, e.eventName])).toEqual(
        (await eventsOf(a)).map((e) => [e.callType, e.eventName]),
      )
      await expect(t.engine.call('transfer.importLines', { importId, lines: [] })).rejects.toThrow(
        /no open import/,
      )
      const blank = await t.engine.call('transfer.importOpen', { fileName: 'blank.ndjson' })
      await t.engine.call('transfer.importLines', { importId: blank.importId, lines: ['', '  '] })
      await expect(t.engine.call('transfer.importClose', { importId: blank.importId })).rejects.toThrow(
        /blank.ndjson is empty/,
      )
    } finally {
      await t.stop()
      cleanup(t.dataDir)
    }
  })

  it('CSV flattens properties into columns and quotes what needs quoting', async () => {
    await post(
      `${a.captureUrl}/track`,
      JSON.stringify([
        trackEvent('plan_selected', {
          properties: { plan: 'team', note: 'a, "b"\nc', formula: '=SUM(A1)', nested: { deep: 1 } },
        }),
        trackEvent('other', { properties: { only_here: true } }),
      ]),
    )
    const exported = (await a.engine.call('transfer.export', {
      scope: { kind: 'filter', query: {} },
      format: 'csv',
    })) as ExportResult
    const text = readFileSync(exported.path, 'utf8')
    const header = text.split('\r\n')[0]?.split(',') ?? []
    expect(header.slice(0, 4)).toEqual(['id', 'received_at', 'call_type', 'event_name'])
    expect(header).toEqual(
      expect.arrayContaining([
        'properties.plan',
        'properties.note',
        'properties.nested.deep',
        'properties.only_here',
        'context.source',
      ]),
    )
    expect(text).toContain('"a, ""b""\nc"')
    expect(text).toContain("'=SUM(A1)")
    expect(exported.events).toBe(2)
  })

  it('exports a selection and a session, and reports progress', async () => {
    const session = (await a.engine.call('sessions.start', { name: 'Export me' })) as { id: number }
    await capture(a)
    await a.engine.call('sessions.stop', { id: session.id })
    await post(`${a.captureUrl}/track`, JSON.stringify([trackEvent('after_session')]))
    const progress: { written: number; done: boolean }[] = []
    const off = a.engine.subscribe((name, payload) => {
      if (name === 'transfer.progress') progress.push(payload as { written: number; done: boolean })
    })
    const bySession = (await a.engine.call('transfer.export', {
      scope: { kind: 'session', id: session.id },
      format: 'ndjson',
    })) as ExportResult
    off()
    expect(bySession.events).toBe(5)
    expect(readFileSync(bySession.path, 'utf8')).not.toContain('after_session')
    expect(progress.at(-1)).toMatchObject({ written: 5, done: true })

    const page = (await a.engine.call('events.list', {})) as EventPage
    const ids = page.items.slice(0, 2).map((i) => i.id)
    const sel = (await a.engine.call('transfer.export', {
      scope: { kind: 'selection', ids },
      format: 'json',
    })) as ExportResult
    const json = JSON.parse(readFileSync(sel.path, 'utf8')) as { events: { id: number }[] }
    expect(json.events.map((e) => e.id)).toEqual([...ids].sort((x, y) => x - y))

    // And read back in chunks, as the browser download does.
    const chunk = (await a.engine.call('transfer.readExport', { fileName: sel.fileName, offset: 0 })) as {
      data: string
      done: boolean
      totalBytes: number
    }
    expect(chunk.done).toBe(true)
    expect(Buffer.from(chunk.data, 'base64').toString('utf8')).toBe(readFileSync(sel.path, 'utf8'))
    await expect(
      a.engine.call('transfer.readExport', { fileName: '../../etc/passwd', offset: 0 }),
    ).rejects.toThrow()
  })

  it('refuses files it cannot read, with a clear message, and records nothing', async () => {
    await expect(
      a.engine.call('transfer.import', { fileName: 'x.json', content: '{"broken":' }),
    ).rejects.toThrow(/not valid JSON/)
    await expect(a.engine.call('transfer.import', { fileName: 'x.har', content: '   ' })).rejects.toThrow(
      /empty/,
    )
    const plain = (await a.engine.call('transfer.import', {
      fileName: 'events.json',
      content: JSON.stringify([trackEvent('plain_a'), trackEvent('plain_b')]),
    })) as ImportResult
    expect(plain).toMatchObject({ format: 'json', requests: 1, events: 2 })
    const lines = (await a.engine.call('transfer.import', {
      fileName: 'x.ndjson',
      content: `${JSON.stringify(trackEvent('line_a'))}\nnot json\n`,
    })) as ImportResult
    expect(lines).toMatchObject({
      format: 'ndjson',
      events: 1,
      skipped: [{ reason: 'lines that are not JSON', count: 1 }],
    })
  })
})

describe('a long export', () => {
  it('gives capture its turn between pages of ids and between chunks of rows', async () => {
    // 3,000 events: three pages of ids (1,000 each) and six chunks of rows (500 each).
    const dir = tempDir()
    const file = join(dir, 'many.ndjson')
    writeFileSync(
      file,
      Array.from({ length: 3000 }, (_, i) => JSON.stringify(trackEvent(`step_${i % 7}`))).join('\n'),
    )
    try {
      expect((await a.engine.importFromFile(file)).events).toBe(3000)
    } finally {
      cleanup(dir)
    }
    const ctx = a.engine.internals
    const yieldToCapture = ctx.yieldToCapture
    let turns = 0
    ctx.yieldToCapture = () => {
      turns++
      return yieldToCapture()
    }
    try {
      const scope = { kind: 'filter', query: {} }
      const ndjson = (await a.engine.call('transfer.export', { scope, format: 'ndjson' })) as ExportResult
      expect(ndjson.events).toBe(3000)
      expect(turns).toBeGreaterThanOrEqual(2 + 6)
      turns = 0
      // CSV reads the rows twice: once for its columns, once to write them.
      const csv = (await a.engine.call('transfer.export', { scope, format: 'csv' })) as ExportResult
      expect(csv.events).toBe(3000)
      expect(turns).toBeGreaterThanOrEqual(2 + 6 + 6)
    } finally {
      ctx.yieldToCapture = yieldToCapture
    }
  })
})
