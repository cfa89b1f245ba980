import { z } from 'zod'
import { method, oneOf, returns, type MethodsOf } from './define'
import type { AutomationEvent, LogSummary } from './stream'
import type { CaptureInfo, ClearResult, EventDetail, EventPage, LogStats, RequestRecord } from '../model'
import { CALL_TYPES, STATUSES } from '../model'
import { MAX_TEST_ID_LENGTH } from '../test-id'

export const empty = z.object({}).strict()
export const byId = z.object({ id: z.number().int().positive() }).strict()

/** The test a call was sent for (the x-track-debugger-test header), as every filter takes it. */
export const testIdSchema = z.string().min(1).max(MAX_TEST_ID_LENGTH)

/** A filter-language string (shared/filter-language.ts), as every transport accepts it. */
export const filterTextSchema = z
  .string()
  .max(2000)
  .refine((q) => !q.includes('\u0000'), 'the filter contains a NUL character')

export const eventQuerySchema = z
  .object({
    text: z.string().max(2000).optional(),
    q: filterTextSchema.optional(),
    eventNames: z.array(z.string().max(500)).max(100).optional(),
    excludeEventNames: z.array(z.string().max(500)).max(100).optional(),
    userIds: z.array(z.string().max(500)).max(100).optional(),
    excludeUserIds: z.array(z.string().max(500)).max(100).optional(),
    excludeCallTypes: z.array(oneOf(CALL_TYPES)).optional(),
    excludeStatuses: z.array(oneOf(STATUSES)).optional(),
    props: z
      .array(z.object({ key: z.string().min(1).max(200), value: z.string().max(500) }).strict())
      .max(20)
      .optional(),
    receivedFrom: z.number().optional(),
    receivedUntil: z.number().optional(),
    callTypes: z.array(oneOf(CALL_TYPES)).optional(),
    statuses: z.array(oneOf(STATUSES)).optional(),
    rules: z.array(z.string().min(1).max(100)).max(50).optional(),
    includeProtocol: z.boolean().optional(),
    session: z.number().int().positive().optional(),
    testId: testIdSchema.optional(),
    before: z.number().int().optional(),
    after: z.number().int().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict()

export const streamContract = {
  'app.info': method(empty, returns<CaptureInfo>()),
  'events.list': method(eventQuerySchema, returns<EventPage>()),
  'events.get': method(byId, returns<EventDetail | null>()),
  /** Events with their JSON parsed, in the order asked; ids no longer in the log are left out. */
  'events.read': method(
    z.object({ ids: z.array(z.number().int().positive()).max(1000) }).strict(),
    returns<AutomationEvent[]>(),
  ),
  'events.clear': method(empty, returns<ClearResult>()),
  'requests.get': method(byId, returns<RequestRecord | null>()),
  'log.stats': method(empty, returns<LogStats>()),
  'events.summary': method(
    z
      .object({
        session: z.number().int().positive().optional(),
        /** Received at or after this time (ms since the epoch). */
        since: z.number().optional(),
        /** Received before this time (ms since the epoch). */
        until: z.number().optional(),
      })
      .strict(),
    returns<LogSummary>(),
  ),
}

/** The stream domain's methods, as signatures: derived from the declaration above. */
export type StreamMethods = MethodsOf<typeof streamContract>
