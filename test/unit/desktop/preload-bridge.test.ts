// The preload bridge is part of the desktop shell's boundary, so its tests live with the shell's.
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES, enginePortChannel, ipcPushChannel, type PushName } from '../../../src/shared/api'
import { PUSH_NAMES } from '../../../src/shared/push-names'
import {
  buildApi,
  PORT_WAIT_MS,
  toRendererError,
  type EnginePort,
  type RendererIpc,
} from '../../../src/preload/bridge'

type Listener = Parameters<RendererIpc['on']>[1]

/** ipcRenderer as the preload sees it: main sends the engine's port, and pushes its own status. */
function fakeIpcRenderer() {
  const listeners: { channel: string; listener: Listener }[] = []
  const emit = (channel: string, event: { ports?: EnginePort[] }, ...args: unknown[]) => {
    for (const l of listeners) if (l.channel === channel) l.listener(event, ...args)
  }
  return {
    invoke: vi.fn(async () => undefined),
    on: (channel: string, listener: Listener) => void listeners.push({ channel, listener }),
    listeners,
    /** Main hands over a port; the test keeps the other end and plays the engine on it. */
    givePort(): MessagePort {
      const { port1, port2 } = new MessageChannel()
      channels.push(port1, port2)
      emit(enginePortChannel, { ports: [port2 as unknown as EnginePort] })
      return port1
    },
    status: (state: 'running' | 'restarting' | 'failed', message: string | null) =>
      emit(ipcPushChannel, {}, 'engine.status', { state, message }),
  }
}

const channels: MessagePort[] = []
afterEach(() => {
  for (const port of channels.splice(0)) port.close()
  vi.useRealTimers()
})

/** The engine's end: answers each call with `answer`, and records what came. */
function engineOn(port: MessagePort, answer: (method: string, input: unknown) => unknown) {
  const calls: { method: string; input: unknown }[] = []
  port.on('message', (m: { type: string; id: number; method: string; input: unknown }) => {
    if (m.type !== 'call') return
    calls.push({ method: m.method, input: m.input })
    const value = answer(m.method, m.input)
    port.postMessage(
      value instanceof Error
        ? { type: 'reply', id: m.id, ok: false, error: { code: value.name, message: value.message } }
        : { type: 'reply', id: m.id, ok: true, value },
    )
  })
  return calls
}

