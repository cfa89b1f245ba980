import { z } from 'zod'
import { method, oneOf, returns, type MethodsOf, type ParsedOf } from './define'
import type {
  ExpectationInput,
  JsonValue,
  RenderedReport,
  SessionComparison,
  SessionDetail,
  SessionSummary,
  WaitOutcome,
} from './sessions'
import { MAX_PATTERN_LENGTH, patternProblem } from '../linear-regex'
import { testIdSchema } from './stream.schemas'
import { JSON_TYPES, REPORT_FORMATS } from './sessions'

const empty = z.object({}).strict()
const id = z.number().int().positive()
const text = (max: number) => z.string().trim().max(max).nullable().optional()

/** Regexes come from users and CI scripts: bound their size and refuse ones RE2 cannot run in linear time. */
const regex = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .superRefine((source, ctx) => {
    const problem = patternProblem(source)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const path = z.string().trim().min(1, 'a condition needs a property path such as properties.plan').max(300)

const numberRange = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, 'a range needs a min, a max or both')
  .refine(
    (r) => r.min === undefined || r.max === undefined || r.min <= r.max,
    "the range's min is above its max",
  )

/** Named (`meta.id`) where a document generated from the schemas lists them once: docs/openapi.yaml. */
const jsonValue: z.ZodType<JsonValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValue),
      z.record(z.string(), jsonValue),
    ]),
  )
  .meta({ id: 'JsonValue', description: 'Any JSON value' })

export const conditionSchema = z
  .discriminatedUnion('op', [
    z.object({ path, op: z.literal('equals'), value: jsonValue }).strict(),
    z.object({ path, op: z.literal('matches'), value: regex }).strict(),
    z.object({ path, op: z.literal('type'), value: oneOf(JSON_TYPES) }).strict(),
    z.object({ path, op: z.literal('present'), value: z.boolean().optional() }).strict(),
    z.object({ path, op: z.literal('range'), value: numberRange }).strict(),
  ])
  .meta({ id: 'Condition', description: 'What an event must hold at a property path' })

export const expectationInputSchema = z
  .object({
    id: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
      .optional(),
    callType: z.enum(['track', 'identify', 'group']).optional(),
    eventName: z.string().trim().min(1).max(200).nullable().optional(),
    conditions: z.array(conditionSchema).max(50).optional(),
    count: z
      .object({
        mode: z.enum(['atLeast', 'exactly']).optional(),
        n: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict()
      .optional(),
    ordered: z.boolean().optional(),
    description: text(500),
  })
  .strict()
  .refine((e) => (e.callType ?? 'track') !== 'track' || (e.eventName ?? null) !== null, {
    message: 'a track expectation needs an eventName',
    path: ['eventName'],
  })
  .meta({ id: 'ExpectationInput', description: 'One line of a session checklist; only eventName is needed' })

const expectations = z.array(expectationInputSchema).max(500)

export const sessionStartSchema = z
  .object({
    name: z.string().trim().min(1, 'a session needs a name').max(200),
    tester: text(200),
    appVersion: text(200),
    device: text(200),
    notes: text(5000),
    expectations: expectations.optional(),
  })
  .strict()

export const sessionUpdateSchema = z
  .object({
    id,
    name: z.string().trim().min(1).max(200).optional(),
    tester: text(200),
    appVersion: text(200),
    device: text(200),
    notes: text(5000),
    expectations: expectations.optional(),
  })
  .strict()

export const reportFormatSchema = oneOf(REPORT_FORMATS)

/** Waits for an event meeting one expectation, woken by each commit (not by polling). */
export const waitSchema = z
  .object({
    expectation: expectationInputSchema,
    session: z.number().int().positive().describe('Only events of this QA session').optional(),
    test: testIdSchema
      .describe('Only events of calls that carried this x-track-debugger-test header')
      .optional(),
    after: z
      .number()
      .int()
      .nonnegative()
      .describe('Only events with a larger id: the lastEventId of a previous answer')
      .optional(),
    timeoutMs: z.number().int().min(0).max(120_000).default(10_000).describe('How long to wait, in ms'),
  })
  .strict()

export const sessionsContract = {
  'events.wait': method(waitSchema, returns<WaitOutcome>()),
  'sessions.list': method(empty, returns<SessionSummary[]>()),
  'sessions.get': method(z.object({ id }).strict(), returns<SessionDetail | null>()),
  'sessions.active': method(empty, returns<SessionDetail | null>()),
  'sessions.start': method(sessionStartSchema, returns<SessionDetail>()),
  'sessions.update': method(sessionUpdateSchema, returns<SessionDetail>()),
  'sessions.stop': method(z.object({ id }).strict(), returns<SessionDetail>()),
  'sessions.delete': method(z.object({ id }).strict(), returns<{ deleted: boolean }>()),
  'sessions.compare': method(z.object({ a: id, b: id }).strict(), returns<SessionComparison>()),
  'sessions.report': method(z.object({ id, format: reportFormatSchema }).strict(), returns<RenderedReport>()),
  'sessions.planExpectations': method(
    z.object({ eventNames: z.array(z.string().max(200)).max(1000).optional() }).strict(),
    returns<{ available: boolean; expectations: ExpectationInput[] }>(),
  ),
}

/** The sessions domain's methods, as signatures: derived from the declaration above. */
export type SessionsMethods = MethodsOf<typeof sessionsContract>

/** The `sessions.start` input as the engine receives it (parsed): inferred from its schema. */
export type SessionStartInput = ParsedOf<(typeof sessionsContract)['sessions.start']>
/** The `sessions.update` input as the engine receives it (parsed): inferred from its schema. */
export type SessionUpdateInput = ParsedOf<(typeof sessionsContract)['sessions.update']>
