import { describe, expect, it, vi } from 'vitest'
import { enginePortChannel } from '../../../src/shared/api'
import { offerEnginePort, type PortContents } from '../../../src/main/desktop/renderer-port'

const APP = 'file:///app/out/renderer/index.html'

function contents(url: string, destroyed = false) {
  const sent: { channel: string; message: unknown; transfer: string[] | undefined }[] = []
  const c: PortContents<string> = {
    getURL: () => url,
    isDestroyed: () => destroyed,
    postMessage: (channel, message, transfer) => void sent.push({ channel, message, transfer }),
  }
  return { c, sent }
}

const deps = (attach = vi.fn(async (_port: string) => undefined)) => ({
  newChannel: () => ({ port1: 'engine end', port2: 'window end' }),
  attach,
  isAppPage: (url: string) => url === APP,
})

describe('offerEnginePort', () => {
  it('gives the engine one end and the app’s page the other', async () => {
    const { c, sent } = contents(APP)
    const d = deps()
    expect(await offerEnginePort(c, d)).toBe(true)
    expect(d.attach).toHaveBeenCalledExactlyOnceWith('engine end')
    expect(sent).toEqual([{ channel: enginePortChannel, message: null, transfer: ['window end'] }])
  })

  it('gives nothing to a page that is not the app’s, or to a window that is gone', async () => {
    for (const { c, sent } of [contents('https://evil.example/'), contents(APP, true)]) {
      const d = deps()
      expect(await offerEnginePort(c, d)).toBe(false)
      expect(d.attach).not.toHaveBeenCalled()
      expect(sent).toEqual([])
    }
  })

  it('sends the window nothing when the engine cannot take the port', async () => {
    const { c, sent } = contents(APP)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const d = deps(
      vi.fn(async () => Promise.reject(new Error('The engine stopped and could not be restarted.'))),
    )
    expect(await offerEnginePort(c, d)).toBe(false)
    expect(sent).toEqual([])
    expect(logged).toHaveBeenCalled()
    logged.mockRestore()
  })
})
