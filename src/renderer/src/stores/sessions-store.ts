/**
 * QA sessions: the list, the active one (shown in the top bar from every
 * screen), the session on screen with its live checklist, comparisons and
 * report downloads. Verdicts are computed by the engine; this store asks
 * again when events arrive (throttled) or a session changes anywhere.
 */
import { create } from 'zustand'
import type {
  ExpectationInput,
  ReportFormat,
  SessionComparison,
  SessionDetail,
  SessionSummary,
} from '../../../shared/contract/sessions'
import type { SessionStartInput } from '../../../shared/contract/sessions.schemas'
import { errorMessage } from '../api/api-error'
import { api } from '../api/client'
import { downloadFile } from '../lib/download'

const REFRESH_MS = 300

export type SessionsMode = 'detail' | 'new' | 'compare'

interface SessionsState {
  sessions: SessionSummary[]
  active: SessionSummary | null
  mode: SessionsMode
  selectedId: number | null
  detail: SessionDetail | null
  compareIds: number[]
  comparison: SessionComparison | null
  busy: boolean
  error: string | null
  notice: string | null

  start: () => Promise<void>
  refresh: () => Promise<void>
  select: (id: number) => void
  showNew: () => void
  startSession: (input: SessionStartInput) => Promise<boolean>
  stopSession: (id: number) => Promise<void>
  deleteSession: (id: number) => Promise<void>
  saveExpectations: (id: number, expectations: ExpectationInput[]) => Promise<boolean>
  toggleCompare: (id: number) => void
  compare: () => Promise<void>
  downloadReport: (id: number, format: ReportFormat) => Promise<void>
  planExpectations: () => Promise<ExpectationInput[] | null>
  dismiss: () => void
}

/** Expectations as the engine stored them, back in the shape an editor or an update takes. */
export function toInputs(detail: SessionDetail): ExpectationInput[] {
  return detail.results.map(({ expectation: e }) => ({
    id: e.id,
    callType: e.callType,
    eventName: e.eventName,
    conditions: e.conditions,
    count: e.count,
    ordered: e.ordered,
    description: e.description,
  }))
}

export const useSessionsStore = create<SessionsState>()((set, get) => {
  let started = false
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let sequence = 0

  const scheduleRefresh = (): void => {
    if (refreshTimer !== undefined) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      void get().refresh()
    }, REFRESH_MS)
  }

  const fail = (error: unknown): void => set({ error: errorMessage(error), busy: false })

  return {
    sessions: [],
    active: null,
    mode: 'detail',
    selectedId: null,
    detail: null,
    compareIds: [],
    comparison: null,
    busy: false,
    error: null,
    notice: null,

    start: async () => {
      if (started) return
      started = true
      // Verdicts move when events arrive during the active session, or when a session changes elsewhere.
      api().on('events.added', () => {
        if (get().active) scheduleRefresh()
      })
      api().on('events.cleared', scheduleRefresh)
      api().on('sessions.changed', ({ active }) => {
        set({ active })
        scheduleRefresh()
      })
      await get().refresh()
    },

    refresh: async () => {
      const seq = ++sequence
      try {
        const [sessions, active] = await Promise.all([
          api()['sessions.list']({}),
          api()['sessions.active']({}),
        ])
        const id = get().selectedId ?? active?.id ?? sessions[0]?.id ?? null
        const detail = id !== null ? await api()['sessions.get']({ id }) : null
        if (seq !== sequence) return
        const activeSummary = sessions.find((s) => s.id === active?.id) ?? null
        set({ sessions, active: activeSummary, selectedId: detail ? id : null, detail, error: null })
      } catch (error) {
        if (seq === sequence) fail(error)
      }
    },

    select: (id) => {
      set({ selectedId: id, mode: 'detail', comparison: null, notice: null })
      void get().refresh()
    },

    showNew: () => set({ mode: 'new', notice: null, error: null }),

    startSession: async (input) => {
      set({ busy: true, error: null })
      try {
        const detail = await api()['sessions.start'](input)
        set({ busy: false, mode: 'detail', selectedId: detail.id, detail })
        await get().refresh()
        return true
      } catch (error) {
        fail(error)
        return false
      }
    },

    stopSession: async (id) => {
      set({ busy: true, error: null })
      try {
        const detail = await api()['sessions.stop']({ id })
        set({ busy: false, detail, active: null })
        await get().refresh()
      } catch (error) {
        fail(error)
      }
    },

    deleteSession: async (id) => {
      set({ busy: true, error: null })
      try {
        await api()['sessions.delete']({ id })
        set({
          busy: false,
          selectedId: get().selectedId === id ? null : get().selectedId,
          compareIds: get().compareIds.filter((x) => x !== id),
        })
        await get().refresh()
      } catch (error) {
        fail(error)
      }
    },

    saveExpectations: async (id, expectations) => {
      set({ busy: true, error: null })
      try {
        const detail = await api()['sessions.update']({ id, expectations })
        set({ busy: false, detail })
        void get().refresh()
        return true
      } catch (error) {
        fail(error)
        return false
      }
    },

    toggleCompare: (id) => {
      const ids = get().compareIds
      const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-2)
      set({ compareIds: next })
    },

    compare: async () => {
      const [a, b] = get().compareIds
      if (a === undefined || b === undefined) return
      set({ busy: true, error: null })
      try {
        // Older session first, so "only in B" reads as "new in the later run".
        const [first, second] = a < b ? [a, b] : [b, a]
        const comparison = await api()['sessions.compare']({ a: first, b: second })
        set({ busy: false, mode: 'compare', comparison })
      } catch (error) {
        fail(error)
      }
    },

    downloadReport: async (id, format) => {
      set({ busy: true, error: null })
      try {
        const report = await api()['sessions.report']({ id, format })
        downloadFile([report.content], report.fileName, report.mimeType)
        set({ busy: false, notice: `Saved ${report.fileName}` })
      } catch (error) {
        fail(error)
      }
    },

    planExpectations: async () => {
      try {
        const result = await api()['sessions.planExpectations']({})
        if (!result.available) {
          set({ error: 'No tracking plan is loaded; load one first, or write the checklist by hand.' })
          return null
        }
        return result.expectations
      } catch (error) {
        fail(error)
        return null
      }
    },

    dismiss: () => set({ error: null, notice: null }),
  }
})
