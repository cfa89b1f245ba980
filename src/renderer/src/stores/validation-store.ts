/**
 * How calls are judged, app-wide: the strict/lenient answer mode (shown in
 * the top bar) and the catalogue of rules (for the stream's rule filter).
 * Follows `validation.changed`, so a change made in another window shows
 * here too.
 */
import { create } from 'zustand'
import type { RuleInfo, ValidationMode } from '../../../shared/contract/validation'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

interface ValidationState {
  mode: ValidationMode | null
  rules: RuleInfo[]
  error: string | null
  /** Ends the `validation.changed` subscription `load` made (null before the first load). */
  unsubscribe: (() => void) | null
  load: () => Promise<void>
  setMode: (mode: ValidationMode) => Promise<void>
}

export const useValidationStore = create<ValidationState>()((set, get) => ({
  mode: null,
  rules: [],
  error: null,
  unsubscribe: null,

  load: async () => {
    if (!get().unsubscribe) set({ unsubscribe: api().on('validation.changed', ({ mode }) => set({ mode })) })
    try {
      const [{ mode }, rules] = await Promise.all([api()['validation.mode.get']({}), api()['rules.list']({})])
      set({ mode, rules, error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },

  setMode: async (mode) => {
    const previous = get().mode
    set({ mode })
    try {
      await api()['validation.mode.set']({ mode })
    } catch (error) {
      set({ mode: previous, error: errorMessage(error) })
    }
  },
}))
