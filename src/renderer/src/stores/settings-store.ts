/**
 * App-wide settings and facts: theme (persisted), capture info from the
 * engine, log statistics (refreshed on a slow timer and, throttled, when
 * events arrive) and the detail pane width.
 */
import { create } from 'zustand'
import type { CaptureInfo, LogStats } from '../../../shared/model'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'
import { useConnectionStore } from './connection-store'
import { loadNumber, saveNumber } from '../lib/local-setting'
import { applyTheme, loadThemePreference, saveThemePreference, type ThemePreference } from '../lib/theme'

const STATS_POLL_MS = 10_000
const STATS_THROTTLE_MS = 1_500
const DETAIL_WIDTH_KEY = 'track-debugger-detail-width'
export const DETAIL_MIN_WIDTH = 340
export const DETAIL_DEFAULT_WIDTH = 480

interface SettingsState {
  theme: ThemePreference
  info: CaptureInfo | null
  infoError: string | null
  stats: LogStats | null
  detailWidth: number
  setTheme: (theme: ThemePreference) => void
  setDetailWidth: (width: number) => void
  loadInfo: () => Promise<boolean>
  refreshStats: () => Promise<void>
  /** Ask for fresh stats soon; bursts of arrivals collapse into one call. */
  requestStatsRefresh: () => void
  /**
   * Follow the log: stats on a timer and soon after each arrival or clear,
   * capture info again when the connection comes back from a loss.
   */
  start: () => void
}

export const useSettingsStore = create<SettingsState>()((set, get) => {
  let statsTimer: ReturnType<typeof setTimeout> | undefined
  let lastStatsAt = 0
  let polling = false

  return {
    theme: loadThemePreference(),
    info: null,
    infoError: null,
    stats: null,
    detailWidth: loadNumber(DETAIL_WIDTH_KEY, DETAIL_DEFAULT_WIDTH),

    setTheme: (theme) => {
      saveThemePreference(theme)
      applyTheme(theme)
      set({ theme })
    },

    setDetailWidth: (width) => {
      const clamped = Math.max(DETAIL_MIN_WIDTH, Math.round(width))
      saveNumber(DETAIL_WIDTH_KEY, clamped)
      set({ detailWidth: clamped })
    },

    loadInfo: async () => {
      try {
        const info = await api()['app.info']({})
        set({ info, infoError: null })
        return true
      } catch (error) {
        set({ infoError: errorMessage(error) })
        return false
      }
    },

    refreshStats: async () => {
      lastStatsAt = Date.now()
      try {
        const stats = await api()['log.stats']({})
        set({ stats })
      } catch {
        // Stats are decoration; the next refresh will try again.
      }
    },

    requestStatsRefresh: () => {
      if (statsTimer !== undefined) return
      const wait = Math.max(0, lastStatsAt + STATS_THROTTLE_MS - Date.now())
      statsTimer = setTimeout(() => {
        statsTimer = undefined
        void get().refreshStats()
      }, wait)
    },

    start: () => {
      if (polling) return
      polling = true
      void get().refreshStats()
      setInterval(() => {
        if (document.visibilityState === 'visible') void get().refreshStats()
      }, STATS_POLL_MS)
      api().on('events.added', () => get().requestStatsRefresh())
      api().on('events.cleared', () => void get().refreshStats())
      // Started while the server was unreachable, or the engine came back (maybe on another port).
      useConnectionStore.subscribe((now, before) => {
        if (now.status !== 'open' || before.status === 'open') return
        if (before.status === 'reconnecting' || get().info === null) void get().loadInfo()
      })
    },
  }
})
