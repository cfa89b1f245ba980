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
import { isPlanOnly } from '../../../shared/model'
import type { Statement } from 'better-sqlite3'
import { BadInputError } from '../errors'
import type { Db } from './database'
import { buildEventQuery, clausesOf, type QueryExtras } from './event-query'
import { searchTextOfJson } from './search-text'
import { eventJsonSql } from './event-packs'
import { columnSpanSql, type ColumnSpan } from './column-span'

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
  latency_ms: number | null
  response_bytes: number | null
  entry_origin: string
  finding_count: number
  plan_only: number
}

export interface EventRow extends SummaryRow {
  idx: number
  findings: string
  json: string | null
  sent_at: string | null
  session_id: number | null
  test_id: string | null
}

/** isPlanOnly() in SQL: invalid, and no error outside the tracking plan's rules. */
const PLAN_ONLY = `(status = 'invalid' AND NOT EXISTS (SELECT 1 FROM json_each(findings)
  WHERE json_extract(value, '$.severity') = 'error' AND json_extract(value, '$.rule') NOT LIKE 'plan.%')) AS plan_only`

const SUMMARY_COLUMNS = `id, request_id, kind, received_at, call_type, event_name, user_id, source, status, response_status, latency_ms, response_bytes, entry_origin, finding_count, ${PLAN_ONLY}`

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
    latencyMs: row.latency_ms,
    responseBytes: row.response_bytes,
    origin: row.entry_origin as EntryOrigin,
    findingCount: row.finding_count,
    planOnly: row.plan_only === 1,
  }
}

/**
 * How many events the log holds (request-only rows left out). count(*) of a whole table reads its
 * smallest index, and request-only rows have a partial index of their own; `WHERE kind = 'event'`
 * has no index and reads every row (146 ms at 200,000 events).
 */
export const COUNT_EVENTS_SQL =
  "SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM events WHERE kind = 'request')"

/** Above this many matches a page reports "10,000+" rather than counting a million rows. */
const COUNT_CAP = 10_000
/** At most this many terms stand in for a prefix; a shorter, broader prefix is left to FTS5. */
const PREFIX_TERMS = 64
const DEFAULT_LIMIT = 200

/** A count looks at no more than this many of the newest ids (see countMatches). */
const COUNT_WINDOW = 50_000
/** Distinct query shapes kept prepared; the stream uses a handful, the filter language a few dozen. */
const STATEMENT_CACHE = 64
/** Rows indexed per transaction when a text query catches the index up before it runs. */
const SEARCH_CATCH_UP_BATCH = 2_000

/** Matches newer than a time range's end worth skipping by reading the range's ids first (see idSpan). */
const SPAN_WORTH = 20_000

/** Pages one merge step of the full-text index writes at most: 1 to 4 ms of work on 2 cores. */
const SEARCH_MERGE_PAGES = 32

