/**
 * The validation domain: the tracking plan (check, save, clear, coverage),
 * re-validating the log, the strict/lenient answer mode and the rule
 * catalogue.
 */
import type { ValidationMethods } from '../../../shared/contract/validation.schemas'
import type { EngineContext, HandlerMap } from '../context'
import { ruleCatalog } from '../validate/rule-catalog'
import { Revalidator } from '../validate/revalidator'
import { loadPlan, toParseResult } from '../validate/validation-state'

export function validationHandlers(ctx: EngineContext): HandlerMap<keyof ValidationMethods> {
  const state = ctx.validation
  const revalidator = new Revalidator(ctx.db, state, {
    progress: (p) => ctx.feed.emit('validation.progress', p),
    done: (r) => ctx.feed.emit('events.revalidated', r),
  })
  const changed = (): void =>
    ctx.feed.emit('validation.changed', { mode: state.mode, planUpdatedAt: state.plan?.updatedAt ?? null })

  return {
    'plan.get': () => state.plan,
    'plan.check': ({ source, format }) => toParseResult(loadPlan(source, format)),
    'plan.save': ({ source, format }) => {
      const { plan, errors } = state.savePlan(source, format)
      if (!plan) return { ok: false, errors }
      changed()
      return { ok: true, plan, errors: [] }
    },
    'plan.clear': () => {
      const cleared = state.clearPlan()
      changed()
      return { cleared }
    },
    'plan.coverage': () => ctx.coverage.of(state.plan?.eventNames ?? []),
    'plan.revalidate': () => revalidator.run(),
    'validation.mode.get': () => ({ mode: state.mode }),
    'validation.mode.set': ({ mode }) => {
      state.setMode(mode)
      changed()
      return { mode }
    },
    'rules.list': () => ruleCatalog(),
  }
}
