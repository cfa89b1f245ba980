import { describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES, ipcChannel, ipcPushChannel } from '../../../src/shared/api'
import { BadInputError } from '../../../src/main/engine/errors'
import type { Engine, PushListener } from '../../../src/main/engine/types'
import {
  forwardPushes,
  isTrustedSender,
  registerApiHandlers,
  toIpcError,
  type InvokeRegistry,
  type PushWindow,
  type SenderInfo,
  type SenderPolicy,
} from '../../../src/main/desktop/ipc'

const APP_URL = 'file:///app/out/renderer/index.html'
const OWN_CONTENTS = 7

const policy: SenderPolicy = {
  isOwnWebContents: (id) => id === OWN_CONTENTS,
  isAppPage: (url) => url.startsWith('file:///app/out/renderer/index.html'),
}

function sender(overrides: { id?: number; url?: string; parent?: unknown; frame?: null } = {}): SenderInfo {
  return {
    sender: { id: overrides.id ?? OWN_CONTENTS },
    senderFrame:
      overrides.frame === null ? null : { url: overrides.url ?? APP_URL, parent: overrides.parent ?? null },
  }
}

type Handler = Parameters<InvokeRegistry['handle']>[1]

function fakeIpcMain(): InvokeRegistry & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler: (channel) => void handlers.delete(channel),
  }
}

describe('isTrustedSender', () => {
  it('trusts the top frame of our own window showing the app', () => {
    expect(isTrustedSender(sender(), policy)).toBe(true)
  })

  it.each([
    ['a frame that is gone', sender({ frame: null })],
    ['an iframe', sender({ parent: {} })],
    ['another WebContents', sender({ id: 99 })],
    ['a page off the app', sender({ url: 'https://evil.example/' })],
  ])('refuses %s', (_label, event) => {
    expect(isTrustedSender(event, policy)).toBe(false)
  })
})

describe('registerApiHandlers', () => {
  it('registers one derived channel per contract method, and removes them all', () => {
    const ipcMain = fakeIpcMain()
    const dispose = registerApiHandlers(ipcMain, { call: vi.fn() }, policy)
    expect([...ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort())
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('passes the method name and the raw input to the engine', async () => {
    const ipcMain = fakeIpcMain()
    const call = vi.fn(async (_name: string, _input: unknown): Promise<unknown> => ({ items: [] }))
    // The fake answers every method alike, which the generic signature cannot express.
    registerApiHandlers(ipcMain, { call: call as Engine['call'] }, policy)
    const input = { limit: 5 }
    await expect(ipcMain.handlers.get(ipcChannel('events.list'))!(sender(), input)).resolves.toEqual({
      items: [],
    })
    expect(call).toHaveBeenCalledExactlyOnceWith('events.list', input)
  })

  it('refuses untrusted senders without reaching the engine', async () => {
    const ipcMain = fakeIpcMain()
    const call = vi.fn()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    registerApiHandlers(ipcMain, { call }, policy)
    await expect(
      ipcMain.handlers.get(ipcChannel('events.clear'))!(sender({ url: 'https://evil.example/' }), {}),
    ).rejects.toThrow(/refused/)
    expect(call).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('rethrows engine errors as plain errors that keep the message', async () => {
    const ipcMain = fakeIpcMain()
    const failure = Object.assign(new TypeError('disk on fire'), { secret: 'internal state' })
    const call = vi.fn(async () => Promise.reject(failure))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    registerApiHandlers(ipcMain, { call }, policy)
    const error: unknown = await ipcMain.handlers.get(ipcChannel('log.stats'))!(sender(), {}).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBe(failure)
    expect(String(error)).toBe('Error: disk on fire')
    expect(error).not.toHaveProperty('secret')
    expect(logged).toHaveBeenCalled()
    logged.mockRestore()
  })

  it('keeps the BadInputError name so the caller can tell its own mistake apart, and does not log it', async () => {
    const ipcMain = fakeIpcMain()
    const call = vi.fn(async () => Promise.reject(new BadInputError('id: expected a positive integer')))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    registerApiHandlers(ipcMain, { call }, policy)
    await expect(ipcMain.handlers.get(ipcChannel('events.get'))!(sender(), { id: -1 })).rejects.toThrow(
      'id: expected a positive integer',
    )
    expect(logged).not.toHaveBeenCalled()
    logged.mockRestore()
  })
})

describe('toIpcError', () => {
  it('turns non-errors into errors', () => {
    expect(toIpcError('boom').message).toBe('boom')
    expect(String(toIpcError(new BadInputError('bad')))).toBe('BadInputError: bad')
  })
})

describe('forwardPushes', () => {
  function fakeEngine(): { subscribe: (l: PushListener) => () => void; listeners: Set<PushListener> } {
    const listeners = new Set<PushListener>()
    return {
      listeners,
      subscribe: (listener) => {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
    }
  }

  function fakeWindow(): PushWindow & { sent: unknown[][]; destroyed: boolean; close(): void } {
    let onClosed: (() => void) | undefined
    const win = {
      sent: [] as unknown[][],
      destroyed: false,
      webContents: {
        send: (...args: unknown[]) => void win.sent.push(args),
        isDestroyed: () => win.destroyed,
      },
      once: (_event: 'closed', listener: () => void) => {
        onClosed = listener
        return win
      },
      close: () => onClosed?.(),
    }
    return win
  }

  it('sends every push on the one push channel, tagged with its name', () => {
    const engine = fakeEngine()
    const win = fakeWindow()
    forwardPushes(engine, win)
    for (const listener of engine.listeners) listener('events.cleared', { deletedRequests: 3 })
    expect(win.sent).toEqual([[ipcPushChannel, 'events.cleared', { deletedRequests: 3 }]])
  })

  it('stops when the window closes, and never sends to destroyed contents', () => {
    const engine = fakeEngine()
    const win = fakeWindow()
    forwardPushes(engine, win)
    const [listener] = engine.listeners
    win.destroyed = true
    listener!('events.cleared', { deletedRequests: 1 })
    expect(win.sent).toEqual([])
    win.close()
    expect(engine.listeners.size).toBe(0)
  })
})
