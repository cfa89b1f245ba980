import type { Migration } from './types'

/** The user's tracking plan: one current plan, kept exactly as written (format + source text). */
export const trackingPlan: Migration = {
  version: 2,
  name: 'tracking plan',
  sql: `
      CREATE TABLE tracking_plan (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        format     TEXT    NOT NULL,
        source     TEXT    NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
}