export class EventRepository {
  private readonly insertStmt
  private readonly getStmt
  private readonly byRequestStmt
  private readonly countStmt
  private readonly ftsInsertStmt
  private readonly unindexedStmt
  private readonly indexedThroughStmt
  private readonly markIndexedStmt
  private readonly followDeletionStmts
  private readonly boundsStmt
  private readonly mergeStmt
  private readonly segmentsStmt
  private readonly statements = new Map<string, Statement>()
  /** Prepared at the first prefix that needs it (it creates the connection's vocabulary table). */
  private termsStmt: Statement | null = null
  private readonly spanStmts

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`INSERT INTO events (
        request_id, kind, idx, received_at, call_type, event_name, user_id, source, sent_at,
        status, findings, finding_count, response_status, entry_origin, json, session_id, latency_ms, response_bytes)
      VALUES (@requestId, @kind, @idx, @receivedAt, @callType, @eventName, @userId, @source, @sentAt,
        @status, @findings, @findingCount, @responseStatus, @entryOrigin, @json, @sessionId, @latencyMs, @responseBytes)`)
    this.getStmt = db.prepare(`SELECT *, ${PLAN_ONLY}, ${eventJsonSql()} AS json FROM events WHERE id = ?`)
    this.byRequestStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM events WHERE request_id = ? ORDER BY idx`)
    this.countStmt = db.prepare(COUNT_EVENTS_SQL).pluck()
    this.boundsStmt = db.prepare(columnSpanSql('events', 'id'))
    this.spanStmts = {
      firstAt: db
        .prepare('SELECT id FROM events WHERE received_at >= ? ORDER BY received_at LIMIT 1')
        .pluck(),
      span: db.prepare(
        'SELECT min(id) AS lo, max(id) AS hi FROM events WHERE received_at >= ? AND received_at < ?',
      ),
    }
    this.ftsInsertStmt = db.prepare('INSERT INTO events_fts (rowid, name, user, props) VALUES (?, ?, ?, ?)')
    this.indexedThroughStmt = db.prepare('SELECT indexed_through FROM search_progress').pluck()
    this.unindexedStmt = db.prepare(
      `SELECT id, kind, event_name, user_id, ${eventJsonSql('events', 'once')} AS json FROM events WHERE id > ? ORDER BY id LIMIT ?`,
    )
    this.markIndexedStmt = db.prepare('UPDATE search_progress SET indexed_through = ?')
    const newest = '(SELECT coalesce(max(id), 0) FROM events)'
    this.followDeletionStmts = [
      db.prepare(`UPDATE search_progress SET indexed_through = min(indexed_through, ${newest})`),
      db.prepare(`UPDATE pack_progress SET packed_through = min(packed_through, ${newest})`),
    ]
    this.mergeStmt = db.prepare("INSERT INTO events_fts (events_fts, rank) VALUES ('merge', ?)")
    // FTS5's record of the index's segments (its rowid 10): it changes when, and only when, a merge did work.
    this.segmentsStmt = db.prepare('SELECT block FROM events_fts_data WHERE id = 10').pluck()
  }

  /**
   * Adds up to `limit` rows past the mark to the full-text index, and moves
   * the mark, in one transaction. Returns the rows read: fewer than `limit`
   * means the index has caught up. A read-only log (the MCP server) leaves
   * the indexing to the engine that writes it, a tenth of a second behind.
   */
  indexSearch(limit: number): number {
    if (this.db.readonly) return 0
    return this.db.transaction(() => {
      const through = this.indexedThroughStmt.get() as number
      const rows = this.unindexedStmt.all(through, limit) as {
        id: number
        kind: string
        event_name: string | null
        user_id: string | null
        json: string | null
      }[]
      for (const r of rows)
        if (r.kind === 'event')
          this.ftsInsertStmt.run(r.id, r.event_name, r.user_id, searchTextOfJson(r.json))
      const last = rows[rows.length - 1]
      if (last) this.markIndexedStmt.run(last.id)
      return rows.length
    })()
  }

  /**
   * One step of merging the full-text index's segments, writing at most
   * SEARCH_MERGE_PAGES pages (migration 14 leaves merging to these steps).
   * Returns whether it merged anything: false once no level holds enough
   * segments (or deleted entries) to be worth merging.
   */
  mergeSearch(): boolean {
    if (this.db.readonly) return false
    const before = this.segmentsStmt.get() as Buffer | undefined
    this.mergeStmt.run(SEARCH_MERGE_PAGES)
    const after = this.segmentsStmt.get() as Buffer | undefined
    return before === undefined || after === undefined ? before !== after : !before.equals(after)
  }

  /** Indexes whatever the indexer has not reached yet: a text query then sees every row committed. */
  indexSearchFully(): void {
    while (this.indexSearch(SEARCH_CATCH_UP_BATCH) === SEARCH_CATCH_UP_BATCH);
  }

  insert(
    e: NewEvent,
    request: {
      id: number
      receivedAt: number
      responseStatus: number
      entryOrigin: EntryOrigin
      sessionId?: number | null
      latencyMs?: number | null
      responseBytes?: number | null
    },
  ): EventSummary {
    const info = this.insertStmt.run({
      ...e,
      sessionId: request.sessionId ?? null,
      requestId: request.id,
      receivedAt: request.receivedAt,
      responseStatus: request.responseStatus,
      entryOrigin: request.entryOrigin,
      latencyMs: request.latencyMs ?? null,
      responseBytes: request.responseBytes ?? null,
      findings: JSON.stringify(e.findings),
      findingCount: e.findings.length,
    })
    const id = Number(info.lastInsertRowid)
    return {
      id,
      requestId: request.id,
      kind: e.kind,
      receivedAt: request.receivedAt,
      callType: e.callType,
      eventName: e.eventName,
      userId: e.userId,
      source: e.source,
      status: e.status,
      responseStatus: request.responseStatus,
      latencyMs: request.latencyMs ?? null,
      responseBytes: request.responseBytes ?? null,
      origin: request.entryOrigin,
      findingCount: e.findings.length,
      planOnly: isPlanOnly(e.status, e.findings),
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

  /**
   * A page of the stream. `count: false` leaves out the total (a page still says whether more
   * follow): a caller paging through every match (an export) would otherwise count up to
   * COUNT_CAP rows again for each page.
   */
  list(q: EventQuery, opts: { count?: boolean } = {}): EventPage {
    const clauses = clausesOf(q)
    // Text and property terms read the full-text index, and a prefix its vocabulary (prefixTerms):
    // both must hold every row committed so far.
    if (clauses.text.length > 0 || clauses.props.length > 0) this.indexSearchFully()
    const extras: QueryExtras = {
      prefixTerms: (prefix) => this.prefixTerms(prefix),
      idSpan: (after, before) => this.idSpan(after, before),
    }
    if (clauses.sessions.length > 0) extras.sessionIds = this.resolveSessions(clauses.sessions)
    const built = buildEventQuery(q, clauses, extras)
    const where = [built.where]
    const params = [...built.params]
    // Clauses other features add take `e.`-qualified columns.
    if (q.session !== undefined) {
      where.push('e.session_id = ?')
      params.push(q.session)
    }
    if (q.testId !== undefined) {
      where.push('e.test_id = ?')
      params.push(q.testId)
    }
    // `rule:` in the filter language means the same as the structured field.
    const rules = [...(q.rules ?? []), ...clauses.rules]
    if (rules.length > 0) {
      // Findings are a small JSON array per row; json_each reads it without a side table.
      where.push(
        `e.finding_count > 0 AND EXISTS (SELECT 1 FROM json_each(e.findings) WHERE json_extract(value, '$.rule') IN (${rules.map(() => '?').join(', ')}))`,
      )
      params.push(...rules)
    }
    const filter = where.join(' AND ')
    const id = built.idColumn
    const limit = q.limit ?? DEFAULT_LIMIT
    // Two steps: pick the page's ids (often from a covering index alone), then read those rows.
    // Sorting ids is cheap; sorting wide rows that an index range produced out of id order is not.
    const ids = `SELECT ${id} FROM ${built.from} WHERE ${filter}`
    const read = (inner: string, order: 'ASC' | 'DESC'): string =>
      `SELECT ${SUMMARY_COLUMNS} FROM events WHERE id IN (${inner}) ORDER BY id ${order}`

    let rows: SummaryRow[]
    if (q.after !== undefined) {
      // Newer rows, oldest first: what a client asks for after a push or a reconnect.
      rows = this.prepared(read(`${ids} AND ${id} > ? ORDER BY ${id} ASC LIMIT ?`, 'DESC')).all(
        ...params,
        q.after,
        limit,
      ) as SummaryRow[]
    } else {
      const cursor = q.before !== undefined ? ` AND ${id} < ?` : ''
      const cursorParams = q.before !== undefined ? [q.before] : []
      rows = this.prepared(read(`${ids}${cursor} ORDER BY ${id} DESC LIMIT ?`, 'DESC')).all(
        ...params,
        ...cursorParams,
        limit,
      ) as SummaryRow[]
    }
    const last = rows[rows.length - 1]
    const nextBefore = q.after === undefined && rows.length === limit && last ? last.id : null
    const { total, exact } =
      q.before === undefined && q.after === undefined && nextBefore === null
        ? { total: rows.length, exact: true } // a short first page is its own count
        : opts.count === false
          ? { total: rows.length, exact: false }
          : this.countMatches(built.from, filter, id, params, last?.id ?? null, rows.length)
    return { items: rows.map(toSummary), nextBefore, total, totalIsExact: exact }
  }

  /**
   * How many rows match, within a bounded amount of work: up to COUNT_CAP
   * matches among the newest COUNT_WINDOW ids. A rare filter over a big log would otherwise scan all of it
   * to say "37". Past either bound the total is a lower bound (`exact: false`).
   */
  private countMatches(
    from: string,
    filter: string,
    id: string,
    params: unknown[],
    pageEnd: number | null,
    pageRows: number,
  ): { total: number; exact: boolean } {
    const bounds = this.boundsStmt.get() as ColumnSpan
    const lo = bounds.lo ?? 0
    const floor = (bounds.hi ?? 0) - COUNT_WINDOW
    // The page itself reached past the window: it already is the best cheap lower bound.
    if (pageEnd !== null && pageEnd < floor) return { total: pageRows, exact: false }
    const counted = this.prepared(
      `SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${filter} AND ${id} >= ? ORDER BY ${id} DESC LIMIT ${COUNT_CAP + 1})`,
    )
      .pluck()
      .get(...params, floor) as number
    const wholeLog = floor <= lo
    return { total: Math.min(counted, COUNT_CAP), exact: wholeLog && counted <= COUNT_CAP }
  }

  /**
   * The ids of the rows received in [after, before) for a text or property query (IdSpan), when
   * reading them costs less than what they save. The exact span reads the time index across the
   * whole range (12 ms for a day of a million-event log, 89 ms for the whole log); the full-text
   * index, read newest first, passes every match newer than `before` (80 ms to reach a day five
   * days back). Ids follow time except for imports, so two probes of the time index estimate both:
   * the span is read only when more rows lie past the range than in it, and at least SPAN_WORTH.
   * The estimate only chooses; the span itself is exact.
   */
  private idSpan(after: number | undefined, before: number): { lo: number; hi: number } | null {
    const s = this.spanStmts
    const firstAfterRange = s.firstAt.get(before) as number | undefined
    if (firstAfterRange === undefined) return null
    const bounds = this.boundsStmt.get() as ColumnSpan
    const first = after === undefined ? undefined : (s.firstAt.get(after) as number | undefined)
    const inRange = firstAfterRange - (first ?? bounds.lo ?? 0)
    const past = (bounds.hi ?? 0) - firstAfterRange
    if (past < SPAN_WORTH || inRange > past) return null
    const span = s.span.get(after ?? -Infinity, before) as { lo: number | null; hi: number | null }
    return span.lo === null || span.hi === null ? { lo: 1, hi: 0 } : { lo: span.lo, hi: span.hi }
  }

  /**
   * The full-text index's terms that start with `prefix`, read from the index's vocabulary (a
   * per-connection fts5vocab table): the same rows as the prefix query, read as named terms. Only
   * for a prefix of ASCII letters and digits, which the index's tokenizer keeps as one token and
   * only lowercases; anything else, or more than PREFIX_TERMS terms, is left to FTS5's prefix query.
   * Reading the vocabulary walks each term's entries once (13–28 ms for a word in half of a
   * million events), which is still less than one prefix query, and the page and its count share it.
   * `list` has indexed every committed row before it asks, so the vocabulary holds their terms.
   */
  private prefixTerms(prefix: string): readonly string[] | null {
    if (!/^[A-Za-z0-9]+$/.test(prefix)) return null
    if (this.termsStmt === null) {
      this.db.exec(
        'CREATE VIRTUAL TABLE IF NOT EXISTS temp.events_fts_terms USING fts5vocab(main, events_fts, row)',
      )
      this.termsStmt = this.db
        .prepare(
          `SELECT term FROM temp.events_fts_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ${PREFIX_TERMS + 1}`,
        )
        .pluck()
    }
    const from = prefix.toLowerCase()
    // The first string past every one that starts with `from`: its last character, one higher.
    const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1)
    const terms = this.termsStmt.all(from, to) as string[]
    return terms.length > PREFIX_TERMS ? null : terms
  }

  /** Statements for the stream's query shapes, prepared once each (the shapes are few; the cache is bounded). */
  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql)
    if (stmt) {
      // Re-insert so the most used shapes stay when the cache trims.
      this.statements.delete(sql)
    } else {
      stmt = this.db.prepare(sql)
      if (this.statements.size >= STATEMENT_CACHE) {
        const oldest = this.statements.keys().next().value
        if (oldest !== undefined) this.statements.delete(oldest)
      }
    }
    this.statements.set(sql, stmt)
    return stmt
  }

  /** `session:` values (names or ids) to session ids; the sessions table may not exist in every log. */
  private resolveSessions(values: string[]): number[] {
    const table = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'")
      .pluck()
      .get()
    if (table === undefined) {
      throw new BadInputError('session: needs QA sessions, and this log has none yet. Start a session first.')
    }
    const ids = new Set<number>()
    const byName = this.db.prepare('SELECT id FROM sessions WHERE name = ? COLLATE NOCASE').pluck()
    const byId = this.db.prepare('SELECT id FROM sessions WHERE id = ?').pluck()
    for (const value of values) {
      const found = /^\d+$/.test(value) ? (byId.all(Number(value)) as number[]) : []
      for (const id of found.length > 0 ? found : (byName.all(value) as number[])) ids.add(id)
    }
    return [...ids]
  }

  /**
   * After a deletion: SQLite gives a new row the newest id left + 1, so once the newest rows are
   * gone, ids below the search index's and the packer's marks come again, and those rows would be
   * passed over (never searchable, never packed). The marks come down to the newest id left.
   */
  followDeletion(): void {
    if (this.db.readonly) return
    this.db.transaction(() => {
      for (const s of this.followDeletionStmts) s.run()
    })()
  }

  /** Delete everything. Returns the number of requests removed. */
  clear(): number {
    return this.db.transaction(() => {
      // Empty the search index in one step instead of one delete per row through the trigger.
      this.db.prepare('INSERT OR IGNORE INTO search_sync_paused (one) VALUES (1)').run()
      this.db.prepare("INSERT INTO events_fts (events_fts) VALUES ('delete-all')").run()
      // The packs go in one step too; their trigger then finds nothing to count down.
      this.db.prepare('DELETE FROM event_packs').run()
      this.db.prepare('DELETE FROM event_pack_live').run()
      this.db.prepare('DELETE FROM events').run()
      this.db.prepare('DELETE FROM search_sync_paused').run()
      // Row ids start over in an empty table: so do the index's and the packer's marks.
      this.followDeletion()
      const removed = this.db.prepare('DELETE FROM requests').run().changes
      // The capture writer notices the emptied table before its next insert (writer/header-sets.ts).
      this.db.prepare('DELETE FROM header_sets').run()
      return removed
    })()
  }
}
