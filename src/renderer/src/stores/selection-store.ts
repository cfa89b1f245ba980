/**
 * The event under inspection: its id, the loaded detail and the active tab.
 * Fetches are sequenced so a fast run of arrow keys only ever shows the
 * detail of the row the selection settled on.
 */
import { create } from 'zustand'
import type { EventDetail } from '../../../shared/model'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

export type DetailTab = 'event' | 'request' | 'raw' | 'findings'

/** Holding an arrow key selects many rows in a row; only fetch where it rests. */
const FETCH_DELAY_MS = 25

interface SelectionState {
  selectedId: number | null
  detail: EventDetail | null
  loading: boolean
  error: string | null
  tab: DetailTab
  select: (id: number) => void
  clear: () => void
  retry: () => void
  setTab: (tab: DetailTab) => void
  /** Follow the log: a clear empties the selection, a re-validation reads the open event again. */
  start: () => void
  /** A JSON pointer the Event tab should reveal and highlight (from a finding); `seq` re-triggers the same path. */
  focus: { path: string; seq: number } | null
  showInEvent: (path: string) => void
}

export const useSelectionStore = create<SelectionState>()((set, get) => {
  let sequence = 0
  let fetchTimer: ReturnType<typeof setTimeout> | undefined
  let started = false

  const fetchDetail = (id: number): void => {
    const seq = ++sequence
    clearTimeout(fetchTimer)
    fetchTimer = setTimeout(async () => {
      try {
        const detail = await api()['events.get']({ id })
        if (seq !== sequence) return
        if (detail) set({ detail, loading: false, error: null })
        else set({ detail: null, loading: false, error: 'This event is no longer in the log.' })
      } catch (error) {
        if (seq === sequence) set({ loading: false, error: errorMessage(error) })
      }
    }, FETCH_DELAY_MS)
  }

  return {
    selectedId: null,
    detail: null,
    loading: false,
    error: null,
    tab: 'event',

    select: (id) => {
      if (id === get().selectedId) return
      set({ selectedId: id, loading: true, error: null, focus: null })
      fetchDetail(id)
    },

    clear: () => {
      sequence++
      clearTimeout(fetchTimer)
      set({ selectedId: null, detail: null, loading: false, error: null })
    },

    retry: () => {
      const id = get().selectedId
      if (id === null) return
      set({ loading: true, error: null })
      fetchDetail(id)
    },

    setTab: (tab) => set({ tab }),

    start: () => {
      if (started) return
      started = true
      api().on('events.cleared', () => get().clear())
      api().on('events.revalidated', () => get().retry())
    },

    focus: null,
    showInEvent: (path) => set((s) => ({ tab: 'event', focus: { path, seq: (s.focus?.seq ?? 0) + 1 } })),
  }
})
