import type { Migration } from './types'

/**
 * QA verification sessions. Captured rows carry the session that was active
 * when they were committed; deleting a session leaves its rows in the log.
 */
export const sessions: Migration = {
  version: 4,
  name: 'sessions',
  sql: `
      CREATE TABLE sessions (
        id           INTEGER PRIMARY KEY,
        name         TEXT    NOT NULL,
        tester       TEXT,
        app_version  TEXT,
        device       TEXT,
        notes        TEXT,
        -- JSON array of normalised expectations.
        expectations TEXT    NOT NULL DEFAULT '[]',
        started_at   INTEGER NOT NULL,
        stopped_at   INTEGER
      ) STRICT;
      -- At most one session is active (not stopped) at a time.
      CREATE UNIQUE INDEX sessions_one_active ON sessions((1)) WHERE stopped_at IS NULL;

      ALTER TABLE requests ADD COLUMN session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL;
      ALTER TABLE events ADD COLUMN session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL;
      CREATE INDEX events_session ON events(session_id, id) WHERE session_id IS NOT NULL;
      CREATE INDEX requests_session ON requests(session_id) WHERE session_id IS NOT NULL;
    `,
}
