/**
 * The live stream: a bounded window of rows (newest first) over the log.
 *
 * - Pages come from `events.list`; older pages load on scroll (`before`),
 *   and when the window was scrolled far enough to drop its newest rows,
 *   newer pages load on scroll back up (`after`).
 * - Pushes are batched: rows collect in a buffer and land in one setState.
 *   With no narrowing filter they are matched here; otherwise the engine is
 *   asked (`after: newest id`), debounced, since only it can match free text.
 * - Pushes can skip rows (the engine caps a push, a slow connection drops
 *   some). Row ids are consecutive, so a gap is visible and triggers the same
 *   `after` query instead of trusting the push.
 * - While paused only a count is kept; resume fetches what arrived.
 * - A reload bumps `generation`; answers from an older generation are dropped.
 */
import { create } from 'zustand'
import type { EventSummary } from '../../../shared/model'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'
import {
  DEFAULT_FILTER,
  filterProblem,
  localMatch,
  matchesLocally,
  toQuery,
  type StreamFilter,
} from '../lib/stream-filter'
import { createFreshRows, NO_FRESH_IDS } from './fresh-rows'
import { useConnectionStore } from './connection-store'

export const PAGE_SIZE = 200
/** Bound on rows held in memory; whatever is trimmed can be fetched again by scrolling. */
export const MAX_ROWS = 5000
const CATCH_UP_LIMIT = 1000
const FLUSH_MS = 60
const REQUERY_MS = 150
const TEXT_DEBOUNCE_MS = 200
/** The contract caps a push at 500 rows (`events.added`); a full push may have had older rows cut. */
const PUSH_CAP = 500

interface StreamState {
  rows: EventSummary[]
  loaded: boolean
  loading: boolean
  loadingOlder: boolean
  loadingNewer: boolean
  error: string | null
  filter: StreamFilter
  paused: boolean
  /** Arrivals while paused (before filtering by free text, which only the engine can do). */
  pendingCount: number
  hasMore: boolean
  nextBefore: number | null
  /** Newer rows were dropped from the top of the window; pushes wait until the user scrolls back up. */
  hasNewer: boolean
  total: number
  totalIsExact: boolean
  freshIds: ReadonlySet<number>

  start: () => Promise<boolean>
  reload: () => Promise<boolean>
  loadOlder: () => Promise<void>
  loadNewer: () => Promise<void>
  catchUp: () => Promise<void>
  setFilter: (patch: Partial<StreamFilter>) => void
  resetFilter: () => void
  /** Replaces the whole filter with this text (chips and rules cleared): "show these in the stream". */
  showOnly: (text: string) => void
  pause: () => void
  resume: () => void
  clearLog: () => Promise<void>
}

