/**
 * The automation API's event queries. The HTTP query parameters (event
 * name, user id, call type, status, session, time range, free text or
 * filter language) are mapped onto the stream's `EventQuery`, so the event
 * repository builds the SQL for both, with the same indexes and keyset
 * pagination; this module only shapes the answer a CI script reads.
 */
import type { CallType, Finding, Status } from '../../../shared/model'
import type { EngineContext } from '../../engine/context'
import { toEventQuery, type AutomationEventFilter } from '../../engine/db/event-summary'
import { toSessionEvent } from '../../engine/sessions/session-repository'

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
