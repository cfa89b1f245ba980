/**
 * The capture path's inserts: a batch of entries in one transaction, with
 * statements prepared once and bound by position. Named parameters meant
 * building an object per row and a name lookup per value; with the group
 * commit the per-row work is what remains, so it is kept to the SQL.
 *
 * Columns follow the repositories' (request-repository.ts,
 * event-repository.ts); `commit-queue.test.ts` checks that rows written
 * here equal rows written there, so the two cannot drift apart.
 */
import { isPlanOnly, type EventSummary } from '../../../shared/model'
import type { Committed, Entry } from '../entry'
import type { Db } from '../db/database'
import type { NewEvent } from '../db/event-repository'
import { testIdOf } from '../../../shared/test-id'

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
  private readonly transaction: (batch: readonly Entry[]) => Committed[]

  constructor(db: Db) {
    this.insertRequest = db.prepare(`INSERT INTO requests (
        session_id, received_at, method, path, query, call_type, headers, remote_address, origin, user_agent,
        content_type, body, body_size, body_truncated, response_status, response_body, error,
        event_count, status, findings, entry_origin, parent_id, latency_ms, response_headers)
      VALUES (${Array.from({ length: 24 }, () => '?').join(', ')})`)
    this.insertEvent = db.prepare(`INSERT INTO events (
        request_id, session_id, received_at, response_status, latency_ms, response_bytes, entry_origin,
        kind, idx, call_type, event_name, user_id, source, sent_at, status, findings, finding_count, json, test_id)
      VALUES (${Array.from({ length: 19 }, () => '?').join(', ')})`)
    // The same question as SessionRepository.activeId(), asked inside the batch's transaction.
    this.activeSession = db.prepare('SELECT id FROM sessions WHERE stopped_at IS NULL').pluck()
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
    return batch.map((entry) => {
      const r = entry.request
      let sessionId = entry.sessionId
      if (sessionId === undefined) {
        active ??= (this.activeSession.get() as number | undefined) ?? null
        sessionId = active
      }
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
          r.body,
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
          r.responseHeaders === null ? null : JSON.stringify(r.responseHeaders),
        ).lastInsertRowid,
      )
      const responseBytes = Buffer.byteLength(r.responseBody)
      const testId = testIdOf(r.headers)
      const summaries = rowsOf(entry).map((e): EventSummary => {
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
