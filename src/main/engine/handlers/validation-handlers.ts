/**
 * The validation domain: the tracking plan (check, save, clear, coverage),
 * re-validating the log, the strict/lenient answer mode and the rule
 * catalogue.
 */
import type { ValidationMethods } from '../../../shared/contract/validation.schemas'
import type { PlanCoverageItem } from '../../../shared/contract/validation'
import type { EngineContext, HandlerMap } from '../context'
import { ruleCatalog } from '../validate/rule-catalog'
import { Revalidator } from '../validate/revalidator'
import { loadPlan, toParseResult } from '../validate/validation-state'
import { isTraitsEntry } from '../validate/plan-checker'

export function validationHandlers(ctx: EngineContext): HandlerMap<keyof ValidationMethods> {
  const state = ctx.validation
  const revalidator = new Revalidator(ctx.db, state, {
    progress: (p) => ctx.feed.emit('validation.progress', p),
    done: (r) => ctx.feed.emit('events.revalidated', r),
  })
  const coverageStmt = ctx.db.prepare(
    "SELECT count(*) AS seen, max(received_at) AS last FROM events WHERE event_name = ? AND kind = 'event' AND call_type = 'track'",
  )
  // `$identify` / `$group` plan the traits of every identify / group call.
  const traitsCoverageStmt = ctx.db.prepare(
    "SELECT count(*) AS seen, max(received_at) AS last FROM events WHERE call_type = ? AND kind = 'event'",
  )
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
    'plan.coverage': () =>
      (state.plan?.eventNames ?? []).map((event): PlanCoverageItem => {
        const row = (
          isTraitsEntry(event) ? traitsCoverageStmt.get(event.slice(1)) : coverageStmt.get(event)
        ) as { seen: number; last: number | null }
        return { event, seen: row.seen, lastSeenAt: row.last }
      }),
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
