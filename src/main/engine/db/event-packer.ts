/**
 * Packs cold events' JSON (db/event-packs.ts) so that a large log takes
 * about 1.46× the bytes its calls carried instead of 2.4×.
 *
 * An event is cold once it is older than the hot window (an hour by
 * default) and in the full-text index: the stream's first pages, the
 * detail view of anything recent and session matching read rows that are
 * never packed. Older events are packed PACK_EVENTS at a time, in id order,
 * one pack per short transaction, as a background job that steps aside
 * while capture has calls in flight.
 *
 * Setting a row's JSON to NULL in place would free no space: SQLite
 * rebalances pages when rows are deleted, not when an update shrinks them,
 * so every page would keep its shrunken rows and the gaps between them
 * (measured: 457 bytes a row before and after). A step therefore deletes
 * the pack's rows and writes them again, the same ids and columns, without
 * their JSON; the full-text index's delete trigger is paused meanwhile, so
 * its entries stay as they are. The pages freed go to the free list, and the
 * retention job hands what is beyond its slack back to the disk.
 */
import type { Db } from './database'
import { encodePack, PACK_EVENTS, type PackedEvent } from './event-packs'

/** Events younger than this stay as they came. */
export const HOT_MS = 3_600_000
/**
 * A pack is full at PACK_EVENTS events or at this much JSON (UTF-16 code units), whichever comes
 * first: 128 large events would make one transaction deflate megabytes while capture waits.
 */
export const PACK_TEXT = 256 * 1024

export interface PackerOptions {
  clock?: () => number
  /** How long an event stays unpacked. */
  hotMs?: number
  /** Events a pack holds. */
  packEvents?: number
  /** JSON a pack holds, in UTF-16 code units. */
  packText?: number
}

export class EventPacker {
  private readonly clock: () => number
  private readonly hotMs: number
  private readonly packEvents: number
  private readonly packText: number
  private readonly stmts

  constructor(
    private readonly db: Db,
    opts: PackerOptions = {},
  ) {
    this.clock = opts.clock ?? Date.now
    this.hotMs = opts.hotMs ?? HOT_MS
    this.packEvents = opts.packEvents ?? PACK_EVENTS
    this.packText = opts.packText ?? PACK_TEXT
    // The rows of one pack on their way out and back in, every column as it is.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS pack_rows AS SELECT * FROM main.events WHERE 0')
    this.stmts = {
      progress: db.prepare('SELECT packed_through FROM pack_progress').pluck(),
      indexed: db.prepare('SELECT indexed_through FROM search_progress').pluck(),
      candidates: db.prepare(
        `SELECT id, json, received_at AS receivedAt FROM events
         WHERE id > ? AND id <= ? AND kind = 'event' AND json IS NOT NULL ORDER BY id LIMIT ?`,
      ),
      addPack: db.prepare('INSERT INTO event_packs (data) VALUES (?)'),
      addLive: db.prepare('INSERT INTO event_pack_live (pack, rows) VALUES (?, ?)'),
      copyOut: db.prepare('INSERT INTO temp.pack_rows SELECT * FROM main.events WHERE id BETWEEN ? AND ?'),
      strip: db.prepare(
        "UPDATE temp.pack_rows SET json = NULL, pack = ? WHERE kind = 'event' AND json IS NOT NULL",
      ),
      searchPaused: db.prepare('SELECT count(*) FROM search_sync_paused').pluck(),
      pauseSearch: db.prepare('INSERT INTO search_sync_paused (one) VALUES (1)'),
      resumeSearch: db.prepare('DELETE FROM search_sync_paused'),
      remove: db.prepare('DELETE FROM main.events WHERE id BETWEEN ? AND ?'),
      copyBack: db.prepare('INSERT INTO main.events SELECT * FROM temp.pack_rows'),
      emptyTemp: db.prepare('DELETE FROM temp.pack_rows'),
      markPacked: db.prepare('UPDATE pack_progress SET packed_through = ?'),
    }
  }

