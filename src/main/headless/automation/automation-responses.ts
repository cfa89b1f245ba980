/**
 * What each automation route answers, as schemas: the OpenAPI file is
 * generated from them (with the request schemas in automation-schemas.ts),
 * and the integration tests parse every answer they get with them.
 *
 * The engine's own types (SessionDetail, AutomationEvent, ...) stay the
 * source of truth: the checks at the end of this file fail to compile when
 * a schema and the type it describes stop agreeing, in either direction.
 */
import { z } from 'zod'
import type { SessionDetail, SessionSummary } from '../../../shared/contract/sessions'
import type { AutomationEvent, LogSummary } from '../../../shared/contract/stream'
import type { ImportResult } from '../../../shared/contract/transfer'
import { conditionSchema } from '../../../shared/contract/sessions.schemas'
import { CALL_TYPES, STATUSES, type Finding } from '../../../shared/model'

/** A schema the OpenAPI file lists once, under `components.schemas.<id>`, and refers to. */
const named = <T extends z.ZodType>(id: string, description: string, schema: T): T =>
  schema.meta({ id, description })

const int = z.number().int()
const nullableInt = int.nullable()
const nullableText = z.string().nullable()

export const errorSchema = named(
  'Error',
  'What went wrong, for a person to read',
  z.object({
    error: z.object({
      code: z.enum(['bad_input', 'not_found', 'internal', 'unauthorized']),
      message: z.string(),
    }),
  }),
)

const callTypeSchema = named('CallType', 'The kind of Track call', z.enum(CALL_TYPES))
const statusSchema = named('Status', "The event's validation status", z.enum(STATUSES))

const findingSchema = named(
  'Finding',
  'One problem validation found in an event',
  z.object({
    severity: z.enum(['error', 'warning', 'info']),
    path: z.string().describe('JSON pointer into the event'),
    rule: z.string(),
    message: z.string(),
  }),
)

export const eventSchema = named(
  'Event',
  'A captured event with its validation findings',
  z.object({
    id: int,
    requestId: int,
    receivedAt: z.iso.datetime(),
    callType: callTypeSchema,
    eventName: nullableText,
    userId: nullableText,
    status: statusSchema,
    findings: z.array(findingSchema),
    origin: z.string().describe('captured, proxied, resend, composed or imported'),
    sessionId: nullableInt,
    testId: nullableText.describe('The x-track-debugger-test header the call carried'),
    event: z.unknown().describe('The event as sent, parsed; null for a request that carried none'),
  }),
)

export const healthSchema = z.object({
  ok: z.literal(true),
  version: z.string(),
  captureUrl: z.string().describe('Where an SDK sends, e.g. http://127.0.0.1:8787/api'),
  activeSession: nullableInt,
  events: int.describe('Track events in the log'),
  lastEventId: int.describe('The newest row id: the `after` of a wait that should see only what follows'),
})

export const resetSchema = z.object({ deletedRequests: int, deletedSessions: int })

export const eventPageSchema = z.object({
  items: z.array(eventSchema),
  total: int,
  totalIsExact: z.boolean().describe('false when counting all matches would be slow: total is then a floor'),
  nextBefore: nullableInt.describe('The `before` of the next older page; null at the end'),
  nextAfter: nullableInt.describe('The `after` of the next poll, when reading forward'),
  cutByBytes: z.boolean().describe('The page ended at max_bytes before its limit'),
  next: nullableText.describe('The next page, as a ready-made path and query'),
})

export const summarySchema = z.object({
  total: int,
  byStatus: z.record(statusSchema, int),
  byCallType: z.record(z.string(), int),
  byEventName: z
    .array(z.object({ callType: callTypeSchema, eventName: nullableText, count: int, invalid: int }))
    .describe('Per call type and name, most frequent first'),
})

const verdictSchema = z.enum(['pending', 'met', 'failed'])
const nearMissSchema = z.object({ eventId: int, reasons: z.array(z.string()) })

