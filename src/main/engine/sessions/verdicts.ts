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

/** One expectation's judging so far: what the events folded in have shown. */
interface Progress {
  matched: number[]
  nearMisses: NearMiss[]
  matchCount: number
  nearMissCount: number
  firstId: number | null
}

/**
 * A checklist being judged event by event. Folding a session's events in
 * id order, in one go or a few at a time as they arrive, leaves the same
 * state (verdicts depend on counts, first ids and the first few ids listed),
 * so a running session's live verdicts read only its new events.
 */
export interface Judging {
  readonly expectations: readonly Expectation[]
  readonly progress: Progress[]
  /** The id of the last event folded in; later calls must bring only newer ones. */
  lastId: number
}

export function startJudging(expectations: readonly Expectation[]): Judging {
  return {
    expectations,
    progress: expectations.map(() => ({
      matched: [],
      nearMisses: [],
      matchCount: 0,
      nearMissCount: 0,
      firstId: null,
    })),
    lastId: 0,
  }
}

/** Folds in `events`, oldest first, all newer than what was folded before. */
export function judgeMore(judging: Judging, events: readonly SessionEvent[]): void {
  const parsed = new Map<number, unknown>()
  const rootOf = (event: SessionEvent): unknown => {
    if (!parsed.has(event.id)) parsed.set(event.id, parseEventJson(event))
    return parsed.get(event.id)
  }
  judging.expectations.forEach((expectation, i) => {
    const p = judging.progress[i] as Progress
    for (const event of events) {
      if (event.id <= judging.lastId) continue
      if (!isCandidate(expectation, event)) continue
      const reasons = checkEvent(expectation, rootOf(event))
      if (reasons.length === 0) {
        p.matchCount++
        p.firstId ??= event.id
        if (p.matched.length < MAX_LISTED) p.matched.push(event.id)
      } else {
        p.nearMissCount++
        if (p.nearMisses.length < MAX_NEAR_MISSES) p.nearMisses.push({ eventId: event.id, reasons })
      }
    }
  })
  let lastId = judging.lastId
  for (const event of events) if (event.id > lastId) lastId = event.id
  judging.lastId = lastId
}

/** The verdicts the events folded in so far give; `running`: the session may still see more. */
export function verdictsOf(judging: Judging, running: boolean): ExpectationResult[] {
  let previousOrdered: { expectation: Expectation; firstId: number | null } | null = null
  return judging.expectations.map((expectation, i) => {
    const { matched, nearMisses, matchCount, nearMissCount, firstId } = judging.progress[i] as Progress
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

    return {
      expectation,
      verdict,
      matchedIds: [...matched],
      matchCount,
      nearMisses: [...nearMisses],
      reason,
    }
  })
}

export function evaluate(
  expectations: readonly Expectation[],
  events: readonly SessionEvent[],
  running: boolean,
): ExpectationResult[] {
  const judging = startJudging(expectations)
  judgeMore(judging, events)
  return verdictsOf(judging, running)
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
