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
  /** The mode the engine answers with: shown only once the engine has it, never ahead of it. */
  mode: ValidationMode | null
  /** A mode asked for and not yet confirmed by the engine. */
  pending: ValidationMode | null
  /** Confirmed mode changes so far, so that a slower read started before one cannot undo it. */
  changes: number
  rules: RuleInfo[]
  /** Why the mode or the rules could not be read. */
  error: string | null
  /** Why the last change of mode was refused: shown beside the switch. */
  modeError: string | null
  /** Ends the `validation.changed` subscription `load` made (null before the first load). */
  unsubscribe: (() => void) | null
  load: () => Promise<void>
  setMode: (mode: ValidationMode) => Promise<void>
}

export const useValidationStore = create<ValidationState>()((set, get) => ({
  mode: null,
  pending: null,
  changes: 0,
  rules: [],
  error: null,
  modeError: null,
  unsubscribe: null,

  load: async () => {
    if (!get().unsubscribe) {
      set({
        unsubscribe: api().on('validation.changed', ({ mode }) => set({ mode, changes: get().changes + 1 })),
      })
    }
    const changesBefore = get().changes
    try {
      const [{ mode }, rules] = await Promise.all([api()['validation.mode.get']({}), api()['rules.list']({})])
      // A change confirmed while this read was on its way is newer than what it read.
      set(get().changes === changesBefore ? { mode, rules, error: null } : { rules, error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },

  setMode: async (mode) => {
    if (mode === get().mode && get().pending === null) return
    set({ pending: mode, modeError: null })
    try {
      const confirmed = (await api()['validation.mode.set']({ mode })).mode
      const changes = get().changes + 1
      // A later click may be on its way: only the last one asked for clears the pending mark.
      set(get().pending === mode ? { mode: confirmed, pending: null, changes } : { mode: confirmed, changes })
    } catch (error) {
      set({ pending: null, modeError: `The mode was not changed: ${errorMessage(error)}` })
    }
  },
}))
