// The preload bridge is part of the desktop shell's IPC boundary, so its tests live with the shell's.
import { describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES, PUSH_NAMES, ipcChannel, ipcPushChannel, type PushName } from '../../../src/shared/api'
import { buildApi, toRendererError, type RendererIpc } from '../../../src/preload/bridge'

type PushHandler = (event: unknown, ...args: unknown[]) => void

function fakeIpcRenderer(invoke: RendererIpc['invoke'] = async () => undefined) {
  const handlers: { channel: string; handler: PushHandler }[] = []
  const ipc = {
    invoke: vi.fn(invoke),
    on: (channel: string, handler: PushHandler) => void handlers.push({ channel, handler }),
    push: (name: unknown, payload: unknown) => {
      for (const { channel, handler } of handlers) {
        if (channel === ipcPushChannel) handler({ sender: 'the ipcRenderer itself' }, name, payload)
      }
    },
    handlers,
  }
  return ipc
}

describe('buildApi', () => {
  it('exposes exactly one function per contract method, plus on', () => {
    const api = buildApi(fakeIpcRenderer())
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort())
    for (const key of Object.keys(api)) expect(typeof api[key as keyof typeof api]).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('invokes the channel derived from the method name with the input alone', async () => {
    const ipc = fakeIpcRenderer(async () => ({ deletedRequests: 2 }))
    const api = buildApi(ipc)
    await expect(api['events.clear']({})).resolves.toEqual({ deletedRequests: 2 })
    await api['events.get']({ id: 4 })
    expect(ipc.invoke.mock.calls).toEqual([
      [ipcChannel('events.clear'), {}],
      [ipcChannel('events.get'), { id: 4 }],
    ])
  })

  it("strips Electron's wrapper from a failed call, keeping the engine's message", async () => {
    const ipc = fakeIpcRenderer(async () => {
      throw new Error("Error invoking remote method 'api:events.get': BadInputError: id: too small")
    })
    await expect(buildApi(ipc)['events.get']({ id: 0 })).rejects.toThrow(/^id: too small$/)
  })

  it('listens on the single push channel once, however many subscribers', () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    for (let i = 0; i < 20; i++) api.on('events.added', () => undefined)
    expect(ipc.handlers.map((h) => h.channel)).toEqual([ipcPushChannel])
  })

  it('delivers each push to the subscribers of its name only, without the IPC event', () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const added = vi.fn()
    const cleared = vi.fn()
    api.on('events.added', added)
    api.on('events.cleared', cleared)
    ipc.push('events.cleared', { deletedRequests: 5 })
    ipc.push('not.a.push', { x: 1 })
    ipc.push(42, null)
    expect(added).not.toHaveBeenCalled()
    expect(cleared.mock.calls).toEqual([[{ deletedRequests: 5 }]])
  })

  it('unsubscribes', () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const listener = vi.fn()
    const off = api.on('events.cleared', listener)
    off()
    off()
    ipc.push('events.cleared', { deletedRequests: 1 })
    expect(listener).not.toHaveBeenCalled()
  })

  it('keeps delivering when one subscriber throws', () => {
    const ipc = fakeIpcRenderer()
    const api = buildApi(ipc)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const after = vi.fn()
    api.on('events.cleared', () => {
      throw new Error('bad subscriber')
    })
    api.on('events.cleared', after)
    ipc.push('events.cleared', { deletedRequests: 1 })
    expect(after).toHaveBeenCalledOnce()
    logged.mockRestore()
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
    const foreign = { message: "Error invoking remote method 'api:log.stats': Error: from elsewhere" }
    expect(toRendererError(foreign).message).toBe('from elsewhere')
    expect(toRendererError('plain string').message).toBe('plain string')
  })

  it.each([
    ["Error invoking remote method 'api:log.stats': Error: disk full", 'disk full', 'Error'],
    ["Error invoking remote method 'api:events.get': BadInputError: bad id", 'bad id', 'BadInputError'],
    ["Error invoking remote method 'api:x': plain words", 'plain words', 'Error'],
    ['something else entirely', 'something else entirely', 'Error'],
  ])('%j → %j', (raw, message, name) => {
    const error = toRendererError(new Error(raw))
    expect(error.message).toBe(message)
    expect(error.name).toBe(name)
  })
})
