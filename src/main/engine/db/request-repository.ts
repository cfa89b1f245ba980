/**
 * The `requests` table: one row per HTTP request the debugger received,
 * resent, composed or imported. Statements are prepared once; every value
 * goes in as a parameter.
 */
import type { CallType, EntryOrigin, Finding, HeaderPair, RequestRecord, Status } from '../../../shared/model'
import type { Db } from './database'
import { BodyReader } from './request-body'

/** A row to insert: the record as the log shows it, with the body as stored bytes instead of display text. */
export type NewRequest = Omit<RequestRecord, 'id' | 'bodyText' | 'bodyBase64'> & { body: Buffer | null }

export interface RequestRow {
  id: number
  received_at: number
  method: string
  path: string
  query: string
  call_type: string
  headers: string
  remote_address: string | null
  origin: string | null
  user_agent: string | null
  content_type: string | null
  body: Buffer | null
  /** 1 when the events' JSON was cut out of `body` (request-body.ts); read through `RequestRepository`. */
  body_cut?: number
  body_size: number
  body_truncated: number
  response_status: number
  response_body: string
  latency_ms: number | null
  response_headers: string | null
  error: string | null
  event_count: number
  status: string
  findings: string
  entry_origin: string
  parent_id: number | null
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The answer's headers, inline or from the set stored once (migration 13). */
const RESPONSE_HEADERS =
  'coalesce(response_headers, (SELECT h.json FROM header_sets h WHERE h.id = response_headers_set)) AS response_headers'

/** Every column `toRecord` reads but the body. */
const REQUEST_COLUMNS =
  'id, received_at, method, path, query, call_type, headers, remote_address, origin, user_agent, content_type, ' +
  `body_size, body_truncated, response_status, response_body, ${RESPONSE_HEADERS}, latency_ms, error, event_count, status, ` +
  'findings, entry_origin, parent_id'

/** Every column `toRecord` reads, with the body left out (NULL) for readers that fetch it separately. */
export const REQUEST_COLUMNS_WITHOUT_BODY = `${REQUEST_COLUMNS}, NULL AS body`

export function toRecord(row: RequestRow): RequestRecord {
  let bodyText = ''
  let bodyBase64: string | null = null
  if (row.body && row.body.length > 0) {
    try {
      bodyText = decoder.decode(row.body)
    } catch {
      // Not UTF-8: show a lossy rendering, and keep the exact bytes alongside.
      bodyText = row.body.toString('utf8')
      bodyBase64 = row.body.toString('base64')
    }
  }
  return {
    id: row.id,
    receivedAt: row.received_at,
    method: row.method,
    path: row.path,
    query: row.query,
    callType: row.call_type as CallType,
    headers: JSON.parse(row.headers) as HeaderPair[],
    remoteAddress: row.remote_address,
    origin: row.origin,
    userAgent: row.user_agent,
    contentType: row.content_type,
    bodyText,
    bodyBase64,
    bodySize: row.body_size,
    bodyTruncated: row.body_truncated === 1,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    latencyMs: row.latency_ms,
    responseHeaders:
      row.response_headers === null ? null : (JSON.parse(row.response_headers) as HeaderPair[]),
    error: row.error,
    eventCount: row.event_count,
    status: row.status as Status,
    findings: JSON.parse(row.findings) as Finding[],
    entryOrigin: row.entry_origin as EntryOrigin,
    parentId: row.parent_id,
  }
}

export class RequestRepository {
  private readonly insertStmt
  private readonly getStmt
  private readonly rawBodyStmt
  private readonly countStmt
  private readonly childrenStmt
  private readonly bodies: BodyReader

  constructor(db: Db) {
    this.bodies = new BodyReader(db)
    this.insertStmt = db.prepare(`INSERT INTO requests (
        received_at, method, path, query, call_type, headers, remote_address, origin, user_agent,
        content_type, body, body_size, body_truncated, response_status, response_body, error,
        event_count, status, findings, entry_origin, parent_id, session_id, latency_ms, response_headers)
      VALUES (@receivedAt, @method, @path, @query, @callType, @headers, @remoteAddress, @origin, @userAgent,
        @contentType, @body, @bodySize, @bodyTruncated, @responseStatus, @responseBody, @error,
        @eventCount, @status, @findings, @entryOrigin, @parentId, @sessionId, @latencyMs, @responseHeaders)`)
    this.getStmt = db.prepare(`SELECT ${REQUEST_COLUMNS}, body, body_cut FROM requests WHERE id = ?`)
    this.rawBodyStmt = db.prepare('SELECT body, body_cut FROM requests WHERE id = ?')
    this.countStmt = db.prepare('SELECT count(*) FROM requests').pluck()
    this.childrenStmt = db.prepare('SELECT id FROM requests WHERE parent_id = ? ORDER BY id').pluck()
  }

  /** `sessionId`: the QA session active when the row is committed, if any. */
  insert(r: NewRequest, sessionId: number | null = null): number {
    const info = this.insertStmt.run({
      ...r,
      sessionId,
      headers: JSON.stringify(r.headers),
      responseHeaders: r.responseHeaders === null ? null : JSON.stringify(r.responseHeaders),
      bodyTruncated: r.bodyTruncated ? 1 : 0,
      findings: JSON.stringify(r.findings),
    })
    return Number(info.lastInsertRowid)
  }

  get(id: number): RequestRecord | null {
    const row = this.getStmt.get(id) as RequestRow | undefined
    if (!row) return null
    return toRecord({ ...row, body: this.bodies.body(id, row.body, row.body_cut ?? 0) })
  }

  /** The body bytes exactly as stored, for resend and export. */
  rawBody(id: number): Buffer | null {
    const row = this.rawBodyStmt.get(id) as { body: Buffer | null; body_cut: number } | undefined
    return row ? this.bodies.body(id, row.body, row.body_cut) : null
  }

  childIds(id: number): number[] {
    return this.childrenStmt.all(id) as number[]
  }

  count(): number {
    return this.countStmt.get() as number
  }
}
