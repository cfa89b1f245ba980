/**
 * The Setup screen's capture-proxy data: its state (pushed by the engine as
 * clients connect and hosts are counted), the browsers that can be opened on
 * it, and the actions: open a browser, edit the Track hosts, renew the CA.
 */
import { create } from 'zustand'
import type { BrowserCandidate, ProxyStatus } from '../../../shared/contract/proxy'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

interface ProxyState {
  status: ProxyStatus | null
  browsers: BrowserCandidate[]
  error: string | null
  /** What the last action did, in words ("Chromium is open on the proxy."). */
  notice: string | null
  busy: boolean
  /** Ends the `proxy.changed` subscription `load` made (null before the first load). */
  unsubscribe: (() => void) | null
  load: () => Promise<void>
  openBrowser: (browserId: string, url: string) => Promise<void>
  setTrackHosts: (hosts: string[]) => Promise<boolean>
  regenerateCa: () => Promise<void>
}

export const useProxyStore = create<ProxyState>()((set, get) => {
  const act = async (work: () => Promise<string | null>): Promise<boolean> => {
    set({ busy: true, error: null, notice: null })
    try {
      const notice = await work()
      set({ busy: false, notice })
      return true
    } catch (error) {
      set({ busy: false, error: errorMessage(error) })
      return false
    }
  }
  return {
    status: null,
    browsers: [],
    error: null,
    notice: null,
    busy: false,
    unsubscribe: null,

    load: async () => {
      if (!get().unsubscribe) set({ unsubscribe: api().on('proxy.changed', (status) => set({ status })) })
      try {
        const [status, browsers] = await Promise.all([api()['proxy.status']({}), api()['proxy.browsers']({})])
        set({ status, browsers, error: null })
      } catch (error) {
        try {
          set({ status: await api()['proxy.status']({}), error: errorMessage(error) })
        } catch {
          set({ error: errorMessage(error) })
        }
      }
    },

    openBrowser: async (browserId, url) => {
      await act(async () => {
        const opened = await api()['proxy.openBrowser']({ browserId, ...(url ? { url } : {}) })
        return `${opened.browser} is open with a fresh profile: its Track calls show up in the stream.`
      })
    },

    setTrackHosts: (hosts) =>
      act(async () => {
        set({ status: await api()['proxy.setTrackHosts']({ hosts }) })
        return 'Saved: new connections to these hosts are captured.'
      }),

    regenerateCa: async () => {
      await act(async () => {
        set({ status: await api()['proxy.regenerateCa']({}) })
        return 'A new CA is in place. Browsers opened from here from now on accept it; give it again to anything you set up by hand.'
      })
    },
  }
})
