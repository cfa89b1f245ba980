/**
 * The search domain of the contract: autocomplete for the stream's filter
 * language (see shared/filter-language.ts).
 */

export interface SuggestInput {
  /** What is being completed: a field's values, or property keys. */
  field: 'event' | 'user' | 'type' | 'status' | 'prop-key' | 'prop-value' | 'session' | 'rule'
  /** What has been typed so far (case-insensitive prefix). */
  prefix: string
  /** For prop-value: the property key. */
  key?: string
  limit?: number
}

export interface Suggestion {
  value: string
  /** A short note shown beside it (a count, a description). */
  detail?: string
}

export interface SearchMethods {
  'events.suggest': (input: SuggestInput) => Suggestion[]
}

export const SEARCH_METHODS = ['events.suggest'] as const satisfies readonly (keyof SearchMethods)[]

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SearchPushes {}

export const SEARCH_PUSHES = [] as const satisfies readonly (keyof SearchPushes)[]
