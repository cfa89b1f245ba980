/**
 * The smallest and largest value of an indexed column, read from the two
 * ends of its index. Asked as one query, `SELECT min(x), max(x) FROM t`,
 * SQLite scans the whole table (or index): its min/max shortcut applies only
 * to a query with a single min() or max(). On a million-event log that scan
 * took tens of milliseconds, with capture waiting; as two scalar subqueries
 * each end is one index lookup. `query-plans.test.ts` pins the plans.
 */
export function columnSpanSql(table: string, column: string): string {
  return `SELECT (SELECT min(${column}) FROM ${table}) AS lo, (SELECT max(${column}) FROM ${table}) AS hi`
}

export interface ColumnSpan {
  lo: number | null
  hi: number | null
}
