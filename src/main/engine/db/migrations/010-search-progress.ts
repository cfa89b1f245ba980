import type { Migration } from './types'

/**
 * The full-text index is built just after the commit instead of inside it
 * (db/search-indexer.ts). `indexed_through` is the highest event id the
 * index has caught up to, moved in the same transaction as the index rows:
 * a crash between a commit and its indexing leaves the mark where it was,
 * and the engine indexes the rest when it starts. Every row present now was
 * indexed with it.
 */
export const searchProgress: Migration = {
  version: 10,
  name: 'search-progress',
  sql: `
      CREATE TABLE search_progress (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        indexed_through INTEGER NOT NULL
      ) STRICT;
      INSERT INTO search_progress (one, indexed_through) SELECT 1, coalesce(max(id), 0) FROM events;
    `,
}
