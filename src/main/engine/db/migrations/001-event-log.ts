import type { Migration } from './types'

export const eventLog: Migration = {
  version: 1,
  name: 'event log',
  sql: `
      CREATE TABLE requests (
        id              INTEGER PRIMARY KEY,
        received_at     INTEGER NOT NULL,
        method          TEXT    NOT NULL,
        path            TEXT    NOT NULL,
        query           TEXT    NOT NULL DEFAULT '',
        call_type       TEXT    NOT NULL,
        headers         TEXT    NOT NULL,
        remote_address  TEXT,
        origin          TEXT,
        user_agent      TEXT,
        content_type    TEXT,
        body            BLOB,
        body_size       INTEGER NOT NULL DEFAULT 0,
        body_truncated  INTEGER NOT NULL DEFAULT 0,
        response_status INTEGER NOT NULL,
        response_body   TEXT    NOT NULL DEFAULT '',
        error           TEXT,
        event_count     INTEGER NOT NULL DEFAULT 0,
        status          TEXT    NOT NULL DEFAULT 'unchecked',
        findings        TEXT    NOT NULL DEFAULT '[]',
        entry_origin    TEXT    NOT NULL DEFAULT 'captured',
        parent_id       INTEGER REFERENCES requests(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX requests_received_at ON requests(received_at);
      CREATE INDEX requests_parent ON requests(parent_id) WHERE parent_id IS NOT NULL;

      -- One row per event a request carried; a request that carried none
      -- (bad JSON, preflight, unknown path) gets one row of kind 'request'
      -- so that everything the server received shows in the stream.
      CREATE TABLE events (
        id              INTEGER PRIMARY KEY,
        request_id      INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        kind            TEXT    NOT NULL,
        idx             INTEGER NOT NULL,
        received_at     INTEGER NOT NULL,
        call_type       TEXT    NOT NULL,
        event_name      TEXT,
        user_id         TEXT,
        source          TEXT,
        sent_at         TEXT,
        status          TEXT    NOT NULL DEFAULT 'unchecked',
        findings        TEXT    NOT NULL DEFAULT '[]',
        finding_count   INTEGER NOT NULL DEFAULT 0,
        response_status INTEGER NOT NULL,
        entry_origin    TEXT    NOT NULL DEFAULT 'captured',
        json            TEXT
      ) STRICT;
      CREATE INDEX events_request ON events(request_id);
      CREATE INDEX events_name ON events(event_name, id);
      CREATE INDEX events_user ON events(user_id, id);
      CREATE INDEX events_type ON events(call_type, id);
      CREATE INDEX events_status ON events(status, id);

      -- Small typed settings (capture mode, validation mode, retention...), one JSON value a key.
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
}
