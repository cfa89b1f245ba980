/**
 * The `sessions` table and the session's rows in `events`. Statements are
 * prepared once; expectations are stored as a JSON array already
 * normalised, so reading one back needs no defaults.
 */
import type { Expectation, SessionInfo } from '../../../shared/contract/sessions'
import type { Finding, Status, CallType } from '../../../shared/model'
import type { Db } from '../db/database'
import type { EventRow as StoredEventRow } from '../db/event-repository'
import { eventJsonSql } from '../db/event-packs'
import type { FrozenSession, SessionEvidence } from './evidence'
import type { SessionEvent } from './session-event'

interface SessionRow {
  id: number
  name: string
  tester: string | null
  app_version: string | null
  device: string | null
  notes: string | null
  expectations: string
  started_at: number
  stopped_at: number | null
}

export interface StoredSession extends SessionInfo {
  expectations: Expectation[]
}

/** The columns of SESSION_EVENT_COLUMNS. */
export type EventRow = Pick<
  StoredEventRow,
  'id' | 'received_at' | 'call_type' | 'event_name' | 'user_id' | 'status' | 'findings' | 'json'
>

export interface NewSession {
  name: string
  tester: string | null
  appVersion: string | null
  device: string | null
  notes: string | null
  expectations: Expectation[]
  startedAt: number
}

function toSession(row: SessionRow): StoredSession {
  return {
    id: row.id,
    name: row.name,
    tester: row.tester,
    appVersion: row.app_version,
    device: row.device,
    notes: row.notes,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    expectations: JSON.parse(row.expectations) as Expectation[],
  }
}

export function toSessionEvent(row: EventRow): SessionEvent {
  return {
    id: row.id,
    receivedAt: row.received_at,
    callType: row.call_type as CallType,
    eventName: row.event_name,
    userId: row.user_id,
    status: row.status as Status,
    findings: JSON.parse(row.findings) as Finding[],
    json: row.json,
  }
}

/** Not the final verdicts and evidence: those are read on their own, when asked for. */
const SESSION_COLUMNS = 'id, name, tester, app_version, device, notes, expectations, started_at, stopped_at'

/** For a query on `events` itself (not aliased); an event's JSON may be in its pack (db/event-packs.ts). */
export const SESSION_EVENT_COLUMNS = `id, received_at, call_type, event_name, user_id, status, findings, ${eventJsonSql()} AS json`

