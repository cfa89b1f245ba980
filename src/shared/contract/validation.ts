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

export interface PlanSaveInput {
  source: string
  /** Detected from the text when left out. */
  format?: PlanFormat
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

export interface ValidationMethods {
  'plan.get': (input: Record<string, never>) => PlanInfo | null
  /** Parse without saving: what the editor shows while the user types. */
  'plan.check': (input: PlanSaveInput) => PlanParseResult
  /** Parse, keep, and validate new calls against it. Does not touch the existing log (see plan.revalidate). */
  'plan.save': (input: PlanSaveInput) => PlanSaveResult
  'plan.clear': (input: Record<string, never>) => { cleared: boolean }
  /** Which planned events the log has seen, and how often. */
  'plan.coverage': (input: Record<string, never>) => PlanCoverageItem[]
  /** Check every captured call in the log again against the spec and the current plan. */
  'plan.revalidate': (input: Record<string, never>) => RevalidateResult
  'validation.mode.get': (input: Record<string, never>) => { mode: ValidationMode }
  'validation.mode.set': (input: { mode: ValidationMode }) => { mode: ValidationMode }
  'rules.list': (input: Record<string, never>) => RuleInfo[]
}

export const VALIDATION_METHODS = [
  'plan.get',
  'plan.check',
  'plan.save',
  'plan.clear',
  'plan.coverage',
  'plan.revalidate',
  'validation.mode.get',
  'validation.mode.set',
  'rules.list',
] as const satisfies readonly (keyof ValidationMethods)[]

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
