/**
 * Turns an `EventQuery` (structured fields plus a parsed filter-language
 * string) into SQL for the stream. Every clause is a parameter; only the
 * shape of the SQL varies.
 *
 * Speed at a million rows comes from two plans:
 * - no full-text part: walk `events` newest-first by primary key (or an
 *   `(column, id)` index the planner picks for a narrow filter) and stop at
 *   the page size;
 * - full-text (free text or `prop.k:v`): walk the FTS5 index newest-first
 *   by rowid (FTS5 serves `ORDER BY rowid DESC` and rowid bounds directly)
 *   and join each hit to its event. A property clause is found through the
 *   index ("key value" is indexed as adjacent tokens) and then checked
 *   exactly with json_extract, so the index narrows and JSON decides.
 */
import type { EventQuery } from '../../../shared/model'
import { emptyClauses, parseFilter, type FilterClauses } from '../../../shared/filter-language'
import { BadInputError } from '../errors'
import { eventJsonSql } from './event-packs'

export interface BuiltQuery {
  /** `FROM ... ` including joins. Columns are qualified with `e.`. */
  from: string
  /** Conditions joined with AND (never empty: '1' when there is none). */
  where: string
  params: unknown[]
  /** The rowid expression to order and page by (`f.rowid` when the FTS index drives). */
  idColumn: string
}

/** What the engine knows that the query does not say (resolved session names, rule column...). */
export interface QueryExtras {
  /** Session ids that `session:` names resolved to; an empty array means "no such session". */
  sessionIds?: number[]
  /** The index's terms that start with a one-token prefix (see ftsExpression); null leaves it to FTS5. */
  prefixTerms?: PrefixTerms
  /** The ids of the rows received in a time range, when worth knowing (see IdSpan). */
  idSpan?: IdSpan
}

/**
 * The lowest and highest id among the rows received in [after, before), or
 * null when finding them would cost more than it saves. A text or property
 * query reads the full-text index newest first; given the span, FTS5 reads
 * only the ids inside it instead of passing every newer match on the way to
 * an old day. `{ lo: 1, hi: 0 }` when no row was received in the range.
 */
export type IdSpan = (after: number | undefined, before: number) => { lo: number; hi: number } | null

/**
 * The full-text index's terms that start with `prefix`, or null when they
 * are too many (or the prefix is not one plain token) and FTS5 should match
 * the prefix itself.
 */
export type PrefixTerms = (prefix: string) => readonly string[] | null

const WORD_CHAR = /[\p{L}\p{N}]/u

function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

/** FTS5 expression for the text and property clauses, or null when there are none. */
export function ftsExpression(
  clauses: Pick<FilterClauses, 'text' | 'props'>,
  prefixTerms?: PrefixTerms,
): string | null {
  const parts: string[] = []
  for (const t of clauses.text) {
    // A term with no letters or digits has no tokens to look up; it cannot narrow anything.
    if (!WORD_CHAR.test(t.value)) continue
    if (t.quoted) {
      parts.push(ftsString(t.value))
      continue
    }
    // FTS5 answers a prefix by merging the whole log's entries of every term it covers before it
    // returns a row: 50–90 ms for a word in half of a million events, and a stream page asks twice
    // (the page and its count). The same terms named one by one are read newest first, as far as
    // the page needs: 0.1–0.6 ms.
    const terms = prefixTerms?.(t.value) ?? null
    if (terms === null || terms.length === 0) parts.push(`${ftsString(t.value)}*`)
    else
      parts.push(
        terms.length === 1 ? ftsString(terms[0] as string) : `(${terms.map(ftsString).join(' OR ')})`,
      )
  }
  const byKey = new Map<string, string[]>()
  for (const p of clauses.props) {
    const list = byKey.get(p.key) ?? []
    list.push(p.value)
    byKey.set(p.key, list)
  }
  for (const [key, values] of byKey) {
    const alternatives = values.map((v) =>
      WORD_CHAR.test(v) ? `props : ${ftsString(`${key} ${v}`)}` : `props : ${ftsString(key)}`,
    )
    parts.push(alternatives.length === 1 ? (alternatives[0] as string) : `(${alternatives.join(' OR ')})`)
  }
  return parts.length > 0 ? parts.join(' AND ') : null
}

