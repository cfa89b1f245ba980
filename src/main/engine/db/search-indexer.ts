/**
 * The full-text index, built just after the commits instead of inside them.
 * A capture's transaction writes its rows and is answered; the words of its
 * events are indexed a moment later, many commits' worth per transaction, a
 * batch per turn of the event loop, so a capture never waits for them.
 * (The index is the process's work either way: on the benchmark's capture
 * run it is 15–20 µs of CPU per request, measured by leaving it out.)
 *
 * The index's segments are merged here too, a bounded step per turn of the
 * event loop (EventRepository.mergeSearch), so no single batch pays for a
 * large merge while captures wait behind it.
 *
 * The index is never wrong, only behind for a tenth of a second, and no
 * query sees it behind: a query with text or property terms first indexes
 * whatever is left (EventRepository.indexSearchFully). The mark of how far
 * it got moves in the same transaction as the index rows, so rows committed
 * just before a crash are indexed when the engine starts again.
 */
import type { EventRepository } from './event-repository'

/**
 * How long after a commit the index catches up. Under load many commits
 * share one indexing transaction: indexing after every commit doubled the
 * transactions and cost more CPU than indexing inside them (measured).
 * Merge steps do not bring indexing forward: many small batches make many
 * small segments, which cost more to merge than they save.
 */
const DELAY_MS = 100
/** Rows per transaction: about 2 ms of work, so a capture that arrives meanwhile waits little. */
const BATCH = 200

export class SearchIndexer {
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  /** When the next indexing batch is due (epoch ms); null while nothing new waits. */
  private indexAt: number | null = null

  constructor(private readonly events: Pick<EventRepository, 'indexSearch' | 'mergeSearch'>) {}

  /**
   * After a commit or a deletion, and at start: index what is new soon, then merge
   * what the index's segments need, one batch or one step per turn of the event loop.
   */
  schedule(delayMs = DELAY_MS): void {
    if (this.stopped) return
    const at = Date.now() + delayMs
    if (this.indexAt === null || at < this.indexAt) this.indexAt = at
    this.timer ??= setTimeout(() => this.run(), delayMs)
  }

  /** No batch starts after this (the log is closing; the rest is indexed before it closes, or at the next start). */
  stop(): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private run(): void {
    this.timer = null
    if (this.stopped) return
    let behind = false
    let merged: boolean
    try {
      if (this.indexAt !== null && Date.now() >= this.indexAt) {
        this.indexAt = null
        behind = this.events.indexSearch(BATCH) === BATCH
        // More than a batch behind: the next batch at the next turn of the event loop.
        if (behind) this.indexAt = Date.now()
      }
      merged = this.events.mergeSearch()
    } catch (error) {
      // A text query indexes what is left before it runs; the next commit tries again.
      console.error('[track-debugger] building the search index failed:', error)
      return
    }
    if (behind || merged) this.timer = setTimeout(() => this.run(), 0)
    else if (this.indexAt !== null)
      this.timer = setTimeout(() => this.run(), Math.max(0, this.indexAt - Date.now()))
  }
}
