import type { Migration } from './types'

/**
 * How long each call took to answer and how big the answer was, for the
 * stream's latency and size columns. Older rows (and imports) have none.
 */
export const answerTiming: Migration = {
  version: 7,
  name: 'answer-timing',
  sql: `
      ALTER TABLE requests ADD COLUMN latency_ms INTEGER;
      ALTER TABLE events ADD COLUMN latency_ms INTEGER;
      ALTER TABLE events ADD COLUMN response_bytes INTEGER;
    `,
}
