/**
 * Which stream rows a deletion removed, as the span of their ids (inclusive).
 * Retention deletes a chunk of requests at a time, and with them their rows:
 * what keeps counts or judgements of rows (plan coverage, session verdicts)
 * forgets only what lies in the span, not everything, so a log held at its
 * limit does not count itself again after every step. No span means
 * everything may have gone (a clear).
 */
export interface DeletedIds {
  from: number
  to: number
  /**
   * What went, when the deleter counted it (retention does, in the same
   * transaction): the log's kept counts subtract it instead of counting
   * the whole log again.
   */
  counted?: {
    requests: number
    /** Events only: request-only rows are stream rows but not events. */
    events: number
    /** The highest request id deleted. */
    lastRequestId: number
  }
}

/** Whether rows with ids from `lo` to `hi` may have lost some to the deletion. */
export function touches(deleted: DeletedIds | undefined, lo: number, hi: number): boolean {
  return deleted === undefined || (deleted.from <= hi && deleted.to >= lo)
}
