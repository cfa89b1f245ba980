import { parseFilter } from '../../../shared/filter-language'
import type { CallType, EventQuery, EventSummary, Status } from '../../../shared/model'

export interface StreamFilter {
  text: string
  callTypes: CallType[]
  statuses: Status[]
  /** Rule ids (see `rules.list`); rows with a finding from any of them. */
  rules: string[]
  includeProtocol: boolean
}

export const DEFAULT_FILTER: StreamFilter = {
  text: '',
  callTypes: [],
  statuses: [],
  rules: [],
  includeProtocol: false,
}

/** Call types that every browser call brings along; hidden unless asked for. */
const PROTOCOL_TYPES: readonly CallType[] = ['preflight', 'subscription']

export function toQuery(filter: StreamFilter): EventQuery {
  const query: EventQuery = {}
  const text = filter.text.trim()
  // The search box speaks the filter language; the engine parses it (see shared/filter-language.ts).
  if (text) query.q = text
  if (filter.callTypes.length > 0) query.callTypes = filter.callTypes
  if (filter.statuses.length > 0) query.statuses = filter.statuses
  if (filter.rules.length > 0) query.rules = filter.rules
  if (filter.includeProtocol) query.includeProtocol = true
  return query
}

/** Why the search box's text is not a valid filter, or null when it is. */
export function filterProblem(text: string): string | null {
  if (text.trim() === '') return null
  return parseFilter(text).errors[0]?.message ?? null
}

export function isFiltering(filter: StreamFilter): boolean {
  return (
    filter.text.trim() !== '' ||
    filter.callTypes.length > 0 ||
    filter.statuses.length > 0 ||
    filter.rules.length > 0
  )
}

/**
 * Whether pushed rows can be matched here without asking the engine. Free
 * text is matched against the event JSON, which a summary does not carry, so
 * any narrowing filter goes back to the engine instead of guessing.
 */
export function matchesLocally(filter: StreamFilter): boolean {
  return !isFiltering(filter)
}

export function localMatch(filter: StreamFilter, row: EventSummary): boolean {
  return filter.includeProtocol || !PROTOCOL_TYPES.includes(row.callType)
}
