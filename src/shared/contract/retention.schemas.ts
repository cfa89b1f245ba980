import { z } from 'zod'
import { method, returns, type MethodsOf } from './define'
import type { RetentionStatus } from './retention'
import { RETENTION_MINIMUMS } from './retention'

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

export const retentionContract = {
  'retention.get': method(empty, returns<RetentionStatus>()),
  'retention.set': method(retentionLimitsSchema, returns<RetentionStatus>()),
}

/** The retention domain's methods, as signatures: derived from the declaration above. */
export type RetentionMethods = MethodsOf<typeof retentionContract>
