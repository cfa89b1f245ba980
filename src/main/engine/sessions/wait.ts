/**
 * Waiting for events instead of polling for them: a test (or a CI script)
 * asks for an expectation — the same shape, and the same matching, as a QA
 * session's checklist — and gets an answer as soon as matching calls are
 * committed, or at its timeout the events that came closest and why.
 *
 * A wait re-checks only when a committed row could be a candidate (its
 * call type and name), so a thousand waits cost nothing while unrelated
 * calls arrive. It is bounded in time and ends at once when its caller
 * goes away.
 */
import type {
  Expectation,
  ExpectationResult,
  SimilarName,
  WaitOutcome,
} from '../../../shared/contract/sessions'
import type { EventSummary } from '../../../shared/model'
import type { Db } from '../db/database'
import { isCandidate } from './expectations'
import type { SessionEvent } from './session-event'
import { SESSION_EVENT_COLUMNS, toSessionEvent } from './session-repository'
import { evaluate } from './verdicts'

/** Candidates looked at per check: the newest this many are judged (counts beyond it are capped). */
const MAX_CANDIDATES = 5_000
const MAX_SIMILAR = 5

export interface WaitScope {
  /** Only events of this QA session. */
  session?: number
  /** Only events after this id (what a test saw before it acted). */
  afterId?: number
  /** Only events of calls sent for this test (the x-track-debugger-test header). */
  testId?: string
}

type Subscribe = (listener: (rows: readonly EventSummary[]) => void) => () => void

/** Lowercase letters and digits only: `Sign-Up`, `sign_up` and `signup` are one name. */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    prev = cur
  }
  return prev[b.length] as number
}

/** Is `candidate` plausibly a misspelling of `wanted`? */
export function looksLike(wanted: string, candidate: string): boolean {
  if (wanted === candidate) return false
  const a = squash(wanted)
  const b = squash(candidate)
  if (a === b) return true
  return a.length >= 4 && distance(a, b) <= (a.length >= 8 ? 2 : 1)
}

export class EventWaiter {
  private open = 0
  private readonly lastId
  private readonly names

  constructor(
    private readonly db: Db,
    private readonly subscribe: Subscribe,
  ) {
    this.lastId = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck()
    this.names = db.prepare(
      `SELECT event_name AS eventName, count(*) AS count FROM events
        WHERE kind = 'event' AND call_type = ? AND event_name IS NOT NULL AND id > ?
          AND (? IS NULL OR session_id = ?) AND (? IS NULL OR test_id = ?)
        GROUP BY event_name ORDER BY count DESC LIMIT 500`,
    )
  }

  /** Waits in progress (each holds one listener on the commit path). */
  get openWaits(): number {
    return this.open
  }

  /** The newest row's id: a test records it before it acts, and waits for events after it. */
  private lastEventId(): number {
    return this.lastId.get() as number
  }

  /** Judges the expectation now, against what is already in the log. */
  check(expectation: Expectation, scope: WaitScope = {}): ExpectationResult {
    return evaluate([expectation], this.candidates(expectation, scope), true)[0] as ExpectationResult
  }

  /**
   * Resolves when the expectation is met (or can no longer be: more than
   * `exactly n`), when `timeoutMs` passes, or when `signal` aborts.
   */
  async wait(
    expectation: Expectation,
    scope: WaitScope,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<WaitOutcome> {
    const started = performance.now()
    let result = this.check(expectation, scope)
    if (result.verdict === 'pending' && !signal?.aborted) {
      this.open++
      result = await new Promise<ExpectationResult>((resolve) => {
        let latest = result
        let recheck: NodeJS.Immediate | null = null
        const finish = (): void => {
          clearTimeout(timer)
          if (recheck) clearImmediate(recheck)
          unsubscribe()
          signal?.removeEventListener('abort', finish)
          resolve(latest)
        }
        const timer = setTimeout(finish, timeoutMs)
        // Called on the commit path: only note that a candidate arrived, and judge after the answers go out.
        const unsubscribe = this.subscribe((rows) => {
          if (recheck || !rows.some((r) => r.kind === 'event' && isCandidate(expectation, asCandidate(r))))
            return
          recheck = setImmediate(() => {
            recheck = null
            latest = this.check(expectation, scope)
            if (latest.verdict !== 'pending') finish()
          })
        })
        signal?.addEventListener('abort', finish, { once: true })
      }).finally(() => this.open--)
    }
    const met = result.verdict === 'met'
    const similarNames =
      met || expectation.eventName === null || result.matchCount + result.nearMisses.length > 0
        ? []
        : this.similarNames(expectation, scope)
    return {
      met,
      result,
      similarNames,
      waitedMs: Math.round(performance.now() - started),
      lastEventId: this.lastEventId(),
      message: explain(expectation, result, similarNames, met),
    }
  }

  private candidates(e: Expectation, scope: WaitScope): SessionEvent[] {
    const where = ["kind = 'event'", 'call_type = ?']
    const params: unknown[] = [e.callType]
    if (e.eventName !== null) {
      where.push('event_name = ?')
      params.push(e.eventName)
    }
    if (scope.afterId !== undefined) {
      where.push('id > ?')
      params.push(scope.afterId)
    }
    if (scope.session !== undefined) {
      where.push('session_id = ?')
      params.push(scope.session)
    }
    if (scope.testId !== undefined) {
      where.push('test_id = ?')
      params.push(scope.testId)
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT ${SESSION_EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${MAX_CANDIDATES}) ORDER BY id`,
      )
      .all(...params) as Parameters<typeof toSessionEvent>[0][]
    return rows.map(toSessionEvent)
  }

  private similarNames(e: Expectation, scope: WaitScope): SimilarName[] {
    const wanted = e.eventName as string
    const session = scope.session ?? null
    const test = scope.testId ?? null
    const rows = this.names.all(e.callType, scope.afterId ?? 0, session, session, test, test) as SimilarName[]
    return rows.filter((r) => looksLike(wanted, r.eventName)).slice(0, MAX_SIMILAR)
  }
}

/** What a row summary says about candidacy: its type and name. */
function asCandidate(r: EventSummary): SessionEvent {
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    callType: r.callType,
    eventName: r.eventName,
    userId: r.userId,
    status: r.status,
    findings: [],
    json: null,
  }
}

function explain(e: Expectation, r: ExpectationResult, similar: SimilarName[], met: boolean): string {
  const name = e.eventName === null ? `any ${e.callType} call` : `"${e.eventName}"`
  if (met) return r.reason
  const lines = [r.reason]
  if (r.nearMisses.length > 0) {
    lines.push(`Closest ${name} events:`)
    for (const m of r.nearMisses.slice(0, 3)) lines.push(`  #${m.eventId}: ${m.reasons.join('; ')}`)
  } else if (r.matchCount === 0 && e.eventName !== null) {
    lines.push(
      similar.length > 0
        ? `No ${name} event; similar: ${similar.map((s) => `"${s.eventName}" ×${s.count}`).join(', ')}.`
        : `No ${name} event, and none with a similar name.`,
    )
  }
  return lines.join('\n')
}
