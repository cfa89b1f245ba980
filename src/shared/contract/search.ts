/**
 * The search domain of the contract: autocomplete for the stream's filter
 * language (see shared/filter-language.ts).
 */

export interface Suggestion {
  value: string
  /** A short note shown beside it (a count, a description). */
  detail?: string
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SearchPushes {}

export const SEARCH_PUSHES = [] as const satisfies readonly (keyof SearchPushes)[]
