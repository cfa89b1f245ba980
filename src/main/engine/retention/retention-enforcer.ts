/**
 * Keeps the log inside its retention limits (count, age, size) without
 * stalling capture.
 *
 * Capture and this share one thread and one SQLite connection, so deleting
 * a million rows in one go would hold every answer back for seconds.
 * Instead each step deletes the oldest requests (their events go with
 * them, and the search index follows through its trigger) in one short
 * transaction sized to take a few milliseconds, then yields to the event
 * loop before the next step. Checks run on a slow timer and right after
 * the limits change.
 *
 * Space: new logs use incremental auto-vacuum, so free pages beyond some
 * slack are handed back to the OS a few at a time; the slack is reused by
 * new rows instead of growing the file. The write-ahead log is capped by
 * journal_size_limit.
 */
import { statSync } from 'node:fs'
import type { RetentionLimits, RetentionRun } from '../../../shared/contract/retention'
import type { Db } from '../db/database'
import { columnSpanSql, type ColumnSpan } from '../db/column-span'
import type { DeletedIds } from '../db/deleted-ids'
import type { RetentionSettings } from './retention-settings'

export interface RetentionOptions {
  /** How often limits are checked while nothing is being deleted. */
  intervalMs?: number
  /** Pause between deletion steps while capture has calls in flight, so its commits run in between. */
  stepPauseMs?: number
  /** True while capture has calls in flight; when it has none, the next step follows at once. */
  captureBusy?: () => boolean
  /** Time one step aims to take. */
  stepBudgetMs?: number
  /** Free space kept inside the file for new rows before pages are handed back. */
  freeSlackBytes?: number
  clock?: () => number
  /**
   * After each step that deleted rows, with the span of their ids: the search index then merges
   * their entries away, in steps of its own, and what counts rows forgets what lay in the span.
   */
  afterDelete?: (deleted?: DeletedIds) => void
}

export interface StepResult {
  deletedRequests: number
  deletedEvents: number
  reason: 'events' | 'age' | 'size' | null
  /** A limit is still exceeded after this step. */
  more: boolean
}

const MIN_CHUNK = 10
const MAX_CHUNK = 5_000
/** Free space kept for reuse before pages are returned to the OS. */
const FREE_SLACK_BYTES = 32 * 1024 ** 2
const VACUUM_PAGES_PER_STEP = 512

export class RetentionEnforcer {
  private timer: NodeJS.Timeout | null = null
  private stopped = true
  private chunk = 100
  private running: RetentionRun | null = null
  /** Rows over the count limit still to delete in this run (counted once per run, not per step). */
  private excessRows: number | null = null
  private last: RetentionRun | null = null
  /** Free pages beyond the slack are still waiting to be handed back to the OS. */
  private freeBacklog = false
  private readonly intervalMs: number
  private readonly stepPauseMs: number
  private readonly stepBudgetMs: number
  private readonly clock: () => number
  private readonly captureBusy: () => boolean
  private readonly freeSlackBytes: number
  private readonly afterDelete: (deleted?: DeletedIds) => void
  private readonly stmts

