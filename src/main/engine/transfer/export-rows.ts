/**
 * Reading what an export holds: the scope (a filter, a selection or a
 * session) becomes an ascending list of row ids, then rows are fetched in
 * chunks joined with their request, so an export of a million rows never
 * holds more than one chunk of them.
 */
import type { ExportScope } from '../../../shared/contract/transfer'
import type { EventSummary, Finding, RequestRecord } from '../../../shared/model'
import type { EngineContext } from '../context'
import { toSummary, type EventRow } from '../db/event-repository'
import { eventJsonSql } from '../db/event-packs'
import { REQUEST_COLUMNS_WITHOUT_BODY, toRecord, type RequestRow } from '../db/request-repository'

export const CHUNK = 500

export interface ExportRow extends EventSummary {
  /** Position in the request's batch, 0-based; -1 for request-only rows. */
  index: number
  findings: Finding[]
  sessionId: number | null
  json: string | null
  /** The request without its body: a batch's body would repeat for each of its events; read it when needed. */
  request: Omit<RequestRecord, 'bodyText' | 'bodyBase64'>
}

/**
 * The rows in scope, oldest first. Filters page through the same `list()` the stream uses, without
 * its count, and capture gets its turn between pages: on a million-event log the ids alone are a
 * thousand pages, and collecting them in one go held capture for seconds (0.56 s at 200,000).
 */
export async function scopeIds(ctx: EngineContext, scope: ExportScope): Promise<number[]> {
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
    const page = ctx.events.list({ ...scope.query, after: undefined, before, limit: 1000 }, { count: false })
    for (const item of page.items) ids.push(item.id)
    if (page.nextBefore === null) break
    before = page.nextBefore
    await ctx.yieldToCapture()
  }
  return ids.reverse()
}

export function fetchRows(ctx: EngineContext, ids: readonly number[]): ExportRow[] {
  if (ids.length === 0) return []
  const list = (n: number): string => Array.from({ length: n }, () => '?').join(',')
  const events = ctx.db
    .prepare(
      `SELECT *, ${eventJsonSql('events', 'once')} AS json FROM events WHERE id IN (${list(ids.length)}) ORDER BY id`,
    )
    .all(...ids) as EventRow[]
  const requestIds = [...new Set(events.map((e) => e.request_id))]
  const requests = new Map<number, RequestRecord>()
  if (requestIds.length > 0) {
    const rows = ctx.db
      .prepare(
        `SELECT ${REQUEST_COLUMNS_WITHOUT_BODY} FROM requests WHERE id IN (${list(requestIds.length)})`,
      )
      .all(...requestIds) as RequestRow[]
    for (const r of rows) requests.set(r.id, toRecord(r))
  }
  const out: ExportRow[] = []
  for (const e of events) {
    const request = requests.get(e.request_id)
    if (!request) continue // an event always has its request (foreign key); nothing to export otherwise
    const { bodyText: _text, bodyBase64: _base64, ...meta } = request
    out.push({
      ...toSummary(e),
      index: e.idx,
      findings: JSON.parse(e.findings) as Finding[],
      sessionId: e.session_id,
      json: e.json,
      request: meta,
    })
  }
  return out
}

/** Chunks of rows in id order. */
export function* chunks(ctx: EngineContext, ids: readonly number[]): Generator<ExportRow[]> {
  for (let i = 0; i < ids.length; i += CHUNK) yield fetchRows(ctx, ids.slice(i, i + CHUNK))
}
