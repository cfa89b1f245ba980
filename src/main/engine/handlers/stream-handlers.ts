/** The stream domain: reading, inspecting and clearing the log. */
import type { StreamMethods } from '../../../shared/contract/stream.schemas'
import type { EventDetail, Finding } from '../../../shared/model'
import { summarize } from '../db/event-summary'
import type { EngineContext, HandlerMap } from '../context'
import { databaseBytes } from '../db/database'
import { toSummary } from '../db/event-repository'

export function streamHandlers(ctx: EngineContext): HandlerMap<keyof StreamMethods> {
  return {
    'app.info': () => ctx.info(),
    'events.list': (q) => ctx.events.list(q),
    'events.get': ({ id }) => eventDetail(ctx, id),
    'events.clear': () => {
      const result = { deletedRequests: ctx.events.clear() }
      ctx.feed.emit('events.cleared', result)
      return result
    },
    'requests.get': ({ id }) => ctx.requests.get(id),
    'log.stats': () => ({
      requests: ctx.requests.count(),
      events: ctx.events.count(),
      databaseBytes: databaseBytes(ctx.db),
      lastEventId: ctx.waiter.lastEventId(),
    }),
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
