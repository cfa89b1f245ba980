/**
 * The full-text index, built just after the commits instead of inside them.
 * A capture's transaction writes its rows and is answered; the words of its
 * events are indexed a moment later, many commits' worth per transaction, a
 * batch per turn of the event loop, so a capture never waits for them.
 * (The index is the process's work either way: on the benchmark's capture
 * run it is 15–20 µs of CPU per request, measured by leaving it out.)
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
 */
const DELAY_MS = 100
/** Rows per transaction: about 3 ms of work, so a capture that arrives meanwhile waits little. */
const BATCH = 200

export class SearchIndexer {
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(private readonly events: Pick<EventRepository, 'indexSearch'>) {}

  /** After a commit, and at start: index what is new soon, one batch per turn of the event loop. */
  schedule(delayMs = DELAY_MS): void {
    if (this.timer !== null || this.stopped) return
    this.timer = setTimeout(() => this.run(), delayMs)
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
    let read: number
    try {
      read = this.events.indexSearch(BATCH)
    } catch (error) {
      // A text query indexes what is left before it runs; the next commit tries again.
      console.error('[track-debugger] building the search index failed:', error)
      return
    }
    // More than a batch behind: the next batch at the next turn of the event loop.
    if (read === BATCH) this.schedule(0)
  }
}