export const useStreamStore = create<StreamState>()((set, get) => {
  let generation = 0
  let subscribed = false
  let buffered: EventSummary[] = []
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let requeryTimer: ReturnType<typeof setTimeout> | undefined
  let reloadTimer: ReturnType<typeof setTimeout> | undefined
  let pushedDuringLoad = false
  let catchingUp = false
  let catchUpAgain = false
  /** Highest row id seen in a push; ids restart after a clear. */
  let lastPushedId: number | null = null

  const fresh = createFreshRows((freshIds) => set({ freshIds }))

  function cancelPending(): void {
    buffered = []
    clearTimeout(flushTimer)
    clearTimeout(requeryTimer)
    flushTimer = undefined
    requeryTimer = undefined
    fresh.reset()
  }

  /** Put rows (any order) on top of the window, skipping what it already holds. */
  const prepend = (items: EventSummary[]): void => {
    const state = get()
    const newest = state.rows[0]?.id ?? -Infinity
    const added = items.filter((row) => row.id > newest).sort((a, b) => b.id - a.id)
    if (added.length === 0) return
    let rows = added.concat(state.rows)
    let { hasMore, nextBefore } = state
    if (rows.length > MAX_ROWS) {
      rows = rows.slice(0, MAX_ROWS)
      hasMore = true
      nextBefore = rows[rows.length - 1]?.id ?? null
    }
    set({
      rows,
      hasMore,
      nextBefore,
      total: state.total + added.length,
      freshIds: fresh.mark(added.map((row) => row.id)),
    })
  }

  const flush = (): void => {
    flushTimer = undefined
    const items = buffered
    buffered = []
    prepend(items)
  }

  const scheduleRequery = (): void => {
    if (requeryTimer !== undefined) return
    requeryTimer = setTimeout(() => {
      requeryTimer = undefined
      void get().catchUp()
    }, REQUERY_MS)
  }

  const onAdded = (payload: EventSummary[]): void => {
    if (payload.length === 0) return
    let lowest = Infinity
    let highest = -Infinity
    for (const row of payload) {
      if (row.id < lowest) lowest = row.id
      if (row.id > highest) highest = row.id
    }
    const gap = payload.length >= PUSH_CAP || (lastPushedId !== null && lowest > lastPushedId + 1)
    lastPushedId = lastPushedId === null ? highest : Math.max(lastPushedId, highest)

    const state = get()
    const local = matchesLocally(state.filter) && !gap
    if (state.paused) {
      const count = local ? payload.filter((row) => localMatch(state.filter, row)).length : payload.length
      if (count > 0) set({ pendingCount: state.pendingCount + count })
      return
    }
    if (!state.loaded || state.loading) {
      pushedDuringLoad = true
      return
    }
    if (state.hasNewer) return
    if (local) {
      for (const row of payload) if (localMatch(state.filter, row)) buffered.push(row)
      if (buffered.length > 0 && flushTimer === undefined) flushTimer = setTimeout(flush, FLUSH_MS)
    } else {
      scheduleRequery()
    }
  }

  const onCleared = (): void => {
    generation++
    cancelPending()
    pushedDuringLoad = false
    lastPushedId = null
    set({
      rows: [],
      loaded: true,
      loading: false,
      loadingOlder: false,
      loadingNewer: false,
      error: null,
      pendingCount: 0,
      hasMore: false,
      nextBefore: null,
      hasNewer: false,
      total: 0,
      totalIsExact: true,
      freshIds: NO_FRESH_IDS,
    })
  }

  return {
    rows: [],
    loaded: false,
    loading: false,
    loadingOlder: false,
    loadingNewer: false,
    error: null,
    filter: DEFAULT_FILTER,
    paused: false,
    pendingCount: 0,
    hasMore: false,
    nextBefore: null,
    hasNewer: false,
    total: 0,
    totalIsExact: true,
    freshIds: NO_FRESH_IDS,

    start: async () => {
      if (!subscribed) {
        subscribed = true
        // Subscribe before the first page so nothing that arrives in between is lost.
        api().on('events.added', onAdded)
        api().on('events.cleared', onCleared)
        // A plan change re-validated the log: statuses and findings changed under the rows.
        api().on('events.revalidated', () => void get().reload())
        // Back from a lost connection, pushes may have been missed: read what came meanwhile.
        useConnectionStore.subscribe((now, before) => {
          if (now.status === 'open' && before.status !== 'open') void get().catchUp()
        })
      }
      return get().reload()
    },

    reload: async () => {
      // A half-typed filter (`event:`) is explained under the box; keep showing the last good result.
      if (filterProblem(get().filter.text) !== null) return false
      const gen = ++generation
      cancelPending()
      pushedDuringLoad = false
      clearTimeout(reloadTimer)
      set({ loading: true, loadingOlder: false, loadingNewer: false, error: null })
      try {
        const page = await api()['events.list']({ ...toQuery(get().filter), limit: PAGE_SIZE })
        if (gen !== generation) return false
        set({
          rows: page.items,
          loaded: true,
          loading: false,
          hasMore: page.nextBefore !== null,
          nextBefore: page.nextBefore,
          hasNewer: false,
          total: page.total,
          totalIsExact: page.totalIsExact,
          pendingCount: 0,
          freshIds: NO_FRESH_IDS,
        })
        if (pushedDuringLoad) void get().catchUp()
        return true
      } catch (error) {
        if (gen === generation) set({ loading: false, error: errorMessage(error) })
        return false
      }
    },

    loadOlder: async () => {
      const state = get()
      if (!state.hasMore || state.nextBefore === null || state.loading || state.loadingOlder) return
      const gen = generation
      set({ loadingOlder: true })
      try {
        const page = await api()['events.list']({
          ...toQuery(state.filter),
          before: state.nextBefore,
          limit: PAGE_SIZE,
        })
        if (gen !== generation) return
        const current = get()
        const oldest = current.rows[current.rows.length - 1]?.id ?? Infinity
        let rows = current.rows.concat(page.items.filter((row) => row.id < oldest))
        let hasNewer = current.hasNewer
        if (rows.length > MAX_ROWS) {
          rows = rows.slice(rows.length - MAX_ROWS)
          hasNewer = true
        }
        set({
          rows,
          hasMore: page.nextBefore !== null,
          nextBefore: page.nextBefore,
          hasNewer,
          loadingOlder: false,
        })
      } catch (error) {
        if (gen === generation) set({ loadingOlder: false, error: errorMessage(error) })
      }
    },

    loadNewer: async () => {
      const state = get()
      if (!state.hasNewer || state.loading || state.loadingNewer) return
      const first = state.rows[0]
      if (!first) {
        await get().reload()
        return
      }
      const gen = generation
      set({ loadingNewer: true })
      try {
        const page = await api()['events.list']({
          ...toQuery(state.filter),
          after: first.id,
          limit: PAGE_SIZE,
        })
        if (gen !== generation) return
        const current = get()
        const newest = current.rows[0]?.id ?? -Infinity
        const newer = page.items.filter((row) => row.id > newest).sort((a, b) => b.id - a.id)
        let rows = newer.concat(current.rows)
        let { hasMore, nextBefore } = current
        if (rows.length > MAX_ROWS) {
          rows = rows.slice(0, MAX_ROWS)
          hasMore = true
          nextBefore = rows[rows.length - 1]?.id ?? null
        }
        const reachedLive = page.items.length < PAGE_SIZE
        set({ rows, hasMore, nextBefore, hasNewer: !reachedLive, loadingNewer: false })
        // Pushes were ignored while detached from the top; pick up any that came in during this fetch.
        if (reachedLive) void get().catchUp()
      } catch (error) {
        if (gen === generation) set({ loadingNewer: false, error: errorMessage(error) })
      }
    },

    catchUp: async () => {
      const state = get()
      if (!state.loaded) {
        // The first page failed (server unreachable at start); a working connection is the time to retry.
        if (subscribed && !state.loading && state.error) await get().reload()
        return
      }
      if (state.paused || state.hasNewer) return
      if (state.loading) {
        pushedDuringLoad = true
        return
      }
      if (catchingUp) {
        catchUpAgain = true
        return
      }
      catchingUp = true
      const gen = generation
      try {
        const after = state.rows[0]?.id ?? 0
        const page = await api()['events.list']({ ...toQuery(state.filter), after, limit: CATCH_UP_LIMIT })
        if (gen !== generation) return
        // Too far behind to patch in: start again from the newest page.
        if (page.items.length >= CATCH_UP_LIMIT) await get().reload()
        else prepend(page.items)
      } catch (error) {
        if (gen === generation) set({ error: errorMessage(error) })
      } finally {
        catchingUp = false
        if (catchUpAgain) {
          catchUpAgain = false
          void get().catchUp()
        }
      }
    },

    setFilter: (patch) => {
      set((state) => ({ filter: { ...state.filter, ...patch } }))
      clearTimeout(reloadTimer)
      reloadTimer = setTimeout(() => void get().reload(), 'text' in patch ? TEXT_DEBOUNCE_MS : 0)
    },

    resetFilter: () => {
      set((state) => ({ filter: { ...DEFAULT_FILTER, includeProtocol: state.filter.includeProtocol } }))
      clearTimeout(reloadTimer)
      void get().reload()
    },

    showOnly: (text) => {
      set((state) => ({ filter: { ...DEFAULT_FILTER, includeProtocol: state.filter.includeProtocol, text } }))
      clearTimeout(reloadTimer)
      void get().reload()
    },

    pause: () => set({ paused: true, pendingCount: 0 }),

    resume: () => {
      set({ paused: false, pendingCount: 0 })
      void get().catchUp()
    },

    clearLog: async () => {
      try {
        await api()['events.clear']({})
        onCleared()
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },
  }
})
