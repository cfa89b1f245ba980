/**
 * The automation API's event queries: exact filters a CI script can rely
 * on (event name, user id, call type, status, session, time range, free
 * text) with keyset pagination, and the counts behind `/summary`.
 */
import type { CallType, Finding, Status } from '../../../shared/model'
import type { Db } from '../../engine/db/database'

export interface AutomationEventFilter {
  eventName?: string[]
  userId?: string
  types?: CallType[]
  statuses?: Status[]
  session?: number
  since?: number
  until?: number
  q?: string
  includeProtocol?: boolean
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
  /** The event as sent (parsed), or null for a request that carried no event. */
  event: unknown
}

interface Row {
  id: number
  request_id: number
  received_at: number
  call_type: string
  event_name: string | null
  user_id: string | null
  status: string
  findings: string
  entry_origin: string
  session_id: number | null
  json: string | null
}

function where(f: AutomationEventFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = []
  const params: unknown[] = []
  if (f.eventName && f.eventName.length > 0) {
    clauses.push(`event_name IN (${f.eventName.map(() => '?').join(',')})`)
    params.push(...f.eventName)
  }
  if (f.userId !== undefined) {
    clauses.push('user_id = ?')
    params.push(f.userId)
  }
  if (f.types && f.types.length > 0) {
    clauses.push(`call_type IN (${f.types.map(() => '?').join(',')})`)
    params.push(...f.types)
  } else if (!f.includeProtocol) {
    clauses.push("call_type NOT IN ('preflight', 'subscription')")
  }
  if (f.statuses && f.statuses.length > 0) {
    clauses.push(`status IN (${f.statuses.map(() => '?').join(',')})`)
    params.push(...f.statuses)
  }
  if (f.session !== undefined) {
    clauses.push('session_id = ?')
    params.push(f.session)
  }
  if (f.since !== undefined) {
    clauses.push('received_at >= ?')
    params.push(f.since)
  }
  if (f.until !== undefined) {
    clauses.push('received_at < ?')
    params.push(f.until)
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    clauses.push("(event_name LIKE ? ESCAPE '\\' OR user_id LIKE ? ESCAPE '\\' OR json LIKE ? ESCAPE '\\')")
    params.push(like, like, like)
  }
  return { sql: clauses.length > 0 ? clauses.join(' AND ') : '1', params }
}

function toEvent(r: Row): AutomationEvent {
  let event: unknown = null
  if (r.json !== null) {
    try {
      event = JSON.parse(r.json)
    } catch {
      event = r.json
    }
  }
  return {
    id: r.id,
    requestId: r.request_id,
    receivedAt: new Date(r.received_at).toISOString(),
    callType: r.call_type as CallType,
    eventName: r.event_name,
    userId: r.user_id,
    status: r.status as Status,
    findings: JSON.parse(r.findings) as Finding[],
    origin: r.entry_origin,
    sessionId: r.session_id,
    event,
  }
}

export function queryEvents(
  db: Db,
  f: AutomationEventFilter,
  page: { limit: number; before?: number; after?: number },
): { items: AutomationEvent[]; total: number; nextBefore: number | null; nextAfter: number | null } {
  const w = where(f)
  const cols =
    'id, request_id, received_at, call_type, event_name, user_id, status, findings, entry_origin, session_id, json'
  let rows: Row[]
  if (page.after !== undefined) {
    rows = db
      .prepare(`SELECT ${cols} FROM events WHERE ${w.sql} AND id > ? ORDER BY id ASC LIMIT ?`)
      .all(...w.params, page.after, page.limit) as Row[]
  } else {
    const cursor = page.before !== undefined ? ' AND id < ?' : ''
    rows = db
      .prepare(`SELECT ${cols} FROM events WHERE ${w.sql}${cursor} ORDER BY id DESC LIMIT ?`)
      .all(...w.params, ...(page.before !== undefined ? [page.before] : []), page.limit) as Row[]
  }
  const total = db
    .prepare(`SELECT count(*) FROM events WHERE ${w.sql}`)
    .pluck()
    .get(...w.params) as number
  const last = rows[rows.length - 1]
  const full = rows.length === page.limit && last !== undefined
  return {
    items: rows.map(toEvent),
    total,
    nextBefore: page.after === undefined && full ? last.id : null,
    nextAfter: page.after !== undefined ? (last?.id ?? page.after) : null,
  }
}

export function summarize(
  db: Db,
  f: AutomationEventFilter,
): {
  total: number
  byStatus: Record<Status, number>
  byCallType: Record<string, number>
  byEventName: { callType: CallType; eventName: string | null; count: number; invalid: number }[]
} {
  const w = where(f)
  const byStatus: Record<Status, number> = { valid: 0, warnings: 0, invalid: 0, unchecked: 0 }
  const byCallType: Record<string, number> = {}
  let total = 0
  const statusRows = db
    .prepare(`SELECT status, call_type, count(*) AS n FROM events WHERE ${w.sql} GROUP BY status, call_type`)
    .all(...w.params) as { status: Status; call_type: string; n: number }[]
  for (const r of statusRows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n
    byCallType[r.call_type] = (byCallType[r.call_type] ?? 0) + r.n
    total += r.n
  }
  const names = db
    .prepare(
      `SELECT call_type, event_name, count(*) AS n, sum(status = 'invalid') AS invalid FROM events
       WHERE ${w.sql} AND kind = 'event' GROUP BY call_type, event_name ORDER BY n DESC, event_name`,
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
