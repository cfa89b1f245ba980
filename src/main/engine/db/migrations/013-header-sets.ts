import type { Migration } from './types'

/**
 * The capture port answers every call with the same few header sets (CORS,
 * content type and length): stored with each request they were 287 of the
 * ~1,500 bytes a captured call took, the same bytes over and over. A set
 * the writer meets a second time is stored once in `header_sets`, and the
 * request keeps its id in `response_headers_set` with `response_headers`
 * NULL; a set met once (an upstream's answer with its Date and request id)
 * stays inline. Readers take `coalesce(response_headers, the set's json)`
 * (request-repository.ts `RESPONSE_HEADERS`). Sets are never deleted while
 * a request may use them; clearing the log empties the table.
 */
export const headerSets: Migration = {
  version: 13,
  name: 'header-sets',
  sql: `
      CREATE TABLE header_sets (
        id INTEGER PRIMARY KEY,
        json TEXT NOT NULL UNIQUE
      ) STRICT;
      ALTER TABLE requests ADD COLUMN response_headers_set INTEGER;
    `,
}
