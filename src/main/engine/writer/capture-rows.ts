/**
 * The capture path's inserts: a batch of entries in one transaction, with
 * statements prepared once and bound by position. Named parameters meant
 * building an object per row and a name lookup per value; with the group
 * commit the per-row work is what remains, so it is kept to the SQL.
 *
 * Columns follow the repositories' (request-repository.ts,
 * event-repository.ts); `commit-queue.test.ts` checks that rows written
 * here read back as rows written there, so the two cannot drift apart.
 * Here alone each event's JSON is cut out of the stored body
 * (db/request-body.ts), so the log keeps one copy of it.
 */
import { isPlanOnly, type EventSummary } from '../../../shared/model'
import type { Committed, Entry } from '../entry'
import type { Db } from '../db/database'
import type { NewEvent } from '../db/event-repository'
import { testIdOf } from '../../../shared/test-id'
import { cutEvents } from '../db/request-body'
import { HeaderSets } from './header-sets'

/** The rows an entry becomes: its events, or one 'request' row so a call without events still shows. */
export function rowsOf(entry: Entry): NewEvent[] {
  if (entry.events.length > 0) return entry.events
  return [
    {
      kind: 'request',
      idx: -1,
      callType: entry.request.callType,
      eventName: null,
      userId: null,
      source: null,
      sentAt: null,
      status: entry.request.status,
      findings: entry.request.findings,
      json: null,
    },
  ]
}

function findingsText(findings: readonly unknown[]): string {
  return findings.length === 0 ? '[]' : JSON.stringify(findings)
}

export class CaptureRows {
  private readonly insertRequest
  private readonly insertEvent
  private readonly activeSession
  private readonly headerSets: HeaderSets
  private readonly transaction: (batch: readonly Entry[]) => Committed[]

  constructor(db: Db) {
    this.insertRequest = db.prepare(`INSERT INTO requests (
        session_id, received_at, method, path, query, call_type, headers, remote_address, origin, user_agent,
        content_type, body, body_cut, body_size, body_truncated, response_status, response_body, error,
        event_count, status, findings, entry_origin, parent_id, latency_ms, response_headers, response_headers_set)
      VALUES (${Array.from({ length: 26 }, () => '?').join(', ')})`)
    this.insertEvent = db.prepare(`INSERT INTO events (
        request_id, session_id, received_at, response_status, latency_ms, response_bytes, entry_origin,
        kind, idx, call_type, event_name, user_id, source, sent_at, status, findings, finding_count, json,
        body_at, test_id)
      VALUES (${Array.from({ length: 20 }, () => '?').join(', ')})`)
    // The same question as SessionRepository.activeId(), asked inside the batch's transaction.
    this.activeSession = db.prepare('SELECT id FROM sessions WHERE stopped_at IS NULL').pluck()
    this.headerSets = new HeaderSets(db)
    this.transaction = db.transaction((batch: readonly Entry[]) => this.writeAll(batch))
  }

  /**
   * Writes every entry in one transaction: all of them commit or none does. Live calls are
   * tagged with the session active at commit (read once per batch); an entry's own
   * `sessionId` (imports) wins.
   */
  write(batch: readonly Entry[]): Committed[] {
    return this.transaction(batch)
  }

  private writeAll(batch: readonly Entry[]): Committed[] {
    let active: number | null | undefined
    this.headerSets.check()
    return batch.map((entry) => {
      const r = entry.request
      let sessionId = entry.sessionId
      if (sessionId === undefined) {
        active ??= (this.activeSession.get() as number | undefined) ?? null
        sessionId = active
      }
      const rows = rowsOf(entry)
      const cut =
        r.body === null || entry.events.length === 0
          ? null
          : cutEvents(
              r.body,
              rows.map((e) => e.json),
            )
      const responseHeaders = r.responseHeaders === null ? null : JSON.stringify(r.responseHeaders)
      const headerSet = responseHeaders === null ? null : this.headerSets.place(responseHeaders)
      const requestId = Number(
        this.insertRequest.run(
          sessionId,
          r.receivedAt,
          r.method,
          r.path,
          r.query,
          r.callType,
          JSON.stringify(r.headers),
          r.remoteAddress,
          r.origin,
          r.userAgent,
          r.contentType,
          cut === null ? r.body : cut.rest,
          cut === null ? 0 : 1,
          r.bodySize,
          r.bodyTruncated ? 1 : 0,
          r.responseStatus,
          r.responseBody,
          r.error,
          r.eventCount,
          r.status,
          findingsText(r.findings),
          r.entryOrigin,
          r.parentId,
          r.latencyMs,
          headerSet === null ? responseHeaders : null,
          headerSet,
        ).lastInsertRowid,
      )
      const responseBytes = Buffer.byteLength(r.responseBody)
      const testId = testIdOf(r.headers)
      const summaries = rows.map((e, i): EventSummary => {
        const id = Number(
          this.insertEvent.run(
            requestId,
            sessionId,
            r.receivedAt,
            r.responseStatus,
            r.latencyMs,
            responseBytes,
            r.entryOrigin,
            e.kind,
            e.idx,
            e.callType,
            e.eventName,
            e.userId,
            e.source,
            e.sentAt,
            e.status,
            findingsText(e.findings),
            e.findings.length,
            e.json,
            cut === null ? null : cut.at[i],
            testId,
          ).lastInsertRowid,
        )
        return {
          id,
          requestId,
          kind: e.kind,
          receivedAt: r.receivedAt,
          callType: e.callType,
          eventName: e.eventName,
          userId: e.userId,
          source: e.source,
          status: e.status,
          responseStatus: r.responseStatus,
          latencyMs: r.latencyMs,
          responseBytes,
          origin: r.entryOrigin,
          findingCount: e.findings.length,
          planOnly: isPlanOnly(e.status, e.findings),
        }
      })
      return { requestId, summaries }
    })
  }
}
