/**
 * How often each event of the tracking plan has been seen, and when last.
 *
 * The plan screen asks every 3 s while it is open. Counting a name is
 * reading every row that carries it: on a million-event log, with the
 * benchmark's eight event names in the plan, one answer read 950,000 rows
 * and took 3.3 s, capture waiting all along (SQLite also picked the
 * call-type index for it and read every track row once per name). Here each
 * name is counted from its own index (`events_name`, `events_type` for
 * `$identify` / `$group`) in windows of ids, and capture gets its turn
 * whenever a few milliseconds of counting have gone by. The counts stay
 * exact; the answer takes as long as the rows take to read.
 */
import type { PlanCoverageItem } from '../../../shared/contract/validation'
import { columnSpanSql, type ColumnSpan } from '../db/column-span'
import type { Db } from '../db/database'
import { touches, type DeletedIds } from '../db/deleted-ids'
import { pacer } from '../db/pacer'
import { isTraitsEntry } from './plan-checker'

/** Ids per window: a window of a common name is a few milliseconds of reading. */
const WINDOW_IDS = 5_000
/** Counting time between turns for capture. */
const STEP_MS = 4

export interface PlanCoverageOptions {
  windowIds?: number
  stepMs?: number
}

interface Count {
  seen: number
  last: number | null
}

export class PlanCoverage {
  private readonly span
  private readonly byName
  private readonly byCallType
  private readonly windowIds: number
  private readonly stepMs: number
  /**
   * Counts of windows that can no longer change, by plan entry and window. A window is kept once
   * every id it spans is at or below the newest id at the time it was counted: new rows get higher
   * ids, so only deletions change it, and every deletion calls forget() with the ids it removed.
   */
  private final = new Map<string, Map<number, Count>>()

  constructor(
    db: Db,
    private readonly yieldToCapture: () => Promise<void>,
    opts: PlanCoverageOptions = {},
  ) {
    this.windowIds = opts.windowIds ?? WINDOW_IDS
    this.stepMs = opts.stepMs ?? STEP_MS
    this.span = db.prepare(columnSpanSql('events', 'id'))
    // Group calls keep their group id in event_name, so the call type is checked on the row.
    this.byName =
      db.prepare(`SELECT count(*) AS seen, max(received_at) AS last FROM events INDEXED BY events_name
      WHERE event_name = ? AND id BETWEEN ? AND ? AND kind = 'event' AND call_type = 'track'`)
    // `$identify` / `$group` plan the traits of every identify / group call.
    this.byCallType =
      db.prepare(`SELECT count(*) AS seen, max(received_at) AS last FROM events INDEXED BY events_type
      WHERE call_type = ? AND call_type != 'track' AND id BETWEEN ? AND ? AND kind = 'event'`)
  }

  /**
   * Rows were deleted: the windows that held any of them are counted again at the next ask, every
   * window when no span is given (a clear).
   */
  forget(deleted?: DeletedIds): void {
    if (deleted === undefined) {
      this.final.clear()
      return
    }
    const w = this.windowIds
    for (const known of this.final.values())
      for (const window of known.keys())
        if (touches(deleted, window * w, (window + 1) * w - 1)) known.delete(window)
  }

  async of(eventNames: readonly string[]): Promise<PlanCoverageItem[]> {
    const { lo, hi } = this.span.get() as ColumnSpan
    const out: PlanCoverageItem[] = []
    const w = this.windowIds
    const pace = pacer(this.yieldToCapture, this.stepMs)
    for (const event of eventNames) {
      const traits = isTraitsEntry(event)
      const stmt = traits ? this.byCallType : this.byName
      const key = traits ? event.slice(1) : event
      let known = this.final.get(event)
      if (!known) this.final.set(event, (known = new Map()))
      let seen = 0
      let last: number | null = null
      if (lo !== null && hi !== null) {
        for (let window = Math.floor(lo / w); window <= Math.floor(hi / w); window++) {
          let count = known.get(window)
          if (!count) {
            count = stmt.get(key, window * w, (window + 1) * w - 1) as Count
            // Complete once the log has passed its last id (see `final`).
            if ((window + 1) * w - 1 <= hi) known.set(window, count)
            await pace()
          }
          seen += count.seen
          if (count.last !== null && (last === null || count.last > last)) last = count.last
        }
        // Windows below the oldest row were deleted; nothing asks for them again.
        for (const window of known.keys()) if (window < Math.floor(lo / w)) known.delete(window)
      }
      out.push({ event, seen, lastSeenAt: last })
    }
    // Entries no longer in the plan.
    for (const event of this.final.keys()) if (!eventNames.includes(event)) this.final.delete(event)
    return out
  }
}
