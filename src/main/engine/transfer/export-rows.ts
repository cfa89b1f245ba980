/**
 * Reading what an export holds: the scope (a filter, a selection or a
 * session) becomes an ascending list of row ids, then rows are fetched in
 * chunks joined with their request, so an export of a million rows never
 * holds more than one chunk of them.
 */
import type { ExportScope } from '../../../shared/contract/transfer'
import type { CallType, EntryKind, EntryOrigin, Finding, HeaderPair, Status } from '../../../shared/model'
import type { EngineContext } from '../context'

export const CHUNK = 500

export interface ExportRow {
  id: number
  requestId: number
  kind: EntryKind
  index: number
  receivedAt: number
  callType: CallType
  eventName: string | null
  userId: string | null
  source: string | null
  status: Status
  findings: Finding[]
  origin: EntryOrigin
  sessionId: number | null
  json: string | null
  request: {
    method: string
    path: string
    query: string
    headers: HeaderPair[]
    contentType: string | null
    responseStatus: number
    responseBody: string
    eventCount: number
    findings: Finding[]
  }
}

interface JoinedRow {
  id: number
  request_id: number
  kind: string
  idx: number
  received_at: number
  call_type: string
  event_name: string | null
  user_id: string | null
  source: string | null
  status: string
  findings: string
  entry_origin: string
  session_id: number | null
  json: string | null
  method: string
  path: string
  query: string
  headers: string
  content_type: string | null
  response_status: number
  response_body: string
  event_count: number
  request_findings: string
}

/** The rows in scope, oldest first. Filters page through the same `list()` the stream uses. */
export function scopeIds(ctx: EngineContext, scope: ExportScope): number[] {
  if (scope.kind === 'selection') return [...new Set(scope.ids)].sort((a, b) => a - b)
  if (scope.kind === 'session') {
    return ctx.db
      .prepare('SELECT id FROM events WHERE session_id = ? ORDER BY id')
      .pluck()
      .all(scope.id) as number[]
  }
  const ids: number[] = []
  let before: number | undefined = scope.query.before
  for (;;) {
    const page = ctx.events.list({ ...scope.query, after: undefined, before, limit: 1000 })
    for (const item of page.items) ids.push(item.id)
    if (page.nextBefore === null) break
    before = page.nextBefore
  }
  return ids.reverse()
}

export function fetchRows(ctx: EngineContext, ids: readonly number[]): ExportRow[] {
  if (ids.length === 0) return []
  const rows = ctx.db
    .prepare(
      `SELECT e.id, e.request_id, e.kind, e.idx, e.received_at, e.call_type, e.event_name, e.user_id, e.source,
        e.status, e.findings, e.entry_origin, e.session_id, e.json,
        r.method, r.path, r.query, r.headers, r.content_type, r.response_status, r.response_body, r.event_count,
        r.findings AS request_findings
      FROM events e JOIN requests r ON r.id = e.request_id
      WHERE e.id IN (${ids.map(() => '?').join(',')}) ORDER BY e.id`,
    )
    .all(...ids) as JoinedRow[]
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    kind: r.kind as EntryKind,
    index: r.idx,
    receivedAt: r.received_at,
    callType: r.call_type as CallType,
    eventName: r.event_name,
    userId: r.user_id,
    source: r.source,
    status: r.status as Status,
    findings: JSON.parse(r.findings) as Finding[],
    origin: r.entry_origin as EntryOrigin,
    sessionId: r.session_id,
    json: r.json,
    request: {
      method: r.method,
      path: r.path,
      query: r.query,
      headers: JSON.parse(r.headers) as HeaderPair[],
      contentType: r.content_type,
      responseStatus: r.response_status,
      responseBody: r.response_body,
      eventCount: r.event_count,
      findings: JSON.parse(r.request_findings) as Finding[],
    },
  }))
}

/** Chunks of rows in id order. */
export function* chunks(ctx: EngineContext, ids: readonly number[]): Generator<ExportRow[]> {
  for (let i = 0; i < ids.length; i += CHUNK) yield fetchRows(ctx, ids.slice(i, i + CHUNK))
}
