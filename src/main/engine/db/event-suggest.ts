/**
 * Autocomplete values for the filter language, cheap at a million rows.
 *
 * Event names and user ids come from their indexes by skip-scan: each next
 * distinct value is one index seek (`> previous`), so twenty suggestions
 * cost twenty seeks however many rows share a name. Property keys, values
 * and rule ids are not indexed; they come from a sample of the newest
 * events, which is what a user filtering a live stream is looking at. Rule
 * ids come from the newest events with findings, looked for among the
 * newest RULE_WINDOW rows only: a log of clean calls would otherwise be read
 * from end to end for them (190 ms at a million events, capture waiting).
 * The rules known to the validator that were not seen there follow them.
 */
import type { Suggestion } from '../../../shared/contract/search'
import type { SuggestInput } from '../../../shared/contract/search.schemas'
import { CALL_TYPES, STATUSES } from '../../../shared/model'
import type { Db } from './database'
import { eventJsonSql } from './event-packs'

const SAMPLE = 2_000
/** How many of the newest rows the rule suggestions look through for findings (1.2–1.8 ms on a million-event log once its pages are cached). */
const RULE_WINDOW = 20_000
const DEFAULT_LIMIT = 12
/** Sorts after every character, so `prefix..prefix+MAX` is the range of strings starting with prefix. */
const MAX_CHAR = '\u{10FFFF}'

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export class EventSuggest {
  private readonly scans
  private readonly propKeys
  private readonly propValues
  private readonly rules

  constructor(
    private readonly db: Db,
    private readonly opts: {
      /** Every rule id the validator knows, offered after those seen in the newest rows. */
      knownRules?: () => readonly string[]
      ruleWindow?: number
    } = {},
  ) {
    const scan = (column: string, extra = '') => ({
      first: db
        .prepare(
          `SELECT ${column} FROM events WHERE ${column} >= ? AND ${column} < ?${extra} ORDER BY ${column} LIMIT 1`,
        )
        .pluck(),
      next: db
        .prepare(
          `SELECT ${column} FROM events WHERE ${column} > ? AND ${column} < ?${extra} ORDER BY ${column} LIMIT 1`,
        )
        .pluck(),
    })
    this.scans = { event_name: scan('event_name'), user_id: scan('user_id', " AND user_id <> ''") }
    const sample = `SELECT ${eventJsonSql()} AS json, call_type FROM events WHERE kind = 'event' AND (json IS NOT NULL OR pack IS NOT NULL) ORDER BY id DESC LIMIT ${SAMPLE}`
    const root = "CASE WHEN s.call_type = 'track' THEN '$.properties' ELSE '$.traits' END"
    this.propKeys = db.prepare(
      `SELECT j.key AS value, count(*) AS n FROM (${sample}) AS s, json_each(CASE WHEN json_valid(s.json) THEN s.json END, ${root}) AS j
       WHERE j.key LIKE ? ESCAPE '\\' GROUP BY j.key ORDER BY n DESC, j.key LIMIT ?`,
    )
    this.propValues = db.prepare(
      `SELECT v AS value, count(*) AS n FROM (
         SELECT CAST(json_extract(CASE WHEN json_valid(s.json) THEN s.json END, ${root} || ?) AS TEXT) AS v FROM (${sample}) AS s)
       WHERE v IS NOT NULL AND v LIKE ? ESCAPE '\\' GROUP BY v ORDER BY n DESC, v LIMIT ?`,
    )
    this.rules = db.prepare(
      `SELECT rule AS value, count(*) AS n FROM (
         SELECT json_extract(f.value, '$.rule') AS rule
         FROM (SELECT findings FROM events WHERE id > (SELECT coalesce(max(id), 0) FROM events) - ? AND finding_count > 0
               ORDER BY id DESC LIMIT ${SAMPLE}) AS s,
              json_each(CASE WHEN json_valid(s.findings) THEN s.findings END) AS f)
       WHERE rule LIKE ? ESCAPE '\\' GROUP BY rule ORDER BY n DESC, rule LIMIT ?`,
    )
  }

  suggest(input: SuggestInput): Suggestion[] {
    const limit = input.limit ?? DEFAULT_LIMIT
    const prefix = input.prefix
    const like = `${escapeLike(prefix)}%`
    switch (input.field) {
      case 'event':
        return this.skipScan('event_name', prefix, limit)
      case 'user':
        return this.skipScan('user_id', prefix, limit)
      case 'type':
        return CALL_TYPES.filter((t) => t.startsWith(prefix.toLowerCase())).map((value) => ({ value }))
      case 'status':
        return STATUSES.filter((s) => s.startsWith(prefix.toLowerCase())).map((value) => ({ value }))
      case 'prop-key':
        return this.counted(this.propKeys.all(like, limit))
      case 'prop-value': {
        if (!input.key) return []
        const path = input.key
          .split('.')
          .map((k) => `."${k.replace(/["\\]/g, '')}"`)
          .join('')
        return this.counted(this.propValues.all(path, like, limit))
      }
      case 'rule': {
        const window = this.opts.ruleWindow ?? RULE_WINDOW
        const seen = this.counted(this.rules.all(window, like, limit), 'the recent calls with findings')
        const found = new Set(seen.map((s) => s.value))
        const rest = (this.opts.knownRules?.() ?? [])
          .filter((id) => id.toLowerCase().startsWith(prefix.toLowerCase()) && !found.has(id))
          .sort()
          .map((value) => ({ value, detail: 'not in the recent calls' }))
        return [...seen, ...rest].slice(0, limit)
      }
      case 'session':
        return this.sessions(like, limit)
    }
  }

  private skipScan(column: 'event_name' | 'user_id', prefix: string, limit: number): Suggestion[] {
    const stmts = this.scans[column]
    const out: Suggestion[] = []
    const end = prefix + MAX_CHAR
    let next = stmts.first.get(prefix, end) as string | undefined
    while (next !== undefined && out.length < limit) {
      out.push({ value: next })
      next = stmts.next.get(next, end) as string | undefined
    }
    return out
  }

  private counted(rows: unknown[], among = `the last ${SAMPLE.toLocaleString('en-US')}`): Suggestion[] {
    return (rows as { value: string | null; n: number }[])
      .filter((r) => r.value !== null)
      .map((r) => ({ value: String(r.value), detail: `${r.n} of ${among}` }))
  }

  private sessions(like: string, limit: number): Suggestion[] {
    const exists = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'")
      .pluck()
      .get()
    if (exists === undefined) return []
    const rows = this.db
      .prepare("SELECT name FROM sessions WHERE name LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?")
      .pluck()
      .all(like, limit) as string[]
    return [...new Set(rows)].map((value) => ({ value }))
  }
}
