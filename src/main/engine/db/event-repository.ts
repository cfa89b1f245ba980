/**
 * The `events` table: the stream's rows. Reads use keyset pagination on
 * the integer primary key, so the cost of a page does not grow with the
 * size of the log.
 */
import type {
  CallType,
  EntryKind,
  EntryOrigin,
  EventPage,
  EventQuery,
  EventSummary,
  Finding,
  Status,
} from '../../../shared/model'
import type { Db } from './database'

export interface NewEvent {
  kind: EntryKind
  idx: number
  callType: CallType
  eventName: string | null
  userId: string | null
  source: string | null
  sentAt: string | null
  status: Status
  findings: Finding[]
  json: string | null
}

interface SummaryRow {
  id: number
  request_id: number
  kind: string
  received_at: number
  call_type: string
  event_name: string | null
  user_id: string | null
  source: string | null
  status: string
  response_status: number
  entry_origin: string
  finding_count: number
}

export interface EventRow extends SummaryRow {
  idx: number
  findings: string
  json: string | null
  sent_at: string | null
}

const SUMMARY_COLUMNS =
  'id, request_id, kind, received_at, call_type, event_name, user_id, source, status, response_status, entry_origin, finding_count'

export function toSummary(row: SummaryRow): EventSummary {
  return {
    id: row.id,
    requestId: row.request_id,
    kind: row.kind as EntryKind,
    receivedAt: row.received_at,
    callType: row.call_type as CallType,
    eventName: row.event_name,
    userId: row.user_id,
    source: row.source,
    status: row.status as Status,
    responseStatus: row.response_status,
    origin: row.entry_origin as EntryOrigin,
    findingCount: row.finding_count,
  }
}

/** Above this many matches a page reports "10,000+" rather than counting a million rows. */
const COUNT_CAP = 10_000
const DEFAULT_LIMIT = 200

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export class EventRepository {
  private readonly insertStmt
  private readonly getStmt
  private readonly byRequestStmt
  private readonly countStmt

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`INSERT INTO events (
        request_id, kind, idx, received_at, call_type, event_name, user_id, source, sent_at,
        status, findings, finding_count, response_status, entry_origin, json, session_id)
      VALUES (@requestId, @kind, @idx, @receivedAt, @callType, @eventName, @userId, @source, @sentAt,
        @status, @findings, @findingCount, @responseStatus, @entryOrigin, @json, @sessionId)`)
    this.getStmt = db.prepare('SELECT * FROM events WHERE id = ?')
    this.byRequestStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM events WHERE request_id = ? ORDER BY idx`)
    this.countStmt = db.prepare("SELECT count(*) FROM events WHERE kind = 'event'").pluck()
  }

  insert(
    e: NewEvent,
    request: {
      id: number
      receivedAt: number
      responseStatus: number
      entryOrigin: EntryOrigin
      sessionId?: number | null
    },
  ): EventSummary {
    const info = this.insertStmt.run({
      ...e,
      sessionId: request.sessionId ?? null,
      requestId: request.id,
      receivedAt: request.receivedAt,
      responseStatus: request.responseStatus,
      entryOrigin: request.entryOrigin,
      findings: JSON.stringify(e.findings),
      findingCount: e.findings.length,
    })
    return {
      id: Number(info.lastInsertRowid),
      requestId: request.id,
      kind: e.kind,
      receivedAt: request.receivedAt,
      callType: e.callType,
      eventName: e.eventName,
      userId: e.userId,
      source: e.source,
      status: e.status,
      responseStatus: request.responseStatus,
      origin: request.entryOrigin,
      findingCount: e.findings.length,
    }
  }

  get(id: number): EventRow | null {
    return (this.getStmt.get(id) as EventRow | undefined) ?? null
  }

  forRequest(requestId: number): EventSummary[] {
    return (this.byRequestStmt.all(requestId) as SummaryRow[]).map(toSummary)
  }

  count(): number {
    return this.countStmt.get() as number
  }

  list(q: EventQuery): EventPage {
    const where: string[] = []
    const params: unknown[] = []
    if (!q.includeProtocol && !q.callTypes?.some((t) => t === 'preflight' || t === 'subscription')) {
      where.push("call_type NOT IN ('preflight', 'subscription')")
    }
    if (q.callTypes && q.callTypes.length > 0) {
      where.push(`call_type IN (${q.callTypes.map(() => '?').join(', ')})`)
      params.push(...q.callTypes)
    }
    if (q.statuses && q.statuses.length > 0) {
      where.push(`status IN (${q.statuses.map(() => '?').join(', ')})`)
      params.push(...q.statuses)
    }
    if (q.rules && q.rules.length > 0) {
      // Findings are a small JSON array per row; json_each reads it without a side table.
      where.push(
        `EXISTS (SELECT 1 FROM json_each(events.findings) WHERE json_extract(value, '$.rule') IN (${q.rules.map(() => '?').join(', ')}))`,
      )
      params.push(...q.rules)
    }
    if (q.session !== undefined) {
      where.push('session_id = ?')
      params.push(q.session)
    }
    const text = q.text?.trim()
    if (text) {
      const like = `%${escapeLike(text)}%`
      where.push("(event_name LIKE ? ESCAPE '\\' OR user_id LIKE ? ESCAPE '\\' OR json LIKE ? ESCAPE '\\')")
      params.push(like, like, like)
    }
    const filter = where.length > 0 ? where.join(' AND ') : '1'
    const limit = q.limit ?? DEFAULT_LIMIT

    let rows: SummaryRow[]
    if (q.after !== undefined) {
      // Newer rows, oldest first: what a client asks for after a push or a reconnect.
      rows = this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM events WHERE ${filter} AND id > ? ORDER BY id ASC LIMIT ?`)
        .all(...params, q.after, limit) as SummaryRow[]
      rows.reverse()
    } else {
      const cursor = q.before !== undefined ? ' AND id < ?' : ''
      const cursorParams = q.before !== undefined ? [q.before] : []
      rows = this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM events WHERE ${filter}${cursor} ORDER BY id DESC LIMIT ?`)
        .all(...params, ...cursorParams, limit) as SummaryRow[]
    }
    const counted = this.db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM events WHERE ${filter} LIMIT ${COUNT_CAP + 1})`)
      .pluck()
      .get(...params) as number
    const last = rows[rows.length - 1]
    return {
      items: rows.map(toSummary),
      nextBefore: q.after === undefined && rows.length === limit && last ? last.id : null,
      total: Math.min(counted, COUNT_CAP),
      totalIsExact: counted <= COUNT_CAP,
    }
  }

  /** Delete everything. Returns the number of requests removed. */
  clear(): number {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM events').run()
      return this.db.prepare('DELETE FROM requests').run().changes
    })()
  }
}
