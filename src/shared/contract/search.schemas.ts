import { z } from 'zod'
import { method, returns, type MethodsOf, type ParsedOf } from './define'
import type { Suggestion } from './search'

export const searchContract = {
  'events.suggest': method(
    z
      .object({
        field: z.enum(['event', 'user', 'type', 'status', 'prop-key', 'prop-value', 'session', 'rule']),
        prefix: z.string().max(200),
        key: z.string().min(1).max(200).optional(),
        limit: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
    returns<Suggestion[]>(),
  ),
}

/** The search domain's methods, as signatures: derived from the declaration above. */
export type SearchMethods = MethodsOf<typeof searchContract>

/** The `events.suggest` input as the engine receives it (parsed): inferred from its schema. */
export type SuggestInput = ParsedOf<(typeof searchContract)['events.suggest']>