const expectationSchema = named(
  'Expectation',
  'One line of a session checklist, as the engine completed it',
  z.object({
    id: z.string(),
    callType: z.enum(['track', 'identify', 'group']),
    eventName: nullableText.describe('Event name (track) or group id (group); null matches any'),
    conditions: z.array(conditionSchema),
    count: z.object({ mode: z.enum(['atLeast', 'exactly']), n: int }),
    ordered: z.boolean(),
    description: nullableText,
  }),
)

const expectationResultSchema = named(
  'ExpectationResult',
  "An expectation's verdict and the events behind it",
  z.object({
    expectation: expectationSchema,
    verdict: verdictSchema,
    matchedIds: z.array(int).describe('Events that met it, oldest first; at most 100 listed'),
    matchCount: int,
    nearMisses: z.array(nearMissSchema).describe('Events of the right name that missed a condition, and why'),
    reason: z.string().describe('One sentence saying why the verdict is what it is'),
  }),
)

const sessionSummaryFields = {
  id: int,
  name: z.string(),
  tester: nullableText,
  appVersion: nullableText,
  device: nullableText,
  notes: nullableText,
  startedAt: int.describe('epoch ms'),
  stoppedAt: nullableInt.describe('epoch ms; null while running'),
  eventCount: int,
  prunedEvents: int.describe('Of its events, those since gone from the log; its verdicts stand'),
  expectationCount: int,
  met: int,
  failed: int,
  pending: int,
}

export const sessionSummarySchema = named(
  'SessionSummary',
  'A QA session and its counts',
  z.object(sessionSummaryFields),
)

export const sessionDetailSchema = named(
  'SessionDetail',
  'A QA session with the verdict of each expectation',
  z.object({
    ...sessionSummaryFields,
    results: z.array(expectationResultSchema),
    passed: z.boolean().describe('Every expectation met (pending counts as not met)'),
  }),
)

export const sessionListSchema = z.object({ items: z.array(sessionSummarySchema) })

export const assertionSchema = named(
  'Assertion',
  "A session's verdicts, summed up for a build gate",
  z.object({
    passed: z.boolean(),
    met: int,
    failed: int,
    pending: int,
    unmet: z.array(
      z.object({ id: z.string(), eventName: nullableText, verdict: verdictSchema, reason: z.string() }),
    ),
  }),
)

export const waitAnswerSchema = named(
  'WaitAnswer',
  'Whether an event met the expectation, and if not, what came close',
  z.object({
    met: z.boolean(),
    verdict: verdictSchema,
    matchCount: int,
    matchedIds: z.array(int).describe('The first 100'),
    nearMisses: z
      .array(nearMissSchema)
      .describe('Events of the expected name that missed a condition, and why'),
    similarNames: z
      .array(z.object({ eventName: z.string(), count: int }))
      .describe('When no event has the expected name, names that look like a typo of it'),
    waitedMs: int,
    lastEventId: int,
    message: z.string().describe('One paragraph a failing test can print as is'),
  }),
)

export const importResultSchema = z.object({
  format: z.enum(['har', 'ndjson', 'json']),
  requests: int.describe('Track calls recorded'),
  events: int.describe('Events those calls carried'),
  invalid: int.describe('Events whose validation found errors'),
  skipped: z.array(z.object({ reason: z.string(), count: int })).describe('Entries left out, by reason'),
  firstEventId: nullableInt,
  lastEventId: nullableInt,
})

/** Holds when each type can stand for the other: a schema that drifts from its type does not compile. */
type Agrees<Schema extends z.ZodType, T> = [z.output<Schema>] extends [T]
  ? [T] extends [z.output<Schema>]
    ? true
    : false
  : false
type Holds<T extends true> = T

export type ResponseTypeChecks = [
  Holds<Agrees<typeof findingSchema, Finding>>,
  Holds<Agrees<typeof eventSchema, AutomationEvent>>,
  Holds<Agrees<typeof summarySchema, LogSummary>>,
  Holds<Agrees<typeof sessionSummarySchema, SessionSummary>>,
  Holds<Agrees<typeof sessionDetailSchema, SessionDetail>>,
  Holds<Agrees<typeof importResultSchema, ImportResult>>,
]
