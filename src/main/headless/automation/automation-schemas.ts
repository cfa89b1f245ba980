/** Input checks for the automation API: query strings and JSON bodies, each with a clear message. */
import { z } from 'zod'
import { oneOf } from '../../../shared/contract/define'
import { expectationInputSchema, reportFormatSchema } from '../../../shared/contract/sessions.schemas'
import { filterTextSchema, testIdSchema } from '../../../shared/contract/stream.schemas'
import { CALL_TYPES, STATUSES } from '../../../shared/model'

const list = <T extends string>(values: readonly T[], what: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    )
    .pipe(z.array(oneOf(values, `${what} must be one of ${values.join(', ')}`)))

/** An instant as ISO-8601 or epoch milliseconds. */
const instant = z.string().transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO-8601 time or epoch milliseconds` })
    return z.NEVER
  }
  return n
})

const positiveInt = z.coerce.number().int().positive()

export const eventsQuerySchema = z
  .object({
    event_name: z
      .string()
      .max(2000)
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      )
      .optional(),
    user_id: z.string().max(500).optional(),
    type: list(CALL_TYPES, 'type').optional(),
    status: list(STATUSES, 'status').optional(),
    session: positiveInt.optional(),
    /** Only calls sent for this test (the x-track-debugger-test header). */
    test: testIdSchema.optional(),
    since: instant.optional(),
    until: instant.optional(),
    q: filterTextSchema.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** A page also ends before it passes this many bytes of events (large events, big pages). */
    max_bytes: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(32 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    before: positiveInt.optional(),
    after: z.coerce.number().int().min(0).optional(),
  })
  .strict()
  .refine((v) => v.before === undefined || v.after === undefined, {
    message: 'use either before or after, not both',
  })

export const summaryQuerySchema = z
  .object({
    session: positiveInt.optional(),
    since: instant.optional(),
    until: instant.optional(),
  })
  .strict()

export const reportQuerySchema = z.object({ format: reportFormatSchema.default('html') }).strict()

export const importQuerySchema = z.object({ name: z.string().max(500).default('upload.har') }).strict()

export const automationSessionSchema = z
  .object({
    name: z.string().trim().min(1, 'a session needs a name').max(200),
    tester: z.string().trim().max(200).nullable().optional(),
    appVersion: z.string().trim().max(200).nullable().optional(),
    device: z.string().trim().max(200).nullable().optional(),
    notes: z.string().trim().max(5000).nullable().optional(),
    expectations: z.array(expectationInputSchema).max(500).optional(),
    /** true: every planned event; a list: those planned events. Added after `expectations`. */
    fromPlan: z.union([z.boolean(), z.array(z.string().max(200)).max(1000)]).optional(),
  })
  .strict()

/** POST /wait: an expectation (as in a session's checklist), where to look, and how long to wait. */
