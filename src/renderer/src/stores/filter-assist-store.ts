/**
 * Autocomplete for the stream's filter box. Field names come from the
 * filter language itself; values (event names, users, property keys and
 * values, sessions, rules) from the engine's `events.suggest`, asked at most
 * once per pause in typing. Answers to an older keystroke are dropped.
 */
import { create } from 'zustand'
import type { SuggestInput } from '../../../shared/contract/search.schemas'
import {
  completionContext,
  FILTER_FIELDS,
  quoteValue,
  type CompletionContext,
} from '../../../shared/filter-language'
import { api } from '../api/client'

export interface FilterSuggestion {
  label: string
  detail?: string
  /** Text that replaces `start..end` of the input. */
  insert: string
  start: number
  end: number
}

interface FilterAssistState {
  suggestions: FilterSuggestion[]
  active: number
  update: (input: string, cursor: number) => void
  move: (delta: number) => void
  close: () => void
}

const ASK_DELAY_MS = 90

function fieldSuggestions(ctx: CompletionContext): FilterSuggestion[] {
  const typed = ctx.prefix.toLowerCase()
  return FILTER_FIELDS.filter(
    (f) => (!ctx.negated || f.negatable) && f.keyword.startsWith(typed) && typed !== f.keyword,
  ).map((f) => ({
    label: f.keyword,
    detail: f.description,
    insert: f.keyword,
    start: ctx.start,
    end: ctx.end,
  }))
}

function whenSuggestions(ctx: CompletionContext): FilterSuggestion[] {
  const today = new Date()
  const pad = (n: number): string => String(n).padStart(2, '0')
  const date = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`
  const options: [string, string][] = [
    ['15m', '15 minutes ago'],
    ['1h', 'an hour ago'],
    ['24h', 'a day ago'],
    ['7d', 'a week ago'],
    [date, 'today, from midnight'],
  ]
  return options
    .filter(([v]) => v.startsWith(ctx.prefix))
    .map(([v, detail]) => ({ label: v, detail, insert: `${v} `, start: ctx.start, end: ctx.end }))
}

function engineField(ctx: CompletionContext): SuggestInput['field'] | null {
  if (ctx.kind === 'prop-key') return 'prop-key'
  switch (ctx.field) {
    case 'event':
    case 'user':
    case 'type':
    case 'status':
    case 'session':
    case 'rule':
      return ctx.field
    case 'prop':
      return 'prop-value'
    default:
      return null
  }
}

export const useFilterAssistStore = create<FilterAssistState>()((set, get) => {
  let askTimer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  return {
    suggestions: [],
    active: 0,

    update: (input, cursor) => {
      const gen = ++generation
      clearTimeout(askTimer)
      const ctx = completionContext(input, cursor)
      if (ctx.kind === 'field') {
        // A bare word is free text too: only offer fields once it could be one.
        set({
          suggestions: ctx.prefix === '' || /^[a-z.]+$/i.test(ctx.prefix) ? fieldSuggestions(ctx) : [],
          active: 0,
        })
        return
      }
      if (ctx.field === 'after' || ctx.field === 'before') {
        set({ suggestions: whenSuggestions(ctx), active: 0 })
        return
      }
      const field = engineField(ctx)
      if (field === null) {
        set({ suggestions: [], active: 0 })
        return
      }
      askTimer = setTimeout(() => {
        const request: SuggestInput = { field, prefix: ctx.prefix, limit: 12 }
        if (field === 'prop-value' && ctx.propKey) request.key = ctx.propKey
        const ask = api()['events.suggest']
        void ask(request)
          .then((found) => {
            if (gen !== generation) return
            const suggestions = found
              .filter((s) => s.value !== ctx.prefix)
              .map((s): FilterSuggestion => {
                const insert = field === 'prop-key' ? `${s.value}:` : `${quoteValue(s.value)} `
                return {
                  label: s.value,
                  insert,
                  start: ctx.start,
                  end: ctx.end,
                  ...(s.detail ? { detail: s.detail } : {}),
                }
              })
            set({ suggestions, active: 0 })
          })
          .catch(() => {
            // Suggestions are a convenience; the filter still works without them.
            if (gen === generation) set({ suggestions: [], active: 0 })
          })
      }, ASK_DELAY_MS)
    },

    move: (delta) => {
      const { suggestions, active } = get()
      if (suggestions.length === 0) return
      set({ active: (active + delta + suggestions.length) % suggestions.length })
    },

    close: () => {
      generation++
      clearTimeout(askTimer)
      set({ suggestions: [], active: 0 })
    },
  }
})
