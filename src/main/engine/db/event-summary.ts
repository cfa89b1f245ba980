/**
 * Counts over the log for one filter (a session, a time range): totals per
 * status, per call type and per event name. What the automation API's
 * /summary, `verify` and the MCP server's summarize tool answer, built on
 * the stream's own query builder so the filter means the same everywhere.
 */
import type { CallType, EventQuery, Status } from '../../../shared/model'
import type { LogSummary } from '../../../shared/contract/stream'
import type { Db } from './database'
import { buildEventQuery, clausesOf } from './event-query'

export interface AutomationEventFilter {
  eventName?: string[]
  userId?: string
  types?: CallType[]
  statuses?: Status[]
  session?: number
  /** Only calls sent for this test (the x-track-debugger-test header). */
  testId?: string
  since?: number
  until?: number
  /** Free text, or the stream's filter language (`event:signed_up prop.plan:pro`). */
  q?: string
}

/** The same filter the UI's stream would apply. */
export function toEventQuery(f: AutomationEventFilter): EventQuery {
  return {
    eventNames: f.eventName,
    userIds: f.userId !== undefined ? [f.userId] : undefined,
    callTypes: f.types,
    statuses: f.statuses,
    session: f.session,
    testId: f.testId,
    receivedFrom: f.since,
    receivedUntil: f.until,
    q: f.q,
  }
}

export function summarize(
  ctx: { db: Db },
  f: Pick<AutomationEventFilter, 'session' | 'since' | 'until'>,
): LogSummary {
  const q = toEventQuery(f)
  const w = buildEventQuery(q, clausesOf(q), f.session !== undefined ? { sessionIds: [f.session] } : {})
  const byStatus: Record<Status, number> = { valid: 0, warnings: 0, invalid: 0, unchecked: 0 }
  const byCallType: Record<string, number> = {}
  let total = 0
  const statusRows = ctx.db
    .prepare(
      `SELECT e.status, e.call_type, count(*) AS n FROM ${w.from} WHERE ${w.where} GROUP BY e.status, e.call_type`,
    )
    .all(...w.params) as { status: Status; call_type: string; n: number }[]
  for (const r of statusRows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n
    byCallType[r.call_type] = (byCallType[r.call_type] ?? 0) + r.n
    total += r.n
  }
  const names = ctx.db
    .prepare(
      `SELECT e.call_type, e.event_name, count(*) AS n, sum(e.status = 'invalid') AS invalid FROM ${w.from}
       WHERE ${w.where} AND e.kind = 'event' GROUP BY e.call_type, e.event_name ORDER BY n DESC, e.event_name`,
    )
    .all(...w.params) as { call_type: CallType; event_name: string | null; n: number; invalid: number }[]
  return {
    total,
    byStatus,
    byCallType,
    byEventName: names.map((r) => ({
      callType: r.call_type,
      eventName: r.event_name,
      count: r.n,
      invalid: r.invalid,
    })),
  }
}
