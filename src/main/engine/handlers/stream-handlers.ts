/** The stream domain: reading, inspecting and clearing the log. */
import type { StreamMethods } from '../../../shared/contract/stream.schemas'
import type { AutomationEvent } from '../../../shared/contract/stream'
import type { EventDetail, Finding } from '../../../shared/model'
import { summarize } from '../db/event-summary'
import type { EngineContext, HandlerMap } from '../context'
import { databaseBytes } from '../db/database'
import { toSummary } from '../db/event-repository'
import { toSessionEvent } from '../sessions/session-repository'

export function streamHandlers(ctx: EngineContext): HandlerMap<keyof StreamMethods> {
  return {
    'app.info': () => ctx.info(),
    'events.list': (q) => ctx.events.list(q),
    'events.get': ({ id }) => eventDetail(ctx, id),
    'events.read': ({ ids }) => ids.map((id) => readEvent(ctx, id)).filter((e) => e !== null),
    'events.clear': () => {
      const result = { deletedRequests: ctx.events.clear() }
      ctx.eventsDeleted()
      ctx.feed.emit('events.cleared', result)
      return result
    },
    'requests.get': ({ id }) => ctx.requests.get(id),
    'log.stats': () => ({ ...ctx.counts.get(), databaseBytes: databaseBytes(ctx.db) }),
    'events.summary': (filter) => summarize(ctx, filter),
  }
}

/** Reads only the event and request tables: a read-only log serves it as well as the engine. */
export function eventDetail(ctx: Pick<EngineContext, 'events' | 'requests'>, id: number): EventDetail | null {
  const row = ctx.events.get(id)
  if (!row) return null
  const request = ctx.requests.get(row.request_id)
  if (!request) return null
  return {
    ...toSummary(row),
    json: row.json,
    index: row.idx,
    findings: JSON.parse(row.findings) as Finding[],
    request,
  }
}

/** One event with its JSON parsed, or null once it left the log; reads only the event table. */
export function readEvent(ctx: Pick<EngineContext, 'events'>, id: number): AutomationEvent | null {
  const row = ctx.events.get(id)
  if (!row) return null
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
