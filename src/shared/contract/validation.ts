/**
 * The validation domain of the contract: the tracking plan, re-validating
 * the log, how invalid calls are answered (strict or lenient) and the
 * catalogue of rules a finding can come from.
 */
import type { Severity } from '../model'

/** `strict` answers invalid calls 400 like the real API; `lenient` answers 200 and only records findings. */
export type ValidationMode = 'strict' | 'lenient'
export const VALIDATION_MODES: readonly ValidationMode[] = ['strict', 'lenient']

/**
 * How a plan was written:
 * - `schema-map`: a JSON object `{ "<event name>": <JSON Schema of the event's properties> }`;
 * - `rows-json`: a JSON array of `{ event, property, type, required, allowed }`;
 * - `csv`: the same rows as CSV with a header line.
 */
export type PlanFormat = 'schema-map' | 'rows-json' | 'csv'
export const PLAN_FORMATS: readonly PlanFormat[] = ['schema-map', 'rows-json', 'csv']

export type PlanPropertyType =
  'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null' | 'any'
export const PLAN_PROPERTY_TYPES: readonly PlanPropertyType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
  'any',
]

export type AllowedValue = string | number | boolean | null

/** One line of the plan as a table shows it. `property` is null for a planned event without properties. */
export interface PlanRow {
  event: string
  property: string | null
  /** Several types when a JSON Schema allows more than one. */
  types: PlanPropertyType[]
  required: boolean
  /** Empty: any value of the type. */
  allowed: AllowedValue[]
}

/** A problem that keeps a plan from loading, with where it is (1-based line for CSV, a JSON pointer otherwise). */
export interface PlanError {
  location: string
  message: string
}

export interface PlanInfo {
  format: PlanFormat
  /** The plan exactly as the user wrote it. */
  source: string
  rows: PlanRow[]
  eventNames: string[]
  updatedAt: number
}

export interface PlanParseResult {
  ok: boolean
  format: PlanFormat | null
  rows: PlanRow[]
  eventNames: string[]
  errors: PlanError[]
}

export type PlanSaveResult = ({ ok: true; plan: PlanInfo } | { ok: false }) & { errors: PlanError[] }

export interface PlanCoverageItem {
  event: string
  /** Track events with this name in the log. */
  seen: number
  lastSeenAt: number | null
}

export interface RevalidateResult {
  /** Events checked again. */
  events: number
  /** Events whose status or findings changed. */
  changed: number
  /** False when a newer run (after another plan change) took over. */
  completed: boolean
  durationMs: number
}

export interface RevalidateProgress {
  done: number
  total: number
  running: boolean
}

export interface RuleInfo {
  id: string
  severity: Severity
  source: 'capture' | 'spec' | 'plan'
  description: string
}

export interface ValidationPushes {
  /** Re-validation is under way: rows done so far. */
  'validation.progress': RevalidateProgress
  /** Statuses and findings in the log changed: reload what is on screen. */
  'events.revalidated': RevalidateResult
  /** The plan or the mode changed (from this or another client). */
  'validation.changed': { mode: ValidationMode; planUpdatedAt: number | null }
}

export const VALIDATION_PUSHES = [
  'validation.progress',
  'events.revalidated',
  'validation.changed',
] as const satisfies readonly (keyof ValidationPushes)[]