/** JSON path of a property (track) or trait (identify, group); dots in a key mean nesting. */
export function propertyPath(root: 'properties' | 'traits', key: string): string {
  if (key.includes('"') || key.includes('\\')) {
    throw new BadInputError(`Property names with quotes or backslashes cannot be filtered on: ${key}`)
  }
  return `$.${root}${key
    .split('.')
    .map((k) => `."${k}"`)
    .join('')}`
}

/** The event's JSON, packed or not (db/event-packs.ts). */
const EVENT_JSON = eventJsonSql('e')

/** Text form of a JSON value at a path, booleans and null spelled as in JSON. */
const VALUE_AT = (path: string): string =>
  `(CASE json_type(${EVENT_JSON}, ${path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' ` +
  `ELSE CAST(json_extract(${EVENT_JSON}, ${path}) AS TEXT) END)`

/** The conditions of the partial call-type and status indexes (migration 15), as a query must state them. */
export const CALL_TYPE_INDEXED = "e.call_type != 'track'"
export const STATUS_INDEXED = "e.status != 'valid'"

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ')
}

/** The filter-language string merged into the structured fields; throws BadInputError on a bad string. */
export function clausesOf(q: EventQuery, now = Date.now()): FilterClauses {
  const clauses = emptyClauses()
  if (q.q !== undefined && q.q.trim() !== '') {
    const parsed = parseFilter(q.q, now)
    if (parsed.errors.length > 0) throw new BadInputError(parsed.errors.map((e) => e.message).join(' '))
    Object.assign(clauses, parsed.clauses)
  }
  const text = q.text?.trim()
  if (text) {
    for (const word of text.split(/\s+/)) clauses.text.push({ value: word, quoted: false })
  }
  clauses.eventNames.push(...(q.eventNames ?? []))
  clauses.excludeEventNames.push(...(q.excludeEventNames ?? []))
  clauses.userIds.push(...(q.userIds ?? []))
  clauses.excludeUserIds.push(...(q.excludeUserIds ?? []))
  clauses.callTypes.push(...(q.callTypes ?? []))
  clauses.excludeCallTypes.push(...(q.excludeCallTypes ?? []))
  clauses.statuses.push(...(q.statuses ?? []))
  clauses.excludeStatuses.push(...(q.excludeStatuses ?? []))
  clauses.props.push(...(q.props ?? []))
  if (q.receivedFrom !== undefined)
    clauses.receivedAfter = Math.max(clauses.receivedAfter ?? -Infinity, q.receivedFrom)
  if (q.receivedUntil !== undefined)
    clauses.receivedBefore = Math.min(clauses.receivedBefore ?? Infinity, q.receivedUntil)
  return clauses
}

/** Exact names, and `name*` prefixes, as one OR group. */
function nameMatch(
  column: string,
  names: string[],
  where: string[],
  params: unknown[],
  negate: boolean,
): void {
  const exact = names.filter((n) => !n.endsWith('*'))
  const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1))
  const alternatives: string[] = []
  if (exact.length > 0) {
    alternatives.push(`${column} IN (${placeholders(exact.length)})`)
    params.push(...exact)
  }
  for (const p of prefixes) {
    // A byte-order range uses the (column, id) index, unlike LIKE.
    alternatives.push(`(${column} >= ? AND ${column} < ?)`)
    params.push(p, `${p}\u{10FFFF}`)
  }
  if (alternatives.length === 0) return
  const group = alternatives.length === 1 ? (alternatives[0] as string) : `(${alternatives.join(' OR ')})`
  where.push(negate ? `(${column} IS NULL OR NOT ${group})` : group)
}

