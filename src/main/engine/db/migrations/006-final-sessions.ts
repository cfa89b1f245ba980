import type { Migration } from './types'

/**
 * A stopped session keeps its final verdicts and the evidence behind them,
 * so retention or clearing the log cannot change what it reported. Sessions
 * stopped before this column existed are finalised from what is left of
 * their events the first time they are read.
 */
export const finalSessions: Migration = {
  version: 6,
  name: 'final-sessions',
  sql: `
      -- JSON: { frozenAt, eventCount, results } taken when the session stopped.
      ALTER TABLE sessions ADD COLUMN final_results TEXT;
      -- JSON: the evidence (counts, findings, quoted events) taken at the same moment.
      ALTER TABLE sessions ADD COLUMN final_evidence TEXT;
    `,
}
