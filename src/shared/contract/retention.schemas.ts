import { z } from 'zod'
import { RETENTION_MINIMUMS, type RetentionMethods } from './retention'

const empty = z.object({}).strict()

export const retentionLimitsSchema = z
  .object({
    maxEvents: z.number().int().min(RETENTION_MINIMUMS.maxEvents).max(1_000_000_000).nullable(),
    maxAgeDays: z.number().min(RETENTION_MINIMUMS.maxAgeDays).max(36_500).nullable(),
    maxBytes: z
      .number()
      .int()
      .min(RETENTION_MINIMUMS.maxBytes)
      .max(16 * 1024 ** 4)
      .nullable(),
  })
  .strict()

export const retentionSchemas = {
  'retention.get': empty,
  'retention.set': retentionLimitsSchema,
} satisfies { [M in keyof RetentionMethods]: z.ZodType }
