/**
 * The tracking-plan screen: the saved plan, the draft being edited (checked
 * by the engine as the user types, debounced), saving, clearing,
 * re-validating the log with progress, and which planned events the log
 * has seen.
 *
 * After a re-validation the stream and the open detail reload, wherever
 * the re-validation was started from (`events.revalidated` is pushed to
 * every client).
 */
import { create } from 'zustand'
import type {
  PlanCoverageItem,
  PlanFormat,
  PlanInfo,
  PlanParseResult,
  RevalidateProgress,
  RevalidateResult,
} from '../../../shared/contract/validation'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

const CHECK_DEBOUNCE_MS = 250

interface PlanState {
  loaded: boolean
  plan: PlanInfo | null
  /** What the editor holds; differs from plan.source until saved. */
  draft: string
  /** Chosen by the user; null detects it from the text. */
  format: PlanFormat | null
  check: PlanParseResult | null
  checking: boolean
  saving: boolean
  /** Outcome of the last save, shown under the editor. */
  notice: { tone: 'ok' | 'error'; text: string } | null
  error: string | null
  coverage: PlanCoverageItem[]
  progress: RevalidateProgress | null
  lastRun: RevalidateResult | null

  load: () => Promise<void>
  setDraft: (text: string) => void
  setFormat: (format: PlanFormat | null) => void
  revert: () => void
  save: () => Promise<boolean>
  clear: () => Promise<void>
  revalidate: () => Promise<void>
  refreshCoverage: () => Promise<void>
}

export const usePlanStore = create<PlanState>()((set, get) => {
  let subscribed = false
  let checkTimer: ReturnType<typeof setTimeout> | undefined
  let checkSeq = 0

  const runCheck = async (): Promise<void> => {
    const seq = ++checkSeq
    const { draft, format } = get()
    if (draft.trim() === '') {
      set({ check: null, checking: false })
      return
    }
    try {
      const check = await api()['plan.check']({ source: draft, ...(format ? { format } : {}) })
      if (seq === checkSeq) set({ check, checking: false })
    } catch (error) {
      if (seq === checkSeq) set({ checking: false, error: errorMessage(error) })
    }
  }

  const scheduleCheck = (): void => {
    clearTimeout(checkTimer)
    set({ checking: true })
    checkTimer = setTimeout(() => void runCheck(), CHECK_DEBOUNCE_MS)
  }

  const subscribe = (): void => {
    if (subscribed) return
    subscribed = true
    api().on('validation.progress', (progress) => set({ progress }))
    api().on('events.revalidated', (lastRun) => {
      // The stream and the open event follow the same push and read themselves again.
      set({ lastRun })
      void get().refreshCoverage()
    })
    api().on('validation.changed', ({ planUpdatedAt }) => {
      if (planUpdatedAt !== (get().plan?.updatedAt ?? null)) void get().load()
    })
  }

  return {
    loaded: false,
    plan: null,
    draft: '',
    format: null,
    check: null,
    checking: false,
    saving: false,
    notice: null,
    error: null,
    coverage: [],
    progress: null,
    lastRun: null,

    load: async () => {
      subscribe()
      try {
        const plan = await api()['plan.get']({})
        const edited = get().loaded && get().draft !== (get().plan?.source ?? '')
        set({
          plan,
          loaded: true,
          error: null,
          ...(edited ? {} : { draft: plan?.source ?? '', format: null }),
        })
        if (!edited) await runCheck()
        await get().refreshCoverage()
      } catch (error) {
        set({ loaded: true, error: errorMessage(error) })
      }
    },

    setDraft: (draft) => {
      set({ draft, notice: null })
      scheduleCheck()
    },

    setFormat: (format) => {
      set({ format, notice: null })
      scheduleCheck()
    },

    revert: () => {
      set({ draft: get().plan?.source ?? '', format: null, notice: null })
      scheduleCheck()
    },

    save: async () => {
      const { draft, format } = get()
      set({ saving: true, notice: null })
      try {
        const result = await api()['plan.save']({ source: draft, ...(format ? { format } : {}) })
        if (result.ok) {
          set({
            plan: result.plan,
            saving: false,
            notice: {
              tone: 'ok',
              text: 'Saved. New calls are checked against this plan; re-validate to apply it to the log.',
            },
          })
          await get().refreshCoverage()
          return true
        }
        set({
          saving: false,
          check: { ok: false, format: format, rows: [], eventNames: [], errors: result.errors },
          notice: { tone: 'error', text: 'Not saved: fix the errors below.' },
        })
        return false
      } catch (error) {
        set({ saving: false, notice: { tone: 'error', text: errorMessage(error) } })
        return false
      }
    },

    clear: async () => {
      try {
        await api()['plan.clear']({})
        set({
          plan: null,
          draft: '',
          check: null,
          coverage: [],
          notice: { tone: 'ok', text: 'Plan removed.' },
        })
      } catch (error) {
        set({ notice: { tone: 'error', text: errorMessage(error) } })
      }
    },

    revalidate: async () => {
      set({ progress: { done: 0, total: 0, running: true } })
      try {
        const lastRun = await api()['plan.revalidate']({})
        if (lastRun.completed) set({ lastRun })
      } catch (error) {
        set({ progress: null, notice: { tone: 'error', text: errorMessage(error) } })
      }
    },

    refreshCoverage: async () => {
      try {
        set({ coverage: await api()['plan.coverage']({}) })
      } catch {
        // Coverage is a hint; the next refresh tries again.
      }
    },
  }
})
