/**
 * Live verdicts: a session's checklist judged against the events it has
 * captured so far.
 *
 * - met: the count is satisfied (at least n, or exactly n so far) and, for
 *   an ordered expectation, its first event came after the previous ordered
 *   expectation's first event.
 * - failed: can no longer be met (more than `exactly n`, out of order), or
 *   the session has stopped without it being met.
 * - pending: the session is still running and it is not met yet.
 */
import type { Expectation, ExpectationResult, NearMiss } from '../../../shared/contract/sessions'
import { describeExpectation } from '../../../shared/expectation-text'
import { checkEvent, isCandidate, parseEventJson } from './expectations'
import type { SessionEvent } from './session-event'

/** A result lists this many matched ids and near misses; counts stay exact. */
export const MAX_LISTED = 100
const MAX_NEAR_MISSES = 20

export function evaluate(
  expectations: readonly Expectation[],
  events: readonly SessionEvent[],
  running: boolean,
): ExpectationResult[] {
  const parsed = new Map<number, unknown>()
  const rootOf = (event: SessionEvent): unknown => {
    if (!parsed.has(event.id)) parsed.set(event.id, parseEventJson(event))
    return parsed.get(event.id)
  }

  let previousOrdered: { expectation: Expectation; firstId: number | null } | null = null
  return expectations.map((expectation) => {
    const matched: number[] = []
    const nearMisses: NearMiss[] = []
    let matchCount = 0
    let nearMissCount = 0
    let firstId: number | null = null
    for (const event of events) {
      if (!isCandidate(expectation, event)) continue
      const reasons = checkEvent(expectation, rootOf(event))
      if (reasons.length === 0) {
        matchCount++
        firstId ??= event.id
        if (matched.length < MAX_LISTED) matched.push(event.id)
      } else {
        nearMissCount++
        if (nearMisses.length < MAX_NEAR_MISSES) nearMisses.push({ eventId: event.id, reasons })
      }
    }

    const { mode, n } = expectation.count
    let verdict: ExpectationResult['verdict']
    let reason: string
    const seen = `${matchCount} matching event${matchCount === 1 ? '' : 's'}`
    const misses =
      nearMissCount > 0
        ? `; ${nearMissCount} event${nearMissCount === 1 ? '' : 's'} of that name did not meet the conditions`
        : ''
    if (mode === 'exactly' && matchCount > n) {
      verdict = 'failed'
      reason = `${seen}, expected exactly ${n}.`
    } else if (mode === 'exactly' ? matchCount === n : matchCount >= n) {
      verdict = 'met'
      reason = `${seen} (${mode === 'exactly' ? 'exactly' : 'at least'} ${n} expected).`
    } else {
      verdict = running ? 'pending' : 'failed'
      reason = `${seen}, ${mode === 'exactly' ? 'exactly' : 'at least'} ${n} expected${misses}${running ? '' : '; the session ended'}.`
    }

    if (expectation.ordered) {
      const prev = previousOrdered
      if (prev && firstId !== null && (prev.firstId === null || firstId < prev.firstId)) {
        verdict = 'failed'
        reason = `Out of order: its first event #${firstId} came before any event meeting “${describeExpectation(prev.expectation)}”.`
      }
      previousOrdered = { expectation, firstId }
    }

    return { expectation, verdict, matchedIds: matched, matchCount, nearMisses, reason }
  })
}

export function tally(results: readonly ExpectationResult[]): {
  met: number
  failed: number
  pending: number
} {
  let met = 0
  let failed = 0
  let pending = 0
  for (const r of results) {
    if (r.verdict === 'met') met++
    else if (r.verdict === 'failed') failed++
    else pending++
  }
  return { met, failed, pending }
}