  /**
   * Packs the next full pack of cold events (see fullPack), in one
   * transaction. Returns how many it packed: 0 when fewer than a pack's worth
   * are cold yet (they wait for more, so packs stay full).
   */
  step(): number {
    if (this.db.readonly) return 0
    return this.db.transaction((): number => {
      const s = this.stmts
      const through = s.progress.get() as number
      const candidates = s.candidates.all(through, s.indexed.get(), this.packEvents) as (PackedEvent & {
        receivedAt: number
      })[]
      const cold = this.fullPack(candidates)
      if (cold === null) return 0
      const lo = (cold[0] as PackedEvent).id
      const hi = (cold[cold.length - 1] as PackedEvent).id
      const pack = s.addPack.run(encodePack(cold)).lastInsertRowid
      s.addLive.run(pack, cold.length)
      s.copyOut.run(lo, hi)
      s.strip.run(pack)
      const paused = (s.searchPaused.get() as number) > 0
      if (!paused) s.pauseSearch.run()
      s.remove.run(lo, hi)
      s.copyBack.run()
      if (!paused) s.resumeSearch.run()
      s.emptyTemp.run()
      s.markPacked.run(hi)
      return cold.length
    })()
  }

  /**
   * The first events of `candidates` that make a full pack (PACK_EVENTS of them, or fewer whose
   * JSON reaches PACK_TEXT), all older than the hot window; null while they do not yet.
   */
  private fullPack<T extends PackedEvent & { receivedAt: number }>(candidates: readonly T[]): T[] | null {
    const cutoff = this.clock() - this.hotMs
    let text = 0
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i] as T
      if (c.receivedAt >= cutoff) return null
      text += c.json.length
      // At least one event, however large; the one that would overflow the pack starts the next.
      if (text > this.packText) return candidates.slice(0, Math.max(i, 1))
      if (i + 1 === this.packEvents) return candidates.slice(0, i + 1)
    }
    return null
  }

  /** Packs every cold event (a benchmark's seed; tests). Returns how many. */
  packFully(): number {
    let total = 0
    for (let n = this.step(); n > 0; n = this.step()) total += n
    return total
  }
}

export interface PackSchedulerOptions {
  /** How often the packer looks for cold events while it has none. */
  intervalMs?: number
  /** Pause between packs while capture is busy. */
  stepPauseMs?: number
  /**
   * Pause between packs while it is not. Packs back to back wrote the WAL faster than its
   * checkpoints copied it back, and calls that came during or just after waited on those
   * (capture p99 57–101 ms in the seconds after 200,000 events were packed, against 27–29 ms with
   * 10 ms pauses).
   */
  idlePauseMs?: number
  /** True while capture is busy (the engine: it has had a call in the last second). */
  captureBusy?: () => boolean
  /** After a pack: free pages are waiting to go back to the disk. */
  afterPack?: () => void
}

/** Runs the packer in the background: a pack a turn while there are cold events, else a look now and then. */
export class PackScheduler {
  private timer: NodeJS.Timeout | null = null
  private stopped = true
  private readonly intervalMs: number
  private readonly stepPauseMs: number
  private readonly idlePauseMs: number
  private readonly captureBusy: () => boolean
  private readonly afterPack: () => void

  constructor(
    private readonly packer: Pick<EventPacker, 'step'>,
    opts: PackSchedulerOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 60_000
    this.stepPauseMs = opts.stepPauseMs ?? 100
    this.idlePauseMs = opts.idlePauseMs ?? 10
    this.captureBusy = opts.captureBusy ?? (() => true)
    this.afterPack = opts.afterPack ?? (() => undefined)
  }

  start(delayMs = 5_000): void {
    if (!this.stopped) return
    this.stopped = false
    this.schedule(delayMs)
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => this.run(), delayMs)
    this.timer.unref()
  }

  private run(): void {
    this.timer = null
    if (this.stopped) return
    let packed: number
    try {
      packed = this.packer.step()
    } catch (error) {
      // Packing is never urgent: an unpacked event reads as it did; try again at the next look.
      console.error('[track-debugger] packing old events failed:', error)
      this.schedule(this.intervalMs)
      return
    }
    if (packed > 0) {
      this.afterPack()
      this.schedule(this.captureBusy() ? this.stepPauseMs : this.idlePauseMs)
    } else this.schedule(this.intervalMs)
  }
}
