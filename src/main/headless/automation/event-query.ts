/**
 * The automation API's event queries. The HTTP query parameters (event
 * name, user id, call type, status, session, time range, free text or
 * filter language) are mapped onto the stream's `EventQuery`, so the event
 * repository builds the SQL for both, with the same indexes and keyset
 * pagination; this module only shapes the answer a CI script reads.
 */
import type { CallType, EventQuery, Finding, Status } from '../../../shared/model'
import type { EngineContext } from '../../engine/context'
import { buildEventQuery, clausesOf } from '../../engine/db/event-query'
import { toSessionEvent } from '../../engine/sessions/session-repository'

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

export interface AutomationEvent {
  id: number
  requestId: number
  receivedAt: string
  callType: CallType
  eventName: string | null
  userId: string | null
  status: Status
  findings: Finding[]
  origin: string
  sessionId: number | null
  /** The test the call was sent for, when it carried the x-track-debugger-test header. */
  testId: string | null
  /** The event as sent (parsed), or null for a request that carried no event. */
  event: unknown
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

export function toEvent(ctx: Pick<EngineContext, 'events'>, id: number): AutomationEvent | null {
  const row = ctx.events.get(id)
  if (!row) return null // cleared between the page and this read
  const e = toSessionEvent(row)
  let event: unknown = null
  if (e.json !== null) {
    try {
      event = JSON.parse(e.json)
    } catch {
      event = e.json
    }
  }
  return {
    id: e.id,
    requestId: row.request_id,
    receivedAt: new Date(e.receivedAt).toISOString(),
    callType: e.callType,
    eventName: e.eventName,
    userId: e.userId,
    status: e.status,
    findings: e.findings,
    origin: row.entry_origin,
    sessionId: row.session_id,
    testId: row.test_id,
    event,
  }
}

/** One page of matching ids, in the order they are answered, and what the page says about the rest. */
export function eventPage(
  ctx: Pick<EngineContext, 'events'>,
  f: AutomationEventFilter,
  page: { limit: number; before?: number; after?: number },
): { ids: number[]; total: number; totalIsExact: boolean; nextBefore: number | null } {
  const result = ctx.events.list({ ...toEventQuery(f), ...page })
  // Polling forward reads oldest first; a page of older rows newest first.
  const ids = result.items.map((s) => s.id).sort((a, b) => (page.after !== undefined ? a - b : b - a))
  return { ids, total: result.total, totalIsExact: result.totalIsExact, nextBefore: result.nextBefore }
}

export function summarize(
  ctx: Pick<EngineContext, 'db'>,
  f: Pick<AutomationEventFilter, 'session' | 'since' | 'until'>,
): {
  total: number
  byStatus: Record<Status, number>
  byCallType: Record<string, number>
  byEventName: { callType: CallType; eventName: string | null; count: number; invalid: number }[]
} {
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
