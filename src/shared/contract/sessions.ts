/**
 * The sessions domain of the contract: QA verification sessions, their
 * expectation checklists with live verdicts, comparisons and reports.
 */
import type { CallType } from '../model'

/** How a property condition compares the value found at `path` in the event JSON. */
export type ConditionOp = 'equals' | 'matches' | 'type' | 'present' | 'range'
export const CONDITION_OPS: readonly ConditionOp[] = ['equals', 'matches', 'type', 'present', 'range']

/** JSON types a `type` condition can ask for; `integer` is a number without a fraction. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null'
export const JSON_TYPES: readonly JsonType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
]

/**
 * One property condition. `path` is a dot path from the event's root
 * (`properties.plan`, `context.source`, `traits.user_email`, `items.0.sku`).
 * - equals: the value equals `value` (any JSON, compared structurally)
 * - matches: the value, as text, matches the regular expression `value`
 * - type: the value's JSON type is `value`
 * - present: `value` true (default) = the path exists; false = it must be absent
 * - range: the value is a number from `min` to `max` (both inclusive; either may be left out)
 */
/** A JSON value, as an `equals` condition compares it (structurally). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export type Condition =
  | { path: string; op: 'equals'; value: JsonValue }
  | { path: string; op: 'matches'; value: string }
  | { path: string; op: 'type'; value: JsonType }
  | { path: string; op: 'present'; value?: boolean }
  | { path: string; op: 'range'; value: NumberRange }

export interface NumberRange {
  min?: number
  max?: number
}

export type CountMode = 'atLeast' | 'exactly'

export interface Expectation {
  /** Stable within its session; generated when not given. */
  id: string
  /** Which kind of call: track by default. */
  callType: 'track' | 'identify' | 'group'
  /** Event name (track) or group id (group); null matches any call of that type. */
  eventName: string | null
  conditions: Condition[]
  count: { mode: CountMode; n: number }
  /** When true, the first event meeting this expectation must come after the one meeting the previous ordered expectation. */
  ordered: boolean
  /** Free text shown in reports, e.g. the flow step. */
  description: string | null
}

/** What a caller sends: everything but the event name is optional. */
export interface ExpectationInput {
  id?: string
  callType?: 'track' | 'identify' | 'group'
  eventName?: string | null
  conditions?: Condition[]
  count?: { mode?: CountMode; n?: number }
  ordered?: boolean
  description?: string | null
}

export type Verdict = 'pending' | 'met' | 'failed'

/** An event of the right name that did not meet the conditions, and why. */
export interface NearMiss {
  eventId: number
  reasons: string[]
}

export interface ExpectationResult {
  expectation: Expectation
  verdict: Verdict
  /** Ids of the events that met it, oldest first (at most 100 listed; see matchCount). */
  matchedIds: number[]
  matchCount: number
  nearMisses: NearMiss[]
  /** One sentence saying why the verdict is what it is. */
  reason: string
}

export interface SessionInfo {
  id: number
  name: string
  tester: string | null
  appVersion: string | null
  device: string | null
  notes: string | null
  startedAt: number
  /** Null while the session is the active one. */
  stoppedAt: number | null
}

export interface SessionSummary extends SessionInfo {
  /** Events the session recorded (for a stopped session: when it stopped). */
  eventCount: number
  /**
   * Of those, how many have since left the log (retention, clearing). A
   * stopped session's verdicts and evidence were kept with it, so they stand.
   */
  prunedEvents: number
  expectationCount: number
  met: number
  failed: number
  pending: number
}

export interface SessionDetail extends SessionSummary {
  results: ExpectationResult[]
  /** Every expectation met (pending counts as not met). */
  passed: boolean
}

export interface EventCount {
  callType: CallType
  eventName: string | null
  count: number
}

export interface PropertyDifference {
  /** Dot path of the property inside the event. */
  path: string
  /** JSON text of the value in the first event of each session; null = absent. */
  a: string | null
  b: string | null
}

export interface SessionComparison {
  a: SessionInfo
  b: SessionInfo
  onlyInA: EventCount[]
  onlyInB: EventCount[]
  inBoth: {
    callType: CallType
    eventName: string | null
    countA: number
    countB: number
    eventIdA: number
    eventIdB: number
    differences: PropertyDifference[]
  }[]
}

export type ReportFormat = 'html' | 'md' | 'json' | 'junit'
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'junit']

export interface RenderedReport {
  fileName: string
  mimeType: string
  content: string
}

export interface SessionsPushes {
  /** A session started, stopped, changed or was deleted; carries the active session (or null). */
  'sessions.changed': { active: SessionSummary | null }
}

export const SESSIONS_PUSHES = ['sessions.changed'] as const satisfies readonly (keyof SessionsPushes)[]

export interface SimilarName {
  eventName: string
  count: number
}

/** What `events.wait` answers: met or not, with what a test failure can print. */
export interface WaitOutcome {
  met: boolean
  /** The verdict as a session would give it, with matched ids and near misses. */
  result: ExpectationResult
  /** Events of other names that look like a typo of the expected one ("sign_up" for "signup"). */
  similarNames: SimilarName[]
  waitedMs: number
  /** The newest event id when the answer was given: the `afterId` of the next wait. */
  lastEventId: number
  /** One paragraph a test failure can print as is. */
  message: string
}
