import type { Migration } from './types'

/**
 * The status and call-type indexes hold only the values worth an index:
 * statuses other than 'valid', call types other than 'track'. Those are the
 * rare rows a filter must find among many; a filter for the common value
 * finds a page by walking ids newest first, as the unfiltered stream does,
 * since most rows match. Most captured calls are valid track calls, so most
 * commits no longer write to either index. The query builder (event-query.ts)
 * adds the index's own condition to a filter that the index can answer,
 * which is how SQLite sees that a partial index applies.
 */
export const partialStatusType: Migration = {
  version: 15,
  name: 'partial-status-type',
  sql: `
      DROP INDEX events_status;
      CREATE INDEX events_status ON events(status, id) WHERE status != 'valid';
      DROP INDEX events_type;
      CREATE INDEX events_type ON events(call_type, id) WHERE call_type != 'track';
    `,
}
