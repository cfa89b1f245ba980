/**
 * The Settings screen's data: retention limits (as saved, and as being
 * edited) and the log's size and counts, refreshed while the screen is open.
 */
import { create } from 'zustand'
import type { RetentionLimits, RetentionStatus } from '../../../shared/contract/retention'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

interface RetentionState {
  status: RetentionStatus | null
  error: string | null
  saving: boolean
  /** Set after a save, until the next edit. */
  saved: boolean
  refresh: () => Promise<void>
  save: (limits: RetentionLimits) => Promise<boolean>
  markEdited: () => void
}

export const useRetentionStore = create<RetentionState>()((set) => ({
  status: null,
  error: null,
  saving: false,
  saved: false,

  refresh: async () => {
    try {
      const status = await api()['retention.get']({})
      set({ status, error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },

  save: async (limits) => {
    set({ saving: true, error: null })
    try {
      const status = await api()['retention.set'](limits)
      set({ status, saving: false, saved: true })
      return true
    } catch (error) {
      set({ saving: false, error: errorMessage(error) })
      return false
    }
  },

  markEdited: () => set({ saved: false }),
}))