  constructor(
    private readonly db: Db,
    private readonly settings: RetentionSettings,
    private readonly dbPath: string,
    opts: RetentionOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 15_000
    // Measured (bench part 4, 2 cores): 5 ms steps with 10 ms pauses keep capture's p99 under 50 ms
    // while deleting a 225k-row log in about a minute; 8/8 reached 60 ms p99.
    this.stepPauseMs = opts.stepPauseMs ?? 10
    this.stepBudgetMs = opts.stepBudgetMs ?? 5
    this.clock = opts.clock ?? Date.now
    this.captureBusy = opts.captureBusy ?? (() => true)
    this.freeSlackBytes = opts.freeSlackBytes ?? FREE_SLACK_BYTES
    this.afterDelete = opts.afterDelete ?? (() => undefined)
    this.stmts = {
      idSpan: db.prepare(columnSpanSql('events', 'id')),
      countRows: db.prepare('SELECT count(*) FROM events').pluck(),
      // The oldest requests with the stream rows each holds (every request holds at least one).
      oldestWithRows: db.prepare(
        'SELECT r.id, (SELECT count(*) FROM events e WHERE e.request_id = r.id) AS n FROM requests r ORDER BY r.id LIMIT ?',
      ),
      hasOlderThan: db.prepare('SELECT 1 FROM requests WHERE received_at < ? LIMIT 1').pluck(),
      // Each step takes the oldest `chunk` requests that a limit condemns; their events go by cascade.
      // Oldest first, from the time index: rows imported late can be old and have the newest ids,
      // and walking ids to find them read every younger request first, in each step (148–836 ms
      // at 590,000 requests, with capture waiting; 0.03–0.1 ms from the index).
      chunkOlderThan: db
        .prepare('SELECT id FROM requests WHERE received_at < ? ORDER BY received_at LIMIT ?')
        .pluck(),
      chunkOldest: db.prepare('SELECT id FROM requests ORDER BY id LIMIT ?').pluck(),
      // The stream rows a chunk of requests holds: how many (and how many are events), and the span of their ids.
      chunkRows: db.prepare(
        "SELECT count(*) AS n, coalesce(sum(kind = 'event'), 0) AS events, min(id) AS lo, max(id) AS hi FROM events WHERE request_id BETWEEN ? AND ? AND request_id IN (SELECT value FROM json_each(?))",
      ),
      deleteRange: db.prepare(
        'DELETE FROM requests WHERE id BETWEEN ? AND ? AND id IN (SELECT value FROM json_each(?))',
      ),
    }
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    // Keep the write-ahead log from staying at its high-water mark after a big delete.
    this.db.pragma('journal_size_limit = 67108864')
    this.schedule(1_000)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Check the limits soon (after they change, or after a burst of capture). */
  kick(): void {
    this.excessRows = null
    if (!this.stopped) this.schedule(0)
  }

  get enforcing(): boolean {
    return this.running !== null
  }

  /**
   * Pages were freed by something other than a deletion step (packing old events): what is beyond
   * the slack goes back to the disk at the steps' pace, as after a run.
   */
  pagesFreed(): void {
    if (this.stopped || this.running !== null || this.freeBacklog) return
    this.freeBacklog = true
    this.schedule(this.nextStepDelay(), true)
  }

  get lastRun(): RetentionRun | null {
    return this.last
  }

  /** Bytes the rows take: pages in use, not the free ones waiting for reuse. */
  usedBytes(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number
    const pages = this.db.pragma('page_count', { simple: true }) as number
    const free = this.db.pragma('freelist_count', { simple: true }) as number
    return (pages - free) * pageSize
  }

  fileBytes(): number {
    let total = 0
    for (const suffix of ['', '-wal']) {
      try {
        total += statSync(this.dbPath + suffix).size
      } catch {
        // No WAL file right now (or an in-memory log).
      }
    }
    return total
  }

  /** One deletion step: the first exceeded limit, oldest requests first, `chunk` at most. */
  step(limits: RetentionLimits = this.settings.get()): StepResult {
    const started = performance.now()
    const result = this.db.transaction((): StepResult => {
      const now = this.clock()
      if (limits.maxAgeDays !== null) {
        const cutoff = now - limits.maxAgeDays * 86_400_000
        if (this.stmts.hasOlderThan.get(cutoff) !== undefined) {
          const ids = (this.stmts.chunkOlderThan.all(cutoff, this.chunk) as number[]).sort((a, b) => a - b)
          return this.deleteIds(ids, 'age', () => this.stmts.hasOlderThan.get(cutoff) !== undefined)
        }
      }
      if (limits.maxEvents !== null) {
        const excess = this.rowsOver(limits.maxEvents)
        // The oldest whole requests whose rows fit in the excess: a request that would cross the limit stays.
        const ids: number[] = []
        let rows = 0
        for (const r of this.stmts.oldestWithRows.all(Math.min(this.chunk, excess)) as {
          id: number
          n: number
        }[]) {
          if (rows + r.n > excess) break
          rows += r.n
          ids.push(r.id)
        }
        if (ids.length > 0) {
          const result = this.deleteIds(ids, 'events', () => false)
          this.excessRows = excess - result.deletedEvents
          return { ...result, more: this.excessRows > 0 }
        }
        this.excessRows = null
      }
      if (limits.maxBytes !== null && this.usedBytes() > limits.maxBytes) {
        const ids = this.stmts.chunkOldest.all(this.chunk) as number[]
        return this.deleteIds(ids, 'size', () => this.usedBytes() > (limits.maxBytes ?? Infinity))
      }
      return { deletedRequests: 0, deletedEvents: 0, reason: null, more: false }
    })()
    this.freeBacklog = this.returnFreePages()
    // Size the next step to the time budget: deletes cost more per row with bigger rows and indexes.
    if (result.deletedRequests > 0) {
      const took = Math.max(0.1, performance.now() - started)
      this.chunk = Math.round(
        Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, (this.chunk * this.stepBudgetMs) / took)),
      )
    }
    return result
  }

  /**
   * How many rows the log holds beyond `limit`. Ids only grow, so a span of
   * ids no wider than the limit settles it without counting; otherwise the
   * rows are counted once per run (gaps left by age limits or imports make
   * the span wider than the count) and the steps subtract what they delete.
   */
  private rowsOver(limit: number): number {
    if (this.excessRows !== null && this.excessRows > 0) return this.excessRows
    const { lo, hi } = this.stmts.idSpan.get() as ColumnSpan
    if (lo === null || hi === null || hi - lo + 1 <= limit) return 0
    return Math.max(0, (this.stmts.countRows.get() as number) - limit)
  }

  /** Run steps until every limit holds. For tests and shutdown-free tools; capture uses the timer. */
  enforceNow(limits: RetentionLimits = this.settings.get()): RetentionRun {
    const run: RetentionRun = { at: this.clock(), deletedRequests: 0, deletedEvents: 0, reasons: [] }
    this.excessRows = null
    for (;;) {
      const r = this.step(limits)
      this.account(run, r)
      if (!r.more && r.deletedRequests === 0) break
    }
    if (run.deletedRequests > 0) this.last = { ...run, at: this.clock() }
    return run
  }

  /** `ids` in ascending order: the first and last bound the deletion. */
  private deleteIds(
    ids: number[],
    reason: NonNullable<StepResult['reason']>,
    stillExceeded: () => boolean,
  ): StepResult {
    const lo = ids[0]
    const hi = ids[ids.length - 1]
    if (lo === undefined || hi === undefined)
      return { deletedRequests: 0, deletedEvents: 0, reason: null, more: false }
    const list = JSON.stringify(ids)
    const rows = this.stmts.chunkRows.get(lo, hi, list) as {
      n: number
      events: number
      lo: number | null
      hi: number | null
    }
    // `changes` counts the requests the statement deleted, not their rows that went by cascade.
    const deletedRequests = this.stmts.deleteRange.run(lo, hi, list).changes
    // Every request holds at least one stream row; were one to hold none, say everything may have gone.
    if (deletedRequests > 0)
      this.afterDelete(
        rows.lo !== null && rows.hi !== null
          ? {
              from: rows.lo,
              to: rows.hi,
              counted: { requests: deletedRequests, events: rows.events, lastRequestId: hi },
            }
          : undefined,
      )
    return { deletedRequests, deletedEvents: rows.n, reason, more: stillExceeded() }
  }

  private account(run: RetentionRun, r: StepResult): void {
    run.deletedRequests += r.deletedRequests
    run.deletedEvents += r.deletedEvents
    if (r.reason && !run.reasons.includes(r.reason)) run.reasons.push(r.reason)
  }

  /** Hands back one step's worth of the free pages beyond the slack; true while more are left. */
  private returnFreePages(): boolean {
    const vacuum = this.db.pragma('auto_vacuum', { simple: true }) as number
    if (vacuum !== 2) return false
    const pageSize = this.db.pragma('page_size', { simple: true }) as number
    const free = this.db.pragma('freelist_count', { simple: true }) as number
    const excess = free - Math.floor(this.freeSlackBytes / pageSize)
    if (excess <= 0) return false
    this.db.pragma(`incremental_vacuum(${Math.min(excess, VACUUM_PAGES_PER_STEP)})`)
    return excess > VACUUM_PAGES_PER_STEP
  }

  /** The next tick (a check and a step), or with `handBackOnly` the next hand-back of free pages. */
  private schedule(delay: number, handBackOnly = false): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => (handBackOnly ? this.handBack() : this.tick()), delay)
    this.timer.unref()
  }

  /** The step's pause: an idle capture port has nothing to wait for, so the next step only yields the event loop. */
  private nextStepDelay(): number {
    return this.captureBusy() ? this.stepPauseMs : 0
  }

  /**
   * After a run: free pages go back to the OS at the steps' pace until the excess is returned,
   * without checking the limits again each time (that check can count the whole log). A kick
   * still checks at once; the regular checks resume after.
   */
  private handBack(): void {
    this.timer = null
    if (this.stopped) return
    try {
      this.freeBacklog = this.returnFreePages()
    } catch {
      this.freeBacklog = false
    }
    this.scheduleAfterRun()
  }

  /** Free pages still waiting: the next hand-back at the steps' pace; else the next regular check. */
  private scheduleAfterRun(): void {
    if (this.freeBacklog) this.schedule(this.nextStepDelay(), true)
    else this.schedule(this.intervalMs)
  }

  private tick(): void {
    this.timer = null
    if (this.stopped) return
    let r: StepResult
    try {
      r = this.step()
    } catch {
      // A busy or failing database must not take capture down; try again later.
      this.running = null
      this.excessRows = null
      this.schedule(this.intervalMs)
      return
    }
    if (r.deletedRequests > 0) {
      this.running ??= { at: this.clock(), deletedRequests: 0, deletedEvents: 0, reasons: [] }
      this.account(this.running, r)
    }
    if (r.more) {
      this.schedule(this.nextStepDelay())
      return
    }
    if (this.running) this.last = { ...this.running, at: this.clock() }
    this.running = null
    this.excessRows = null
    // The limits hold. What a big run freed goes back to the OS a step at a time, at the steps'
    // pace: at one step per check it took minutes (512 pages each 15 s) for the file to shrink.
    this.scheduleAfterRun()
  }
}
