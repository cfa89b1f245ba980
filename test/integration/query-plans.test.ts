/**
 * The indexes the stream's filters rely on, pinned with EXPLAIN QUERY PLAN
 * on a real log: each selective filter picks its page from its own index
 * (most from a covering one), free text and property terms from the
 * full-text index, and no page query sorts rows in a temporary B-tree
 * (keyset paging by id only works while the plan walks ids in order). A
 * schema change that drops or reshapes an index the queries need fails here
 * before it shows up as a slow stream at a million rows.
 */
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventQuery } from '../../src/shared/model'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine
/** Every SQL text the engine prepares, in order. */
const prepared: string[] = []
/** Every SQL text prepared since the engine opened its log, the statements made at start included. */
const everPrepared = new Set<string>()
let explain: (sql: string) => string[]
const prototypePrepare = Database.prototype.prepare

beforeAll(async () => {
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    everPrepared.add(sql)
    return prototypePrepare.call(this, sql)
  } as typeof prototypePrepare
  t = await startEngine()
  await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('signed_up')]))
  const db = t.engine.internals.db
  const prepare = db.prepare.bind(db)
  explain = (sql) => {
    const params = (sql.match(/\?/g) ?? []).map(() => null)
    return (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
  }
  db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare
})
afterAll(async () => {
  Database.prototype.prepare = prototypePrepare
  await t.stop()
  cleanup(t.dataDir)
})

/** What the engine prepared, without the EXPLAIN statements these tests prepare themselves. */
function engineSql(): string[] {
  return [...everPrepared].filter((sql) => !/^\s*EXPLAIN\b/i.test(sql))
}

/** The plan of the page query `events.list` runs for `q` (its first run prepares it). */
async function pagePlan(q: EventQuery): Promise<string[]> {
  prepared.length = 0
  await t.engine.call('events.list', q)
  const page = prepared.find((sql) => sql.includes('WHERE id IN'))
  expect(page, JSON.stringify(q)).toBeDefined()
  return explain(page!)
}

describe('the stream’s page queries', () => {
  it.each([
    ['status:invalid', 'USING COVERING INDEX events_status'],
    ['event:signed_up', 'USING COVERING INDEX events_name'],
    ['user:user_123', 'USING COVERING INDEX events_user'],
    ['type:identify', 'USING COVERING INDEX events_type'],
  ])('%s picks its page from its own index', async (text, index) => {
    const plan = await pagePlan({ q: text })
    expect(plan.join(' ; ')).toContain(index)
    expect(plan.join(' ; ')).not.toContain('TEMP B-TREE')
  })

  it.each([['pricing'], ['prop.plan:pro']])('%s is answered from the full-text index', async (text) => {
    const plan = (await pagePlan({ q: text })).join(' ; ')
    expect(plan).toMatch(/SCAN f VIRTUAL TABLE/)
    expect(plan).not.toContain('TEMP B-TREE')
  })

  it('a session, a test and the whole log walk ids in order, from their own index or the table', async () => {
    expect((await pagePlan({ session: 1 })).join(' ; ')).toContain('USING INDEX events_session')
    expect((await pagePlan({ testId: 'checkout.spec.ts' })).join(' ; ')).toContain('USING INDEX events_test')
    const whole = (await pagePlan({})).join(' ; ')
    expect(whole).toContain('SCAN e')
    expect(whole).not.toContain('TEMP B-TREE')
  })

  it('the status and call-type indexes leave out the common values, so most commits write neither', () => {
    const sqlOf = (name: string): unknown =>
      t.engine.internals.db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name)
    expect(sqlOf('events_status')).toMatch(/WHERE status != 'valid'$/)
    expect(sqlOf('events_type')).toMatch(/WHERE call_type != 'track'$/)
  })

  it('only a name prefix sorts its matches (a range of names is not in id order)', async () => {
    const plan = (await pagePlan({ q: 'event:plan*' })).join(' ; ')
    expect(plan).toContain('USING COVERING INDEX events_name (event_name>? AND event_name<?)')
    expect(plan).toContain('TEMP B-TREE FOR ORDER BY')
  })
})

describe('the log’s ends', () => {
  it('are read from the ends of an index, never by scanning the log (retention checks them every few seconds)', async () => {
    await t.engine.call('retention.get', {})
    // min() and max() in one query: SQLite's shortcut takes only one of them, so such a query scans.
    const spans = engineSql().filter((sql) => /\bmin\(/i.test(sql) && /\bmax\(/i.test(sql))
    // The stream's count window and retention's id span (one text), and the retention screen's dates.
    expect(spans.some((sql) => /FROM events/.test(sql))).toBe(true)
    expect(spans.some((sql) => /FROM requests/.test(sql))).toBe(true)
    for (const sql of spans) {
      const plan = explain(sql).join(' ; ')
      expect(plan, sql).not.toMatch(/\bSCAN (events|requests)\b/)
      expect(plan, sql).toMatch(/SEARCH (events|requests)/)
    }
  })
  it('retention finds requests past the age limit from the time index, not by walking ids', () => {
    const age = engineSql().filter((sql) => /FROM requests WHERE received_at < \?/.test(sql))
    expect(age.length).toBeGreaterThanOrEqual(2)
    for (const sql of age) {
      const plan = explain(sql).join(' ; ')
      expect(plan, sql).toContain('INDEX requests_received_at')
      expect(plan, sql).not.toContain('TEMP B-TREE')
    }
  })
  it('rule suggestions read a window of the newest rows, not the whole log', () => {
    const rules = engineSql().filter((sql) => /AND finding_count > 0\s+ORDER BY id DESC/.test(sql))
    expect(rules).toHaveLength(1)
    expect(explain(rules[0]!).join(' ; ')).toContain('INTEGER PRIMARY KEY (rowid>?)')
  })
  it('counts rows from an index, never by reading every row of the log', () => {
    // Bounded counts (a LIMIT on the rows read, such as the stream's capped total) are left out.
    const counts = engineSql().filter((sql) => /count\(\*\)/i.test(sql) && !/\bLIMIT\b/i.test(sql))
    // The log's size (stream, stats, retention, re-validation's total) and plan coverage among them.
    expect(counts.length).toBeGreaterThanOrEqual(4)
    for (const sql of counts) {
      expect(explain(sql).join(' ; '), sql).not.toMatch(/\bSCAN (events|requests)\b(?! USING)/)
    }
  })
})
