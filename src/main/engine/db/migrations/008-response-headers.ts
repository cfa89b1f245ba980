import type { Migration } from './types'

/** The headers each answer went out with, for the detail pane and HAR exports. Older rows have none. */
export const responseHeaders: Migration = {
  version: 8,
  name: 'response-headers',
  sql: `
      -- JSON array of [name, value] pairs; NULL when not recorded (older rows, imports without them).
      ALTER TABLE requests ADD COLUMN response_headers TEXT;
    `,
}
