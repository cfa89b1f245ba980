/**
 * When the full-text indexer works (db/search-indexer.ts): a batch is due a
 * moment after a commit, follows at once while more than a batch waits, and
 * merge steps follow each other at once while one merged something, without
 * bringing the next batch forward (small batches make small segments). The
 * repository's two calls are recorded here; what they do to a real log is
 * held by test/integration/search-index.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SearchIndexer } from '../../../src/main/engine/db/search-indexer'

/** Rows waiting to be indexed, merge steps left to do, and every call in order. */
function fakeLog(waiting: number, merges: number) {
  const calls: string[] = []
  const log = {
    waiting,
    merges,
    calls,
    indexSearch(limit: number): number {
      const read = Math.min(limit, log.waiting)
      log.waiting -= read
      calls.push(`index ${read}`)
      return read
    },
    mergeSearch(): boolean {
      calls.push('merge')
      if (log.merges === 0) return false
      log.merges--
      return true
    },
  }
  return log
}

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }))
afterEach(() => vi.useRealTimers())

describe('the search indexer', () => {
  it('indexes a tenth of a second after a commit, a batch per turn while behind, then stops', () => {
    const log = fakeLog(450, 0)
    const indexer = new SearchIndexer(log)
    indexer.schedule()
    vi.advanceTimersByTime(99)
    expect(log.calls).toEqual([])
    vi.advanceTimersByTime(1)
    expect(log.calls).toEqual(['index 200', 'merge'])
    vi.advanceTimersByTime(1)
    vi.advanceTimersByTime(1)
    expect(log.calls).toEqual(['index 200', 'merge', 'index 200', 'merge', 'index 50', 'merge'])
    vi.advanceTimersByTime(10_000)
    expect(log.calls).toHaveLength(6)
  })

  it('merges step by step while a step merged something, and indexes new rows only when due', () => {
    const log = fakeLog(10, 3)
    const indexer = new SearchIndexer(log)
    indexer.schedule()
    vi.advanceTimersByTime(100)
    expect(log.calls).toEqual(['index 10', 'merge'])
    // A commit during the merge steps: its rows wait for their own delay, the steps go on meanwhile.
    log.waiting = 5
    indexer.schedule()
    vi.advanceTimersByTime(1)
    vi.advanceTimersByTime(1)
    vi.advanceTimersByTime(1)
    expect(log.calls).toEqual(['index 10', 'merge', 'merge', 'merge', 'merge'])
    vi.advanceTimersByTime(100)
    expect(log.calls).toEqual(['index 10', 'merge', 'merge', 'merge', 'merge', 'index 5', 'merge'])
    vi.advanceTimersByTime(10_000)
    expect(log.calls).toHaveLength(7)
  })

  it('a deletion with nothing new to index still gets its merge steps', () => {
    const log = fakeLog(0, 2)
    const indexer = new SearchIndexer(log)
    indexer.schedule()
    vi.advanceTimersByTime(100)
    vi.advanceTimersByTime(1)
    vi.advanceTimersByTime(1)
    expect(log.calls).toEqual(['index 0', 'merge', 'merge', 'merge'])
  })

  it('starts nothing once stopped', () => {
    const log = fakeLog(500, 5)
    const indexer = new SearchIndexer(log)
    indexer.schedule()
    vi.advanceTimersByTime(100)
    indexer.stop()
    vi.advanceTimersByTime(10_000)
    indexer.schedule(0)
    vi.advanceTimersByTime(10_000)
    expect(log.calls).toEqual(['index 200', 'merge'])
  })
})
