/**
 * The validator the capture path holds for its whole life: spec rules plus
 * whatever tracking plan is current, and the strict/lenient answer mode.
 * Changing the plan or the mode swaps state here, so the very next call is
 * judged by it without restarting the capture server.
 */
import type {
  PlanError,
  PlanFormat,
  PlanInfo,
  PlanParseResult,
  ValidationMode,
} from '../../../shared/contract/validation'
import type { Finding } from '../../../shared/model'
import type { PlanRepository } from '../db/plan-repository'
import type { SettingsRepository } from '../db/settings-repository'
import { compilePlan, type CompiledPlan } from './plan-checker'
import { detectFormat, parsePlan, type ParsedPlan } from './plan-parser'
import { specValidator } from './spec-validator'
import type { CallContext, Validator } from './types'
import { z } from 'zod'

const MODE_KEY = 'validation.mode'
const modeSchema = z.enum(['strict', 'lenient'])

export interface LoadedPlan {
  info: PlanInfo
  compiled: CompiledPlan
}

/** Parse and compile a plan; errors from either step, each with a location. */
export function loadPlan(
  source: string,
  format: PlanFormat | undefined,
): { parsed: ParsedPlan; compiled: CompiledPlan | null; errors: PlanError[] } {
  const parsed = parsePlan(source, format ?? detectFormat(source))
  if (parsed.errors.length > 0) return { parsed, compiled: null, errors: parsed.errors }
  const { compiled, errors } = compilePlan(parsed)
  return { parsed, compiled, errors }
}

export function toParseResult(r: ReturnType<typeof loadPlan>): PlanParseResult {
  return {
    ok: r.errors.length === 0 && r.compiled !== null,
    format: r.parsed.format,
    rows: r.parsed.rows,
    eventNames: [...r.parsed.schemas.keys()],
    errors: r.errors,
  }
}

export class ValidationState implements Validator {
  private current: LoadedPlan | null = null
  private modeValue: ValidationMode

  constructor(
    private readonly settings: SettingsRepository,
    private readonly plans: PlanRepository,
  ) {
    this.modeValue = settings.get(MODE_KEY, modeSchema, 'strict')
    const stored = plans.get()
    if (stored) {
      // A stored plan was valid when saved; if a newer parser disagrees, capture goes on with spec rules only.
      const loaded = loadPlan(stored.source, stored.format)
      if (loaded.compiled && loaded.parsed.format) {
        this.current = {
          compiled: loaded.compiled,
          info: {
            format: loaded.parsed.format,
            source: stored.source,
            rows: loaded.parsed.rows,
            eventNames: loaded.compiled.eventNames,
            updatedAt: stored.updatedAt,
          },
        }
      }
    }
  }

  get mode(): ValidationMode {
    return this.modeValue
  }

  setMode(mode: ValidationMode): void {
    this.settings.set(MODE_KEY, mode)
    this.modeValue = mode
  }

  get plan(): PlanInfo | null {
    return this.current?.info ?? null
  }

  savePlan(
    source: string,
    format: PlanFormat | undefined,
    now = Date.now(),
  ): { plan: PlanInfo | null; errors: PlanError[] } {
    const loaded = loadPlan(source, format)
    if (!loaded.compiled || !loaded.parsed.format || loaded.errors.length > 0)
      return { plan: null, errors: loaded.errors }
    const info: PlanInfo = {
      format: loaded.parsed.format,
      source,
      rows: loaded.parsed.rows,
      eventNames: loaded.compiled.eventNames,
      updatedAt: now,
    }
    this.plans.save({ format: info.format, source, updatedAt: now })
    this.current = { info, compiled: loaded.compiled }
    return { plan: info, errors: [] }
  }

  clearPlan(): boolean {
    const had = this.plans.clear()
    this.current = null
    return had
  }

  validateRequest(ctx: CallContext, body: unknown): Finding[] {
    return specValidator.validateRequest(ctx, body)
  }

  validateEvent(ctx: CallContext, event: unknown, index: number, json?: string): Finding[] {
    const spec = specValidator.validateEvent(ctx, event, index, json)
    const plan = this.current?.compiled.check(ctx, event) ?? []
    return plan.length > 0 ? [...spec, ...plan] : spec
  }
}
