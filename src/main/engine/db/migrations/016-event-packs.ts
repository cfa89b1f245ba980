import type { Migration } from './types'

/**
 * Cold events' JSON, compressed together (db/event-packs.ts). A packed
 * event row keeps every column but `json`, which is NULL, and names its
 * pack; `event_packs` holds the pack's events' JSON, deflated as one block.
 * Pack ids come from AUTOINCREMENT so that a connection's cache of opened
 * packs can never meet a reused id. `event_pack_live` counts each pack's
 * rows still in the log, in a table of small rows of its own: SQLite
 * rewrites a whole row on update, and counting down in the pack's own row
 * rewrote its 4.5 KB for every event deleted. The trigger drops a pack with
 * its last row, whatever deleted it (retention, a clear). `packed_through`
 * is how far the packer has looked, moved in the same transaction as the
 * pack.
 */
export const eventPacks: Migration = {
  version: 16,
  name: 'event-packs',
  sql: `
      ALTER TABLE events ADD COLUMN pack INTEGER;
      CREATE TABLE event_packs (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        data  BLOB    NOT NULL
      ) STRICT;
      CREATE TABLE event_pack_live (
        pack  INTEGER PRIMARY KEY,
        rows  INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE pack_progress (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        packed_through INTEGER NOT NULL
      ) STRICT;
      INSERT INTO pack_progress (one, packed_through) VALUES (1, 0);
      CREATE TRIGGER events_pack_release AFTER DELETE ON events WHEN old.pack IS NOT NULL
      BEGIN
        UPDATE event_pack_live SET rows = rows - 1 WHERE pack = old.pack;
        DELETE FROM event_packs WHERE id = old.pack
          AND (SELECT rows FROM event_pack_live WHERE pack = old.pack) <= 0;
        DELETE FROM event_pack_live WHERE pack = old.pack AND rows <= 0;
      END;
    `,
}
