import type { Migration } from './types'

/**
 * The full-text index's segments are merged by the indexer in bounded steps
 * (search-indexer.ts), not by FTS5 inside whichever indexing batch crosses
 * its `automerge` threshold. Under capture load at 32 connections, one batch
 * in fifteen took 5 to 35 ms instead of 2 while every capture arriving
 * meanwhile waited; with steps of 32 pages, almost none passed 5 ms, and
 * capture p99 on a memory-backed log fell from 12–16 ms to 9–10 ms. The
 * merging costs about 1.7 µs of CPU more per request than FTS5's own
 * (measured side by side). FTS5's `crisismerge` (a whole level merged at
 * once, at 16 segments) stays as the bound if the steps ever fall behind.
 */
export const searchMergeSteps: Migration = {
  version: 14,
  name: 'search-merge-steps',
  sql: `
      INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 0);
    `,
}
