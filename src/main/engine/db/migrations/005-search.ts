import type { Migration } from './types'

/**
 * Full-text search and the indexes the stream's filters need at a million
 * rows.
 *
 * `events_fts` is a contentless FTS5 index (it stores tokens, not text, so
 * it adds a fraction of the log's size) over event name, user id and the
 * event's property/trait keys and values. Rows are added by the event
 * repository in code rather than by a json_tree() trigger, which costs
 * several times more per event; since migration 10 just after the commit
 * (db/search-indexer.ts) rather than inside it. Deletes go through a trigger so
 * that every way of removing events (retention, cascades from requests)
 * keeps the index in step; `search_sync_paused` lets a whole-log clear skip
 * that per-row work and empty the index in one step instead.
 */
export const search: Migration = {
  version: 5,
  name: 'search and retention indexes',
  sql: `
      CREATE VIRTUAL TABLE events_fts USING fts5(
        name, user, props,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TABLE search_sync_paused (one INTEGER PRIMARY KEY CHECK (one = 1)) STRICT;
      CREATE TRIGGER events_fts_delete AFTER DELETE ON events
        WHEN NOT EXISTS (SELECT 1 FROM search_sync_paused)
      BEGIN
        DELETE FROM events_fts WHERE rowid = old.id;
      END;

      -- Existing rows: the same text the repository writes, built in SQL once.
      INSERT INTO events_fts (rowid, name, user, props)
        SELECT id, event_name, user_id,
          (SELECT group_concat(key || ' ' || coalesce(atom, 'null'), ' ') FROM (
             SELECT key, atom FROM json_tree(CASE WHEN json_valid(json) THEN json END, '$.properties')
               WHERE type NOT IN ('object', 'array')
             UNION ALL
             SELECT key, atom FROM json_tree(CASE WHEN json_valid(json) THEN json END, '$.traits')
               WHERE type NOT IN ('object', 'array')))
        FROM events WHERE kind = 'event';

      -- Date filters (after:/before:). call_type rides along so the stream's default
      -- "no protocol rows" condition is answered from the index without reading rows.
      CREATE INDEX events_received ON events(received_at, call_type);
      -- Counting events (all rows minus request-only rows) without reading every row.
      CREATE INDEX events_request_rows ON events(request_id) WHERE kind = 'request';
    `,
}
