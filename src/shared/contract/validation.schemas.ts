import { z } from 'zod'
import { method, oneOf, returns, type MethodsOf, type ParsedOf } from './define'
import type {
  PlanCoverageItem,
  PlanInfo,
  PlanParseResult,
  PlanSaveResult,
  RevalidateResult,
  RuleInfo,
  ValidationMode,
} from './validation'
import { PLAN_FORMATS, VALIDATION_MODES } from './validation'

const empty = z.object({}).strict()

/** Plans are text the user pastes or loads; 4 MB is far beyond any real plan. */
const planInput = z
  .object({
    source: z.string().max(4 * 1024 * 1024),
    format: oneOf(PLAN_FORMATS).optional(),
  })
  .strict()

export const validationContract = {
  'plan.get': method(empty, returns<PlanInfo | null>()),
  'plan.check': method(planInput, returns<PlanParseResult>()),
  'plan.save': method(planInput, returns<PlanSaveResult>()),
  'plan.clear': method(empty, returns<{ cleared: boolean }>()),
  'plan.coverage': method(empty, returns<PlanCoverageItem[]>()),
  'plan.revalidate': method(empty, returns<RevalidateResult>()),
  'validation.mode.get': method(empty, returns<{ mode: ValidationMode }>()),
  'validation.mode.set': method(
    z.object({ mode: oneOf(VALIDATION_MODES) }).strict(),
    returns<{ mode: ValidationMode }>(),
  ),
  'rules.list': method(empty, returns<RuleInfo[]>()),
}

/** The validation domain's methods, as signatures: derived from the declaration above. */
export type ValidationMethods = MethodsOf<typeof validationContract>

/** The `plan.save` input as the engine receives it (parsed): inferred from its schema. */
export type PlanSaveInput = ParsedOf<(typeof validationContract)['plan.save']>