export class SessionRepository {
  private readonly insertStmt
  private readonly getStmt
  private readonly listStmt
  private readonly activeStmt
  private readonly stopStmt
  private readonly keepResultsStmt
  private readonly keepEvidenceStmt
  private readonly finalResultsStmt
  private readonly finalEvidenceStmt
  private readonly updateStmt
  private readonly countSinceStmt
  private readonly firstEventStmt
  private readonly lastEventStmt
  private readonly deleteStmt
  private readonly deleteAllStmt
  private readonly versionStmt

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`INSERT INTO sessions
      (name, tester, app_version, device, notes, expectations, started_at)
      VALUES (@name, @tester, @appVersion, @device, @notes, @expectations, @startedAt)`)
    this.getStmt = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`)
    this.listStmt = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions ORDER BY id DESC`)
    this.activeStmt = db.prepare('SELECT id FROM sessions WHERE stopped_at IS NULL').pluck()
    this.stopStmt = db.prepare('UPDATE sessions SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL')
    this.keepResultsStmt = db.prepare(
      'UPDATE sessions SET final_results = ? WHERE id = ? AND stopped_at IS NOT NULL AND final_results IS NULL',
    )
    this.keepEvidenceStmt = db.prepare(
      'UPDATE sessions SET final_evidence = ? WHERE id = ? AND stopped_at IS NOT NULL AND final_evidence IS NULL',
    )
    this.finalResultsStmt = db.prepare('SELECT final_results FROM sessions WHERE id = ?').pluck()
    this.finalEvidenceStmt = db.prepare('SELECT final_evidence FROM sessions WHERE id = ?').pluck()
    this.updateStmt =
      db.prepare(`UPDATE sessions SET name = @name, tester = @tester, app_version = @appVersion,
      device = @device, notes = @notes, expectations = @expectations WHERE id = @id`)
    this.deleteStmt = db.prepare('DELETE FROM sessions WHERE id = ?')
    this.deleteAllStmt = db.prepare('DELETE FROM sessions')
    this.lastEventStmt = db
      .prepare("SELECT coalesce(max(id), 0) FROM events WHERE session_id = ? AND kind = 'event'")
      .pluck()
    this.firstEventStmt = db
      .prepare("SELECT coalesce(min(id), 0) FROM events WHERE session_id = ? AND kind = 'event'")
      .pluck()
    this.countSinceStmt = db
      .prepare("SELECT count(*) FROM events WHERE session_id = ? AND id > ? AND kind = 'event'")
      .pluck()
    this.versionStmt = db.prepare(
      "SELECT count(*) AS n, coalesce(min(id), 0) AS first, coalesce(max(id), 0) AS last FROM events WHERE session_id = ? AND kind = 'event'",
    )
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  insert(s: NewSession): number {
    const info = this.insertStmt.run({ ...s, expectations: JSON.stringify(s.expectations) })
    return Number(info.lastInsertRowid)
  }

  get(id: number): StoredSession | null {
    const row = this.getStmt.get(id) as SessionRow | undefined
    return row ? toSession(row) : null
  }

  list(): StoredSession[] {
    return (this.listStmt.all() as SessionRow[]).map(toSession)
  }

  activeId(): number | null {
    return (this.activeStmt.get() as number | undefined) ?? null
  }

  stop(id: number, at: number): boolean {
    return this.stopStmt.run(at, id).changes > 0
  }

  /** Keeps a stopped session's verdicts; written once, never replaced. */
  keepResults(id: number, results: FrozenSession): boolean {
    return this.keepResultsStmt.run(JSON.stringify(results), id).changes > 0
  }

  /** Keeps the evidence behind a stopped session's verdicts; written once, never replaced. */
  keepEvidence(id: number, evidence: SessionEvidence): boolean {
    return this.keepEvidenceStmt.run(JSON.stringify(evidence), id).changes > 0
  }

  finalResults(id: number): FrozenSession | null {
    const json = this.finalResultsStmt.get(id) as string | null | undefined
    return json ? (JSON.parse(json) as FrozenSession) : null
  }

  finalEvidence(id: number): SessionEvidence | null {
    const json = this.finalEvidenceStmt.get(id) as string | null | undefined
    return json ? (JSON.parse(json) as SessionEvidence) : null
  }

  update(s: StoredSession): void {
    this.updateStmt.run({ ...s, expectations: JSON.stringify(s.expectations) })
  }

  delete(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0
  }

  deleteAll(): number {
    return this.deleteAllStmt.run().changes
  }

  /**
   * Only the events some expectation could match (by call type and name),
   * oldest first: what verdicts need, without reading the rest of a large session.
   */
  candidateEvents(id: number, expectations: readonly Expectation[], afterId = 0): SessionEvent[] {
    if (expectations.length === 0) return []
    const anyOfType = new Set<string>()
    const named = new Map<string, Set<string>>()
    for (const e of expectations) {
      if (e.eventName === null) anyOfType.add(e.callType)
      else {
        const names = named.get(e.callType) ?? new Set<string>()
        names.add(e.eventName)
        named.set(e.callType, names)
      }
    }
    const clauses: string[] = []
    const params: unknown[] = [id, afterId]
    if (anyOfType.size > 0) {
      clauses.push(`call_type IN (${[...anyOfType].map(() => '?').join(',')})`)
      params.push(...anyOfType)
    }
    for (const [type, names] of named) {
      if (anyOfType.has(type)) continue
      clauses.push(`(call_type = ? AND event_name IN (${[...names].map(() => '?').join(',')}))`)
      params.push(type, ...names)
    }
    const rows = this.db
      .prepare(
        `SELECT ${SESSION_EVENT_COLUMNS} FROM events WHERE session_id = ? AND kind = 'event' AND id > ? AND (${clauses.join(' OR ')}) ORDER BY id`,
      )
      .all(...params) as EventRow[]
    return rows.map(toSessionEvent)
  }

  /** The session's newest event id (0 if none), read from the end of its index. */
  lastEventId(id: number): number {
    return this.lastEventStmt.get(id) as number
  }

  /** The session's oldest event id (0 if none), read from the start of its index. */
  firstEventId(id: number): number {
    return this.firstEventStmt.get(id) as number
  }

  /** How many of the session's events come after `afterId` (its index answers, reading only those rows). */
  countSince(id: number, afterId: number): number {
    return this.countSinceStmt.get(id, afterId) as number
  }

  /**
   * Changes whenever the session gains or loses events: the key verdicts are cached under. `first`
   * and `last` are its oldest and newest event ids (0 when it has none).
   */
  version(id: number): { count: number; first: number; last: number } {
    const row = this.versionStmt.get(id) as { n: number; first: number; last: number }
    return { count: row.n, first: row.first, last: row.last }
  }
}
