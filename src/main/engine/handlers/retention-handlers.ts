/** The retention domain: limits on how much of the log is kept, and how big it is. */
import type { RetentionMethods } from '../../../shared/contract/retention.schemas'
import { DEFAULT_RETENTION, type RetentionStatus } from '../../../shared/contract/retention'
import type { EngineContext, HandlerMap } from '../context'
import { columnSpanSql, type ColumnSpan } from '../db/column-span'

function status(ctx: EngineContext): RetentionStatus {
  const r = ctx.retention
  const span = ctx.db.prepare(columnSpanSql('requests', 'received_at')).get() as ColumnSpan
  const { events, requests } = ctx.counts.get()
  return {
    limits: r.settings.get(),
    defaults: DEFAULT_RETENTION,
    events,
    requests,
    usedBytes: r.enforcer.usedBytes(),
    fileBytes: r.enforcer.fileBytes(),
    oldestReceivedAt: span.lo,
    newestReceivedAt: span.hi,
    enforcing: r.enforcer.enforcing,
    lastRun: r.enforcer.lastRun,
    databasePath: ctx.info().databasePath,
  }
}

export function retentionHandlers(ctx: EngineContext): HandlerMap<keyof RetentionMethods> {
  return {
    'retention.get': () => status(ctx),
    'retention.set': (limits) => {
      ctx.retention.settings.set(limits)
      ctx.retention.enforcer.kick()
      return status(ctx)
    },
  }
}
