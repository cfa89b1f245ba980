import { z } from 'zod'
import type { SearchMethods } from './search'

export const searchSchemas = {
  'events.suggest': z
    .object({
      field: z.enum(['event', 'user', 'type', 'status', 'prop-key', 'prop-value', 'session', 'rule']),
      prefix: z.string().max(200),
      key: z.string().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    })
    .strict(),
} satisfies { [M in keyof SearchMethods]: z.ZodType }
