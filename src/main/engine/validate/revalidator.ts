/**
 * Re-checks the whole log after the plan (or the rules) changed: each
 * captured call's stored body is parsed again exactly as the capture path
 * does, and events whose status or findings differ are updated.
 *
 * Why chunks: the log can hold a million events and capture must keep
 * answering meanwhile. Work goes in short transactions of a few thousand
 * events, yielding to the event loop between them, so a capture request
 * waits at most one chunk. A newer run (another plan change) makes an
 * older one stop at its next chunk.
 */
import type { RevalidateProgress, RevalidateResult } from '../../../shared/contract/validation'
import type { CallType, Finding, Status } from '../../../shared/model'
import { parseCall } from '../capture/parse-call'
import type { Db } from '../db/database'
import { BodyReader } from '../db/request-body'
import { COUNT_EVENTS_SQL } from '../db/event-repository'
import { statusOf, worstStatus, type Validator } from './types'

interface RequestRow {
  id: number
  call_type: string
  body: Buffer | null
  body_cut: number
  received_at: number
  content_type: string | null
  event_count: number
}

interface EventRowLite {
  id: number
  idx: number
  status: string
  findings: string
}

export interface RevalidatorHooks {
  progress(p: RevalidateProgress): void
  done(r: RevalidateResult): void
}

/** Events per transaction: small enough that a capture request never waits long behind one. */
// A few ms of work on the bench machine: a capture call waits at most one such chunk.
const CHUNK_EVENTS = 25
const PROGRESS_EVERY_MS = 100

export class Revalidator {
  private runId = 0
  private readonly totalStmt
  private readonly requestsStmt
  private readonly eventsStmt
  private readonly updateEventStmt
  private readonly updateRequestStmt
  private readonly bodies: BodyReader

  constructor(
    private readonly db: Db,
    private readonly validator: Validator,
    private readonly hooks: RevalidatorHooks,
  ) {
    this.totalStmt = db.prepare(COUNT_EVENTS_SQL).pluck()
    this.bodies = new BodyReader(db)
    this.requestsStmt =
      db.prepare(`SELECT id, call_type, body, body_cut, received_at, content_type, event_count
      FROM requests
      WHERE id > ? AND event_count > 0 AND call_type IN ('track', 'identify', 'group')
      ORDER BY id LIMIT ?`)
    this.eventsStmt = db.prepare(
      "SELECT id, idx, status, findings FROM events WHERE request_id = ? AND kind = 'event'",
    )
    this.updateEventStmt = db.prepare(
      'UPDATE events SET status = ?, findings = ?, finding_count = ? WHERE id = ?',
    )
    this.updateRequestStmt = db.prepare('UPDATE requests SET status = ?, findings = ? WHERE id = ?')
  }

  /** Whether a run is under way. */
  get running(): boolean {
    return this.active
  }

  private active = false

  async run(): Promise<RevalidateResult> {
    const id = ++this.runId
    const started = Date.now()
    this.active = true
    const total = this.totalStmt.get() as number
    let done = 0
    let changed = 0
    let cursor = 0
    let lastProgress = 0
    this.hooks.progress({ done, total, running: true })
    const chunk = this.db.transaction((rows: RequestRow[]) => {
      for (const row of rows) {
        const r = this.recheck(row)
        done += r.events
        changed += r.changed
      }
    })
    try {
      for (;;) {
        // Requests carry up to 1,000 events each; fetch few enough that a chunk stays near CHUNK_EVENTS.
        const rows = this.requestsStmt.all(cursor, 20) as RequestRow[]
        if (rows.length === 0) break
        let batch: RequestRow[] = []
        let events = 0
        for (const row of rows) {
          batch.push(row)
          events += row.event_count
          if (events >= CHUNK_EVENTS) {
            chunk(batch)
            batch = []
            events = 0
            await yieldToCapture()
            if (id !== this.runId) return this.finish(id, done, changed, started, false)
          }
        }
        if (batch.length > 0) chunk(batch)
        cursor = (rows[rows.length - 1] as RequestRow).id
        if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = Date.now()
          this.hooks.progress({ done, total: Math.max(total, done), running: true })
        }
        await yieldToCapture()
        if (id !== this.runId) return this.finish(id, done, changed, started, false)
      }
    } catch (error) {
      if (id === this.runId) {
        this.active = false
        this.hooks.progress({ done, total, running: false })
      }
      throw error
    }
    return this.finish(id, done, changed, started, true)
  }

  private finish(
    id: number,
    events: number,
    changed: number,
    started: number,
    completed: boolean,
  ): RevalidateResult {
    const result: RevalidateResult = { events, changed, completed, durationMs: Date.now() - started }
    if (id === this.runId) {
      this.active = false
      this.hooks.progress({ done: events, total: events, running: false })
      this.hooks.done(result)
    }
    return result
  }

  private recheck(row: RequestRow): { events: number; changed: number } {
    const parsed = parseCall(
      row.call_type as CallType,
      this.bodies.body(row.id, row.body, row.body_cut) ?? Buffer.alloc(0),
      row.received_at,
      this.validator,
      row.content_type,
    )
    const stored = this.eventsStmt.all(row.id) as EventRowLite[]
    const byIdx = new Map(parsed.events.map((e) => [e.idx, e]))
    let changed = 0
    const statuses: Status[] = [statusOf(parsed.requestFindings)]
    for (const old of stored) {
      const next = byIdx.get(old.idx)
      // The stored body always re-parses to the same events; if not, keep what was recorded.
      if (!next) {
        statuses.push(old.status as Status)
        continue
      }
      statuses.push(next.status)
      const findings = JSON.stringify(next.findings)
      if (findings !== old.findings || next.status !== old.status) {
        this.updateEventStmt.run(next.status, findings, next.findings.length, old.id)
        changed++
      }
    }
    this.updateRequestStmt.run(
      worstStatus(statuses),
      JSON.stringify(parsed.requestFindings satisfies Finding[]),
      row.id,
    )
    return { events: stored.length, changed }
  }
}

function yieldToCapture(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
