import type { Migration } from './types'

/**
 * Environments, saved payloads and what upstream servers answered to
 * forwards, resends and composed sends. Credentials are deliberately not
 * here: they live encrypted in their own 0600 file (see send/credential-store.ts),
 * so the log can be shared without leaking a key.
 */
export const sendTables: Migration = {
  version: 3,
  name: 'environments, saved payloads, upstream exchanges',
  sql: `
      CREATE TABLE environments (
        id          TEXT    PRIMARY KEY,
        name        TEXT    NOT NULL,
        base_url    TEXT    NOT NULL,
        builtin     INTEGER NOT NULL DEFAULT 0,
        variables   TEXT    NOT NULL DEFAULT '{}',
        position    INTEGER NOT NULL,
        created_at  INTEGER NOT NULL
      ) STRICT;
      -- The local capture URL changes with the port, so 'local' stores none and is resolved at read time.
      INSERT INTO environments (id, name, base_url, builtin, variables, position, created_at) VALUES
        ('production',  'Production',    'https://api.app.thrivestack.ai/api',     1, '{"user_id":"user_123"}', 0, 0),
        ('development', 'Development',   'https://api.dev.app.thrivestack.ai/api', 1, '{"user_id":"user_123"}', 1, 0),
        ('local',       'This debugger', '',                                       1, '{"user_id":"user_123"}', 2, 0);

      CREATE TABLE saved_payloads (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        collection  TEXT    NOT NULL,
        call_type   TEXT    NOT NULL,
        body        TEXT    NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        UNIQUE (collection, name)
      ) STRICT;

      -- One row beside each request that went (or was meant to go) somewhere else,
      -- or was answered with an injected fault.
      CREATE TABLE upstream_exchanges (
        request_id        INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
        kind              TEXT    NOT NULL,
        environment_id    TEXT,
        environment_name  TEXT,
        url               TEXT    NOT NULL,
        method            TEXT    NOT NULL,
        sent_headers      TEXT    NOT NULL,
        sent_body         BLOB,
        status            INTEGER,
        headers           TEXT    NOT NULL DEFAULT '[]',
        body              BLOB,
        latency_ms        INTEGER,
        error             TEXT,
        error_code        TEXT,
        fault             TEXT,
        started_at        INTEGER NOT NULL
      ) STRICT;
    `,
}
