/**
 * Reads a session's evidence (evidence.ts) from the log, and does it on a
 * snapshot: a stopped session's report must describe the log as it was at
 * the stop, yet reading a large session's findings takes long enough that
 * capture has to get turns in between. A second, read-only connection holds
 * one read transaction for the whole gathering, so the writes capture,
 * retention or a re-validation commit meanwhile are not seen, and the
 * evidence is exactly what the stop judged.
 */
import Database from 'better-sqlite3'
import type { CallType, Finding, Status } from '../../../shared/model'
import type { Db } from '../db/database'
import { registerEventPacks } from '../db/event-packs'
import { collectEvidence, type EvidenceRow, type EvidenceSource, type SessionEvidence } from './evidence'
import { SESSION_EVENT_COLUMNS, toSessionEvent, type EventRow } from './session-repository'
import type { ExpectationResult } from '../../../shared/contract/sessions'

/** The evidence queries, prepared once per connection. */
class EvidenceQueries {
  private readonly rows
  private readonly byIds

  constructor(db: Db) {
    this.rows = db.prepare(
      `SELECT id, call_type, event_name, status, finding_count, findings FROM events
        WHERE session_id = ? AND kind = 'event' AND id > ? ORDER BY id LIMIT ?`,
    )
    this.byIds = db.prepare(
      `SELECT ${SESSION_EVENT_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
  }

  source(sessionId: number): EvidenceSource {
    return {
      rowsAfter: (afterId, limit) =>
        (this.rows.all(sessionId, afterId, limit) as Row[]).map((r): EvidenceRow => ({
          id: r.id,
          callType: r.call_type,
          eventName: r.event_name,
          status: r.status,
          findingCount: r.finding_count,
          findings: () => JSON.parse(r.findings) as Finding[],
        })),
      load: (ids) =>
        ids.length === 0 ? [] : (this.byIds.all(JSON.stringify(ids)) as EventRow[]).map(toSessionEvent),
    }
  }
}

interface Row {
  id: number
  call_type: CallType
  event_name: string | null
  status: Status
  finding_count: number
  findings: string
}

export class EvidenceReader {
  constructor(
    private readonly db: Db,
    /** Capture's turn between pages (the engine's yieldToCapture). */
    private readonly pause: () => Promise<void>,
  ) {}

  /**
   * Gathers a session's evidence as the log stands now. The snapshot is
   * taken before this returns its promise (an async function runs up to its
   * first await at once), so a caller that has just committed a stop gets
   * the log exactly as that stop left it.
   */
  async gather(sessionId: number, results: readonly ExpectationResult[]): Promise<SessionEvidence> {
    // An in-memory log has no second connection to see it: read it in one go, so nothing moves meanwhile.
    if (this.db.memory) return collectEvidence(results, new EvidenceQueries(this.db).source(sessionId))
    const snapshot = new Database(this.db.name, { readonly: true, fileMustExist: true })
    registerEventPacks(snapshot)
    try {
      snapshot.exec('BEGIN')
      // A WAL reader's snapshot is fixed by its first read: this one, made before the first await.
      snapshot.prepare('SELECT count(*) FROM sessions').get()
      await this.pause()
      return await collectEvidence(results, new EvidenceQueries(snapshot).source(sessionId), this.pause)
    } finally {
      if (snapshot.inTransaction) snapshot.exec('COMMIT')
      snapshot.close()
    }
  }
}
