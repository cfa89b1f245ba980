import type { Migration } from './types'

/**
 * Deleting rows from the full-text index (retention, a request's removal)
 * leaves tombstones in its segments; FTS5 rewrites a segment once they
 * reach `deletemerge` percent of it (default 10). Retention deletes the
 * oldest rows, which sit in the biggest segments, so at 10 % those were
 * rewritten again and again: deleting 86,000 of 100,000 seeded events
 * took 88 µs per event, 58 of them in the index. At 50 it took 48 µs,
 * and the index ended 1.8 MB instead of 1.6 MB; at 0 (never) 44 µs, but
 * the index kept its 11 MB and searches slowed tenfold.
 */
export const searchDeleteMerge: Migration = {
  version: 12,
  name: 'search-delete-merge',
  sql: `
      INSERT INTO events_fts (events_fts, rank) VALUES ('deletemerge', 50);
    `,
}
