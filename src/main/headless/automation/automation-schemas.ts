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
const SINCE = 'Received at or after: ISO-8601 or epoch milliseconds'
const UNTIL = 'Received before: ISO-8601 or epoch milliseconds'

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
      .describe('Exact event names, comma-separated')
      .optional(),
    user_id: z.string().max(500).optional(),
    type: list(CALL_TYPES, 'type')
      .describe(`Call types, comma-separated: ${CALL_TYPES.join(', ')}`)
      .optional(),
    status: list(STATUSES, 'status')
      .describe(`Statuses, comma-separated: ${STATUSES.join(', ')}`)
      .optional(),
    session: positiveInt.describe("Only this QA session's events").optional(),
    test: testIdSchema.describe('Only calls that carried this x-track-debugger-test header').optional(),
    since: instant.describe(SINCE).optional(),
    until: instant.describe(UNTIL).optional(),
    q: filterTextSchema
      .describe(
        "The UI's filter: free words (word prefixes in the name, user id, property and trait keys and values) and key:value terms",
      )
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    max_bytes: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(32 * 1024 * 1024)
      .default(8 * 1024 * 1024)
      .describe('A page also ends before its events pass this many bytes (at least one event per page)'),
    before: positiveInt.describe('The older page: `nextBefore` of the previous one').optional(),
    after: z.coerce.number().int().min(0).describe('Oldest first, ids above this one (polling)').optional(),
  })
  .strict()
  .refine((v) => v.before === undefined || v.after === undefined, {
    message: 'use either before or after, not both',
  })

export const summaryQuerySchema = z
  .object({
    session: positiveInt.describe("Only this QA session's events").optional(),
    since: instant.describe(SINCE).optional(),
    until: instant.describe(UNTIL).optional(),
  })
  .strict()

export const reportQuerySchema = z.object({ format: reportFormatSchema.default('html') }).strict()

export const importQuerySchema = z
  .object({
    name: z
      .string()
      .max(500)
      .default('upload.har')
      .describe('The file name: its extension says the format (.har, .ndjson, .jsonl, .json)'),
  })
  .strict()

export const automationSessionSchema = z
  .object({
    name: z.string().trim().min(1, 'a session needs a name').max(200),
    tester: z.string().trim().max(200).nullable().optional(),
    appVersion: z.string().trim().max(200).nullable().optional(),
    device: z.string().trim().max(200).nullable().optional(),
    notes: z.string().trim().max(5000).nullable().optional(),
    expectations: z.array(expectationInputSchema).max(500).optional(),
    fromPlan: z
      .union([z.boolean(), z.array(z.string().max(200)).max(1000)])
      .describe('true: an expectation for every event of the tracking plan; a list: for those events')
      .optional(),
  })
  .strict()

/** POST /wait: an expectation (as in a session's checklist), where to look, and how long to wait. */