describe('buildApi', () => {
  it('exposes exactly one function per contract method, plus on', () => {
    const api = buildApi(fakeIpcRenderer())
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort())
    for (const key of Object.keys(api)) expect(typeof api[key as keyof typeof api]).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('calls over the port main handed over, a call made before it came included', async () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const early = api['events.clear']({})
    const engine = ipc.givePort()
    const calls = engineOn(engine, (method) => (method === 'events.clear' ? { deletedRequests: 2 } : null))
    await expect(early).resolves.toEqual({ deletedRequests: 2 })
    await api['events.get']({ id: 4 })
    expect(calls).toEqual([
      { method: 'events.clear', input: {} },
      { method: 'events.get', input: { id: 4 } },
    ])
    expect(ipc.invoke).not.toHaveBeenCalled()
  })

  it("gives the engine's error message, with BadInputError for the caller's own mistakes", async () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    engineOn(ipc.givePort(), (method) =>
      method === 'events.get'
        ? Object.assign(new Error('id: too small'), { name: 'bad_input' })
        : Object.assign(new Error('disk full'), { name: 'internal' }),
    )
    const bad = await api['events.get']({ id: 0 }).catch((e: Error) => e)
    expect(bad).toMatchObject({ name: 'BadInputError', message: 'id: too small' })
    await expect(api['log.stats']({})).rejects.toThrow(/^disk full$/)
  })

  it('delivers the engine’s pushes from the port, and main’s engine.status, to their subscribers only', async () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const engine = ipc.givePort()
    const added = vi.fn()
    const cleared = vi.fn()
    const status = vi.fn()
    api.on('events.added', added)
    api.on('events.cleared', cleared)
    api.on('engine.status', status)
    engine.postMessage({ type: 'push', name: 'events.cleared', payload: { deletedRequests: 5 } })
    engine.postMessage({ type: 'push', name: 'not.a.push', payload: { x: 1 } })
    await vi.waitFor(() => expect(cleared).toHaveBeenCalled())
    expect(cleared.mock.calls).toEqual([[{ deletedRequests: 5 }]])
    expect(added).not.toHaveBeenCalled()
    ipc.status('running', null)
    expect(status.mock.calls).toEqual([[{ state: 'running', message: null }]])
  })

  it('fails calls waiting on an engine that is restarting, and sends new ones on the next port', async () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    ipc.givePort() // an engine that never answers: it is about to die
    const lost = api['log.stats']({})
    await new Promise((r) => setTimeout(r, 10))
    ipc.status('restarting', 'The engine process ended unexpectedly; restarting it.')
    await expect(lost).rejects.toMatchObject({ name: 'EngineError', message: /restarting it/ })
    const meanwhile = api['log.stats']({})
    engineOn(ipc.givePort(), () => ({ events: 7 }))
    ipc.status('running', null)
    await expect(meanwhile).resolves.toEqual({ events: 7 })
  })

  it('sends new calls on a new port, still takes the answers of calls on the old one, and hears pushes once', async () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const first = ipc.givePort()
    let answerFirst: (() => void) | null = null
    first.on('message', (m: { id: number }) => {
      answerFirst = () => first.postMessage({ type: 'reply', id: m.id, ok: true, value: { events: 1 } })
    })
    const slow = api['log.stats']({})
    await vi.waitFor(() => expect(answerFirst).not.toBeNull())
    const second = ipc.givePort()
    const calls = engineOn(second, () => ({ events: 2 }))
    await expect(api['log.stats']({})).resolves.toEqual({ events: 2 })
    answerFirst!()
    await expect(slow).resolves.toEqual({ events: 1 })
    expect(calls).toHaveLength(1)
    const cleared = vi.fn()
    api.on('events.cleared', cleared)
    second.postMessage({ type: 'push', name: 'events.cleared', payload: { deletedRequests: 1 } })
    await vi.waitFor(() => expect(cleared).toHaveBeenCalled())
    await new Promise((r) => setTimeout(r, 20))
    expect(cleared).toHaveBeenCalledOnce()
  })

  it('fails at once once the engine stopped for good, and after waiting too long for a port', async () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    vi.useFakeTimers()
    const never = api['log.stats']({})
    const caught = never.catch((e: Error) => e)
    await vi.advanceTimersByTimeAsync(PORT_WAIT_MS)
    expect(await caught).toMatchObject({ message: 'The engine did not connect to this window.' })
    ipc.status('failed', 'The engine keeps ending; restart Track Debugger.')
    await expect(api['log.stats']({})).rejects.toThrow(/restart Track Debugger/)
  })

  it('keeps delivering when one subscriber throws', () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const after = vi.fn()
    api.on('engine.status', () => {
      throw new Error('bad subscriber')
    })
    api.on('engine.status', after)
    ipc.status('running', null)
    expect(after).toHaveBeenCalledOnce()
    logged.mockRestore()
  })

  it('unsubscribes', () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const listener = vi.fn()
    const off = api.on('engine.status', listener)
    off()
    off()
    ipc.status('running', null)
    expect(listener).not.toHaveBeenCalled()
  })

  it('refuses push names outside the contract, and listeners that are not functions', () => {
    const api = buildApi(fakeIpcRenderer())
    for (const name of ['api:push', '__proto__', 'constructor', '']) {
      expect(() => api.on(name as PushName, () => undefined)).toThrow(/Unknown push/)
    }
    expect(() => api.on(PUSH_NAMES[0], 'nope' as unknown as () => void)).toThrow(/must be a function/)
  })
})

describe('toRendererError', () => {
  it('reads the message of an error from another realm, or of a non-error', () => {
    const foreign = { message: "Error invoking remote method 'files:recentExports': Error: from elsewhere" }
    expect(toRendererError(foreign).message).toBe('from elsewhere')
    expect(toRendererError('plain string').message).toBe('plain string')
  })

  it.each([
    ["Error invoking remote method 'files:recentExports': Error: disk full", 'disk full', 'Error'],
    ["Error invoking remote method 'files:exportToFile': BadInputError: bad id", 'bad id', 'BadInputError'],
    ["Error invoking remote method 'files:x': plain words", 'plain words', 'Error'],
    ['something else entirely', 'something else entirely', 'Error'],
  ])('%j → %j', (raw, message, name) => {
    const error = toRendererError(new Error(raw))
    expect(error.message).toBe(message)
    expect(error.name).toBe(name)
  })
})
