import type { Migration } from './types'

/** The test a call was sent for (the x-track-debugger-test header), so a test's waits see its calls only. */
export const testId: Migration = {
  version: 9,
  name: 'test-id',
  sql: `
      ALTER TABLE events ADD COLUMN test_id TEXT;
      -- Partial: rows captured outside a test cost nothing.
      CREATE INDEX events_test ON events(test_id, id) WHERE test_id IS NOT NULL;
    `,
}
