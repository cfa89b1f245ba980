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
import { columnSpanSql, type ColumnSpan } from './column-span'
import { pacer } from './pacer'

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

/** Ids per counting window, and counting time between turns for capture (as plan coverage). */
const WINDOW_IDS = 2_500
const STEP_MS = 4

/**
 * Counts the matching rows window by window of ids, so a summary of a whole million-event log
 * (0.5–1 s of reading) does not hold capture: between windows, once a few milliseconds have
 * gone by, `yieldToCapture` gives it its turn. The read-only MCP server has no capture to wait
 * for and passes none. The counts are of the rows committed when each window is read; rows
 * that arrive meanwhile land past the last window and are left out.
 */
export async function summarize(
  ctx: { db: Db; yieldToCapture?: () => Promise<void> },
  f: Pick<AutomationEventFilter, 'session' | 'since' | 'until'>,
  opts: { windowIds?: number; stepMs?: number } = {},
): Promise<LogSummary> {
  const q = toEventQuery(f)
  const w = buildEventQuery(q, clausesOf(q), f.session !== undefined ? { sessionIds: [f.session] } : {})
  const byStatus: Record<Status, number> = { valid: 0, warnings: 0, invalid: 0, unchecked: 0 }
  const byCallType: Record<string, number> = {}
  const byName = new Map<
    string,
    { callType: CallType; eventName: string | null; n: number; invalid: number }
  >()
  let total = 0
  const statusStmt = ctx.db.prepare(
    `SELECT e.status, e.call_type, count(*) AS n FROM ${w.from} WHERE ${w.where} AND e.id BETWEEN ? AND ?
     GROUP BY e.status, e.call_type`,
  )
  const namesStmt = ctx.db.prepare(
    `SELECT e.call_type, e.event_name, count(*) AS n, sum(e.status = 'invalid') AS invalid FROM ${w.from}
     WHERE ${w.where} AND e.kind = 'event' AND e.id BETWEEN ? AND ? GROUP BY e.call_type, e.event_name`,
  )
  const { lo, hi } = ctx.db.prepare(columnSpanSql('events', 'id')).get() as ColumnSpan
  const size = opts.windowIds ?? WINDOW_IDS
  const pace = pacer(ctx.yieldToCapture, opts.stepMs ?? STEP_MS)
  for (let from = lo ?? 1; hi !== null && from <= hi; from += size) {
    const to = Math.min(hi, from + size - 1)
    for (const r of statusStmt.all(...w.params, from, to) as {
      status: Status
      call_type: string
      n: number
    }[]) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n
      byCallType[r.call_type] = (byCallType[r.call_type] ?? 0) + r.n
      total += r.n
    }
    for (const r of namesStmt.all(...w.params, from, to) as {
      call_type: CallType
      event_name: string | null
      n: number
      invalid: number
    }[]) {
      const key = JSON.stringify([r.call_type, r.event_name])
      const known = byName.get(key)
      if (known) {
        known.n += r.n
        known.invalid += r.invalid
      } else byName.set(key, { callType: r.call_type, eventName: r.event_name, n: r.n, invalid: r.invalid })
    }
    await pace()
  }
  // Most seen first, then by name (null names last), as one ORDER BY over the whole log gave them.
  const names = [...byName.values()].sort(
    (a, b) =>
      b.n - a.n ||
      (a.eventName === b.eventName
        ? 0
        : a.eventName === null
          ? 1
          : b.eventName === null
            ? -1
            : a.eventName < b.eventName
              ? -1
              : 1),
  )
  return {
    total,
    byStatus,
    byCallType,
    byEventName: names.map((r) => ({
      callType: r.callType,
      eventName: r.eventName,
      count: r.n,
      invalid: r.invalid,
    })),
  }
}
