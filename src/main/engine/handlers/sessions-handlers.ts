/** The sessions domain: QA sessions, their live checklists, comparisons and reports. */
import type { SessionsMethods } from '../../../shared/contract/sessions.schemas'
import type { EngineContext, HandlerMap } from '../context'
import { renderReport } from '../reports/render-report'
import { normalizeExpectations } from '../sessions/expectations'
import { planExpectations } from '../sessions/plan-expectations'
import { NotFoundError } from '../errors'

export function sessionsHandlers(ctx: EngineContext): HandlerMap<keyof SessionsMethods> {
  const sessions = ctx.sessions
  const known = <T>(value: T | null, id: number): T => {
    if (value === null) throw new NotFoundError(`There is no session ${id}.`)
    return value
  }
  return {
    'events.wait': ({ expectation, session, test, after, timeoutMs }, signal) => {
      if (session !== undefined) sessions.require(session)
      const [normalized] = normalizeExpectations([expectation])
      return ctx.waiter.wait(
        normalized as NonNullable<typeof normalized>,
        { session, testId: test, afterId: after },
        timeoutMs,
        signal,
      )
    },
    'sessions.list': () => sessions.list(),
    'sessions.get': ({ id }) => sessions.get(id),
    'sessions.active': () => sessions.active(),
    'sessions.start': (input) => sessions.start(input),
    'sessions.update': (input) => sessions.update(input),
    'sessions.stop': ({ id }) => sessions.stop(id),
    'sessions.delete': ({ id }) => ({ deleted: sessions.delete(id) }),
    'sessions.compare': ({ a, b }) => sessions.compare(a, b),
    'sessions.report': async ({ id, format }) => {
      const detail = known(sessions.get(id), id)
      return renderReport(detail, await sessions.evidence(id), format, ctx.info().version)
    },
    'sessions.planExpectations': ({ eventNames }) => {
      const plan = ctx.validation.plan
      return plan
        ? { available: true, expectations: planExpectations(plan.rows, eventNames) }
        : { available: false, expectations: [] }
    },
  }
}
