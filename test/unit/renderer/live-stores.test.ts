/**
 * The stores that follow the log live, each against a fake Api typed by the
 * contract: the stream, the open event, the stats and the environments.
 * Each test loads the stores afresh (their subscriptions live in their
 * closures), so one test's pushes never reach another's stores.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EnvironmentView } from '../../../src/shared/contract/send'
import type { ImportResult } from '../../../src/shared/contract/transfer'
import type { EventDetail, EventPage, EventSummary } from '../../../src/shared/model'
import { freshFake, type Answers } from './fake-api'

async function fresh(answers: Answers) {
  const fake = await freshFake(answers)
  return {
    fake,
    stream: (await import('../../../src/renderer/src/stores/stream-store')).useStreamStore,
    selection: (await import('../../../src/renderer/src/stores/selection-store')).useSelectionStore,
    settings: (await import('../../../src/renderer/src/stores/settings-store')).useSettingsStore,
    connection: (await import('../../../src/renderer/src/stores/connection-store')).useConnectionStore,
    environments: (await import('../../../src/renderer/src/stores/environments-store')).useEnvironmentsStore,
    transfer: (await import('../../../src/renderer/src/stores/transfer-store')).useTransferStore,
  }
}

const row = (id: number, eventName = `event_${id}`): EventSummary => ({
  id,
  requestId: id,
  kind: 'event',
  receivedAt: 1_700_000_000_000 + id,
  callType: 'track',
  eventName,
  userId: 'u1',
  source: null,
  status: 'valid',
  responseStatus: 200,
  latencyMs: 1,
  responseBytes: 16,
  origin: 'captured',
  findingCount: 0,
  planOnly: false,
})
const page = (rows: EventSummary[]): EventPage => ({
  items: rows,
  nextBefore: null,
  total: rows.length,
  totalIsExact: true,
})
const detail = (id: number, eventName = `event_${id}`): EventDetail =>
  ({ ...row(id, eventName), json: '{}', index: 0, findings: [], request: {} }) as unknown as EventDetail

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('stream store', () => {
  it('puts pushed rows on top in one batch, counts them while paused, and catches up on resume', async () => {
    let log = [row(2), row(1)]
    const s = await fresh({ 'events.list': () => page(log) })
    expect(await s.stream.getState().start()).toBe(true)
    expect(s.stream.getState().rows.map((r) => r.id)).toEqual([2, 1])

    s.fake.push('events.added', [row(3)])
    s.fake.push('events.added', [row(4)])
    expect(s.stream.getState().rows).toHaveLength(2) // batched, not one setState per push
    await vi.advanceTimersByTimeAsync(100)
    expect(s.stream.getState().rows.map((r) => r.id)).toEqual([4, 3, 2, 1])
    expect(s.stream.getState().total).toBe(4)

    s.stream.getState().pause()
    s.fake.push('events.added', [row(5), row(6)])
    expect(s.stream.getState()).toMatchObject({ paused: true, pendingCount: 2 })
    expect(s.stream.getState().rows).toHaveLength(4)
    log = [row(6), row(5), ...log]
    s.stream.getState().resume()
    await vi.advanceTimersByTimeAsync(100)
    expect(s.stream.getState().rows.map((r) => r.id)).toEqual([6, 5, 4, 3, 2, 1])
    // Resuming asked only for what came after the newest row it held.
    expect(s.fake.calls.at(-1)).toMatchObject({ method: 'events.list', input: { after: 4 } })
  })

  it('asks the engine when a push skips ids, rather than trusting it', async () => {
    const s = await fresh({ 'events.list': (q) => page(q.after === 2 ? [row(4), row(3)] : [row(1)]) })
    await s.stream.getState().start()
    s.fake.push('events.added', [row(2)])
    s.fake.push('events.added', [row(4)]) // 3 never arrived
    await vi.advanceTimersByTimeAsync(500)
    expect(s.stream.getState().rows.map((r) => r.id)).toEqual([4, 3, 2, 1])
  })

  it('reads the page again after a re-validation, and empties on a clear', async () => {
    let status: EventSummary['status'] = 'valid'
    const s = await fresh({ 'events.list': () => page([{ ...row(1), status }]) })
    await s.stream.getState().start()
    status = 'invalid'
    s.fake.push('events.revalidated', { changed: 1 } as never)
    await vi.advanceTimersByTimeAsync(0)
    expect(s.stream.getState().rows[0]?.status).toBe('invalid')
    s.fake.push('events.cleared', { deletedRequests: 1 })
    expect(s.stream.getState()).toMatchObject({ rows: [], total: 0, loaded: true })
  })

  it('catches up when the connection comes back, and keeps the rows with the error when a page fails', async () => {
    let fail = false
    let log = [row(1)]
    const s = await fresh({
      'events.list': () => {
        if (fail) throw new Error('The engine is restarting.')
        return page(log)
      },
    })
    await s.stream.getState().start()
    s.connection.getState().setStatus('reconnecting', 'The engine stopped.')
    log = [row(2), row(1)]
    s.connection.getState().setStatus('open')
    await vi.advanceTimersByTimeAsync(0)
    expect(s.stream.getState().rows.map((r) => r.id)).toEqual([2, 1])

    fail = true
    expect(await s.stream.getState().reload()).toBe(false)
    expect(s.stream.getState()).toMatchObject({ error: 'The engine is restarting.', loading: false })
    expect(s.stream.getState().rows.map((r) => r.id)).toEqual([2, 1])
  })
})

describe('selection store', () => {
  it('fetches only the row the selection rests on, and drops older answers', async () => {
    const s = await fresh({ 'events.get': ({ id }) => detail(id) })
    for (const id of [1, 2, 3, 4]) s.selection.getState().select(id)
    await vi.advanceTimersByTimeAsync(50)
    expect(s.fake.calls.filter((c) => c.method === 'events.get')).toEqual([
      { method: 'events.get', input: { id: 4 } },
    ])
    expect(s.selection.getState()).toMatchObject({ selectedId: 4, loading: false, error: null })
    expect(s.selection.getState().detail?.id).toBe(4)
  })

  it('says so when the event left the log, empties on a clear, and reads the event again after a re-validation', async () => {
    let gone = true
    const s = await fresh({ 'events.get': ({ id }) => (gone ? null : detail(id, 'back')) })
    s.selection.getState().start()
    s.selection.getState().select(7)
    await vi.advanceTimersByTimeAsync(50)
    expect(s.selection.getState()).toMatchObject({
      detail: null,
      error: 'This event is no longer in the log.',
    })
    gone = false
    s.fake.push('events.revalidated', { changed: 1 } as never)
    await vi.advanceTimersByTimeAsync(50)
    expect(s.selection.getState().detail?.eventName).toBe('back')
    s.fake.push('events.cleared', { deletedRequests: 3 })
    expect(s.selection.getState()).toMatchObject({ selectedId: null, detail: null })
  })
})

describe('settings store', () => {
  it('refreshes the stats once for a burst of arrivals, at once on a clear, and reads capture info again after a reconnect', async () => {
    let events = 0
    let port = 8787
    const s = await fresh({
      'log.stats': () => ({ requests: events, events, databaseBytes: 4096, lastEventId: events }),
      'app.info': () => ({ captureUrl: `http://127.0.0.1:${port}/api` }) as never,
    })
    s.settings.getState().start()
    await vi.advanceTimersByTimeAsync(0)
    expect(s.settings.getState().stats?.events).toBe(0)
    const statsCalls = () => s.fake.calls.filter((c) => c.method === 'log.stats').length
    const before = statsCalls()
    events = 3
    for (let i = 0; i < 3; i++) s.fake.push('events.added', [row(i + 1)])
    await vi.advanceTimersByTimeAsync(2000)
    expect(statsCalls()).toBe(before + 1)
    expect(s.settings.getState().stats?.events).toBe(3)

    events = 0
    s.fake.push('events.cleared', { deletedRequests: 3 })
    await vi.advanceTimersByTimeAsync(0)
    expect(s.settings.getState().stats?.events).toBe(0)

    await s.settings.getState().loadInfo()
    port = 9797
    s.connection.getState().setStatus('reconnecting')
    s.connection.getState().setStatus('open')
    await vi.advanceTimersByTimeAsync(0)
    expect(s.settings.getState().info?.captureUrl).toBe('http://127.0.0.1:9797/api')
  })
})

const env = (id: string): EnvironmentView => ({
  id,
  name: id,
  baseUrl: `https://${id}.example/api`,
  builtin: id === 'development',
  variables: {},
  apiKey: null,
  bearerToken: null,
})

describe('environments store', () => {
  it('loads, follows environments.changed, and falls back to development when the one in use is removed', async () => {
    let list = [env('development'), env('staging')]
    const s = await fresh({
      'environments.list': () => list,
      'environments.delete': ({ id }) => {
        list = list.filter((e) => e.id !== id)
        return { deleted: true } as never
      },
    })
    await s.environments.getState().load()
    expect(s.environments.getState().environments.map((e) => e.id)).toEqual(['development', 'staging'])
    s.environments.getState().use('staging')
    expect(s.environments.getState().lastUsedId).toBe('staging')
    s.fake.push('environments.changed', [env('development'), env('staging'), env('prod')])
    expect(s.environments.getState().environments).toHaveLength(3)
    expect(await s.environments.getState().remove('staging')).toBe(true)
    expect(s.environments.getState().lastUsedId).toBe('development')
  })

  it('keeps the list and says why when a save is refused', async () => {
    const s = await fresh({
      'environments.list': () => [env('development')],
      'environments.save': () => {
        throw new Error('baseUrl: not an https URL')
      },
    })
    await s.environments.getState().load()
    const saved = await s.environments
      .getState()
      .save({ name: 'Broken', baseUrl: 'ftp://x', variables: {} } as never)
    expect(saved).toBeNull()
    expect(s.environments.getState()).toMatchObject({ error: 'baseUrl: not an https URL' })
    expect(s.environments.getState().environments.map((e) => e.id)).toEqual(['development'])
  })
})

describe('transfer store', () => {
  const result: ImportResult = {
    format: 'ndjson',
    requests: 2,
    events: 2,
    invalid: 0,
    skipped: [],
    firstEventId: 1,
    lastEventId: 2,
  }

  it('imports NDJSON a batch of lines at a time, and counts a line too long to send', async () => {
    vi.useRealTimers()
    const sent: string[][] = []
    const s = await fresh({
      'transfer.importOpen': () => ({ importId: 'imp-1', idleTimeoutMs: 60_000 }),
      'transfer.importLines': ({ lines }) => {
        sent.push(lines)
        return { lines: sent.flat().length }
      },
      'transfer.importClose': () => ({ ...result, skipped: [] }),
    })
    const line = (name: string) => JSON.stringify({ event: name, properties: { pad: 'x'.repeat(700_000) } })
    const [a, b, c] = [line('a'), line('b'), line('c')]
    const huge = 'z'.repeat(4 * 1024 * 1024 + 1)
    await s.transfer.getState().importFile(new File([`${a}\r\n${huge}\n${b}\n\n${c}`], 'big.ndjson'))
    const state = s.transfer.getState()
    expect(state.importError).toBeNull()
    // A batch goes once it passes 1 MiB of lines: a and b together, then the rest.
    expect(sent).toEqual([
      [a, b],
      ['', c],
    ])
    expect(state.importResult).toMatchObject({
      fileName: 'big.ndjson',
      events: 2,
      skipped: [{ reason: 'lines longer than 4 MB', count: 1 }],
    })
    expect(state).toMatchObject({ importing: false, importProgress: null })
    expect(s.fake.calls.map((c) => c.method).filter((m) => m !== 'transfer.importLines')).toEqual([
      'transfer.importOpen',
      'transfer.importClose',
    ])
  })

  it('closes the import and says why when the engine refuses a batch', async () => {
    vi.useRealTimers()
    const s = await fresh({
      'transfer.importOpen': () => ({ importId: 'imp-2', idleTimeoutMs: 60_000 }),
      'transfer.importLines': () => {
        throw new Error('There is no open import imp-2: it was closed, or idle too long.')
      },
      'transfer.importClose': () => result,
    })
    await s.transfer.getState().importFile(new File(['{"event":"a"}\n'], 'run.jsonl'))
    expect(s.transfer.getState()).toMatchObject({
      importing: false,
      importResult: null,
      importError: 'There is no open import imp-2: it was closed, or idle too long.',
    })
    expect(s.fake.calls.at(-1)?.method).toBe('transfer.importClose')
  })

  it('sends a HAR in one call, and refuses one over 8 MB with what to do instead', async () => {
    vi.useRealTimers()
    const s = await fresh({
      'transfer.import': ({ fileName }) => ({ ...result, format: 'har', fileName }) as never,
    })
    await s.transfer.getState().importFile(new File(['{"log":{"entries":[]}}'], 'run.har'))
    expect(s.fake.calls).toEqual([
      { method: 'transfer.import', input: { fileName: 'run.har', content: '{"log":{"entries":[]}}' } },
    ])
    await s.transfer.getState().importFile(new File([new Uint8Array(8 * 1024 * 1024 + 1)], 'huge.har'))
    expect(s.transfer.getState().importError).toMatch(/huge\.har is 8\.0 MB.*Export it as NDJSON/)
    expect(s.fake.calls).toHaveLength(1)
  })
})
