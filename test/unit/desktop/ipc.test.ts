import { describe, expect, it, vi } from 'vitest'
import { BadInputError } from '../../../src/main/engine/errors'
import {
  handleTrusted,
  isTrustedSender,
  toIpcError,
  type InvokeRegistry,
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

describe('handleTrusted', () => {
  /** One handler, as main registers each of its own (the file dialogs). */
  function registered(run: (input: unknown) => Promise<unknown>) {
    const ipcMain = fakeIpcMain()
    handleTrusted(ipcMain, 'files:exportToFile', 'exportToFile', policy, run)
    return ipcMain.handlers.get('files:exportToFile')!
  }

  it('passes the raw input to the handler for a trusted sender', async () => {
    const run = vi.fn(async (_input: unknown): Promise<unknown> => ({ saved: true }))
    const input = { format: 'csv' }
    await expect(registered(run)(sender(), input)).resolves.toEqual({ saved: true })
    expect(run).toHaveBeenCalledExactlyOnceWith(input)
  })

  it('refuses untrusted senders without running the handler', async () => {
    const run = vi.fn()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await expect(registered(run)(sender({ url: 'https://evil.example/' }), {})).rejects.toThrow(/refused/)
    await expect(registered(run)(sender({ parent: {} }), {})).rejects.toThrow(/refused/)
    expect(run).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('rethrows failures as plain errors that keep the message', async () => {
    const failure = Object.assign(new TypeError('disk on fire'), { secret: 'internal state' })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const error: unknown = await registered(async () => Promise.reject(failure))(sender(), {}).catch(
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
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const run = async () => Promise.reject(new BadInputError('path: not an export'))
    await expect(registered(run)(sender(), {})).rejects.toThrow('path: not an export')
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