export function buildEventQuery(q: EventQuery, clauses: FilterClauses, extras: QueryExtras = {}): BuiltQuery {
  const where: string[] = []
  const params: unknown[] = []
  const wantsProtocol =
    q.includeProtocol === true || clauses.callTypes.some((t) => t === 'preflight' || t === 'subscription')
  // Protocol rows carry no event name or user and are always 'valid'. When another clause already
  // rules them out, leaving this condition off lets an index on that clause answer alone.
  const impliedByOthers =
    clauses.eventNames.length > 0 ||
    clauses.userIds.length > 0 ||
    (clauses.statuses.length > 0 && !clauses.statuses.includes('valid')) ||
    (clauses.callTypes.length > 0 && !wantsProtocol)
  if (!wantsProtocol && !impliedByOthers) where.push("e.call_type NOT IN ('preflight', 'subscription')")
  if (clauses.callTypes.length > 0) {
    where.push(`e.call_type IN (${placeholders(clauses.callTypes.length)})`)
    params.push(...clauses.callTypes)
    // The call-type index holds all but track rows (migration 15): its condition, stated, lets it answer.
    if (!clauses.callTypes.includes('track')) where.push(CALL_TYPE_INDEXED)
  }
  if (clauses.excludeCallTypes.length > 0) {
    where.push(`e.call_type NOT IN (${placeholders(clauses.excludeCallTypes.length)})`)
    params.push(...clauses.excludeCallTypes)
  }
  if (clauses.statuses.length > 0) {
    where.push(`e.status IN (${placeholders(clauses.statuses.length)})`)
    params.push(...clauses.statuses)
    // Likewise the status index, which holds all but valid rows.
    if (!clauses.statuses.includes('valid')) where.push(STATUS_INDEXED)
  }
  if (clauses.excludeStatuses.length > 0) {
    where.push(`e.status NOT IN (${placeholders(clauses.excludeStatuses.length)})`)
    params.push(...clauses.excludeStatuses)
  }
  nameMatch('e.event_name', clauses.eventNames, where, params, false)
  nameMatch('e.event_name', clauses.excludeEventNames, where, params, true)
  nameMatch('e.user_id', clauses.userIds, where, params, false)
  nameMatch('e.user_id', clauses.excludeUserIds, where, params, true)
  if (clauses.receivedAfter !== undefined) {
    where.push('e.received_at >= ?')
    params.push(clauses.receivedAfter)
  }
  if (clauses.receivedBefore !== undefined) {
    where.push('e.received_at < ?')
    params.push(clauses.receivedBefore)
  }
  if (extras.sessionIds !== undefined) {
    if (extras.sessionIds.length === 0) where.push('0')
    else {
      where.push(`e.session_id IN (${placeholders(extras.sessionIds.length)})`)
      params.push(...extras.sessionIds)
    }
  }
  // Exact property checks; the FTS expression below finds the candidates.
  const byKey = new Map<string, string[]>()
  for (const p of clauses.props) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.value])
  for (const [key, values] of byKey) {
    const path = "(CASE WHEN e.call_type = 'track' THEN ? ELSE ? END)"
    const checks = values.map(() => `lower(${VALUE_AT(path)}) = lower(?)`)
    where.push(checks.length === 1 ? (checks[0] as string) : `(${checks.join(' OR ')})`)
    const track = propertyPath('properties', key)
    const other = propertyPath('traits', key)
    // VALUE_AT names the path twice (type, then value).
    for (const v of values) params.push(track, other, track, other, v)
  }

  const match = ftsExpression(clauses, extras.prefixTerms)
  if (match === null) {
    return {
      from: 'events AS e',
      where: where.length > 0 ? where.join(' AND ') : '1',
      params,
      idColumn: 'e.id',
    }
  }
  // An old time range: FTS5 reads the span of its ids only (the row's own time still decides).
  const span =
    clauses.receivedBefore !== undefined
      ? (extras.idSpan?.(clauses.receivedAfter, clauses.receivedBefore) ?? null)
      : null
  const spanned = span === null ? [] : ['f.rowid BETWEEN ? AND ?']
  // CROSS JOIN pins the FTS index as the outer loop, so results stream newest-first from it.
  return {
    from: 'events_fts AS f CROSS JOIN events AS e ON e.id = f.rowid',
    where: ['events_fts MATCH ?', ...spanned, ...where].join(' AND '),
    params: [match, ...(span === null ? [] : [span.lo, span.hi]), ...params],
    idColumn: 'f.rowid',
  }
}
