import { z } from 'zod'
import type { RetentionMethods } from './retention'

const empty = z.object({}).strict()

export const retentionLimitsSchema = z
  .object({
    maxEvents: z.number().int().min(1_000).max(1_000_000_000).nullable(),
    maxAgeDays: z
      .number()
      .min(1 / 24)
      .max(36_500)
      .nullable(),
    maxBytes: z
      .number()
      .int()
      .min(16 * 1024 ** 2)
      .max(16 * 1024 ** 4)
      .nullable(),
  })
  .strict()

export const retentionSchemas = {
  'retention.get': empty,
  'retention.set': retentionLimitsSchema,
} satisfies { [M in keyof RetentionMethods]: z.ZodType }
