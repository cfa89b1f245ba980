/**
 * What a validator sees and says. The capture path, re-validation of the
 * log and the editor all go through the same `Validator`, so a finding
 * means the same thing wherever it shows.
 */
import type { CallType, Finding, Status } from '../../../shared/model'

export interface CallContext {
  callType: CallType
  /** When the debugger received the call (epoch ms): timestamps are judged against it. */
  receivedAt: number
  /** Decoded body size in bytes. */
  bodyBytes: number
  /** The body was a single object rather than an array. */
  singleObject: boolean
  eventCount: number
}

export interface Validator {
  /** Findings about the request as a whole (body shape, batch size). Paths point into the body. */
  validateRequest(ctx: CallContext, body: unknown): Finding[]
  /**
   * Findings about one event. Paths point into the event. `json` is the
   * event's exact text when known, the text `event` was parsed from, for
   * what parsing hides (duplicate keys, integers beyond 2^53).
   */
  validateEvent(ctx: CallContext, event: unknown, index: number, json?: string): Finding[]
}

export function statusOf(findings: readonly Finding[]): Status {
  if (findings.some((f) => f.severity === 'error')) return 'invalid'
  if (findings.some((f) => f.severity === 'warning')) return 'warnings'
  return 'valid'
}

/** The worse of two statuses, for a request whose events disagree. */
export function worstStatus(statuses: Iterable<Status>): Status {
  const rank: Record<Status, number> = { unchecked: 0, valid: 1, warnings: 2, invalid: 3 }
  let worst: Status = 'valid'
  for (const s of statuses) if (rank[s] > rank[worst]) worst = s
  return worst
}
