import type { Migration } from './types'

/**
 * One copy of each event (db/request-body.ts): a request's stored body may
 * have its events' JSON cut out (`body_cut` = 1), each event keeping in
 * `body_at` where its bytes go back. Rows written before keep their bodies
 * whole (`body_cut` = 0, `body_at` NULL), and read as they always did.
 */
export const bodyCut: Migration = {
  version: 11,
  name: 'body-cut',
  sql: `
      ALTER TABLE requests ADD COLUMN body_cut INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN body_at INTEGER;
    `,
}
