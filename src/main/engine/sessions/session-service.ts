/**
 * Sessions as the UI and the automation API see them: exactly one active at
 * a time (starting one stops the previous). A running session's checklist
 * is judged live against the events captured so far; when it stops, its
 * verdicts and the evidence behind them are kept with it and never change
 * again, whatever later happens to the log.
 */
import type {
  ExpectationResult,
  SessionComparison,
  SessionDetail,
  SessionSummary,
} from '../../../shared/contract/sessions'
import type { SessionStartInput, SessionUpdateInput } from '../../../shared/contract/sessions.schemas'
import type { Db } from '../db/database'
import { touches, type DeletedIds } from '../db/deleted-ids'
import { BadInputError, NotFoundError } from '../errors'
import { compareSessions } from './compare'
import type { FrozenSession, SessionEvidence } from './evidence'
import { EvidenceReader } from './evidence-reader'
import { normalizeExpectations } from './expectations'
import { SessionRepository, type StoredSession } from './session-repository'
import { evaluate, judgeMore, startJudging, tally, verdictsOf, type Judging } from './verdicts'

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim()
  return t ? t : null
}

export class SessionService {
  readonly repo: SessionRepository
  /**
   * Live verdicts per running session: the judging so far, the session's event count and the last
   * id it covers, and its checklist. Lists and pushes ask often; when events have arrived since, only
   * those are judged (the UI asks every 0.3 s while events arrive, and judging a whole large
   * session each time held capture). A deletion that reaches the session's events (forgetLive) or
   * a new checklist starts the judging over.
   */
  private readonly cache = new Map<
    number,
    {
      checklist: string
      judging: Judging
      /** The oldest event id the judging covers (0 if the session had none when it started). */
      first: number
      last: number
      results: ExpectationResult[]
      eventCount: number
    }
  >()
  /** Events of stopped sessions still in the log, with the span of their ids (see remainingEvents). */
  private readonly remaining = new Map<number, { count: number; first: number; last: number }>()
  /** Final verdicts of stopped sessions: written once, so cached for good. */
  private readonly finals = new Map<number, FrozenSession>()
  /** Evidence of sessions just stopped, being read from the snapshot their stop left. */
  private readonly freezing = new Map<number, Promise<SessionEvidence>>()
  private readonly reader: EvidenceReader

  constructor(
    db: Db,
    private readonly onChanged: (active: SessionSummary | null) => void = () => {},
    private readonly now: () => number = Date.now,
    /** Capture's turn while evidence is read (the engine's yieldToCapture). */
    pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ) {
    this.repo = new SessionRepository(db)
    this.reader = new EvidenceReader(db, pause)
  }

  activeId(): number | null {
    return this.repo.activeId()
  }

  list(): SessionSummary[] {
    return this.repo.list().map((s) => summaryOf(this.detail(s)))
  }

  get(id: number): SessionDetail | null {
    const s = this.repo.get(id)
    return s ? this.detail(s) : null
  }

  require(id: number): StoredSession {
    const s = this.repo.get(id)
    if (!s) throw new NotFoundError(`There is no session ${id}.`)
    return s
  }

  active(): SessionDetail | null {
    const id = this.repo.activeId()
    return id === null ? null : this.get(id)
  }

  start(input: SessionStartInput): SessionDetail {
    const startedAt = this.now()
    const { id, stopped } = this.repo.transaction(() => {
      const active = this.repo.activeId()
      const stopped = active === null ? null : { id: active, results: this.stopAndJudge(active, startedAt) }
      const id = this.repo.insert({
        name: input.name.trim(),
        tester: clean(input.tester),
        appVersion: clean(input.appVersion),
        device: clean(input.device),
        notes: clean(input.notes),
        expectations: normalizeExpectations(input.expectations ?? []),
        startedAt,
      })
      return { id, stopped }
    })
    if (stopped) void this.keepEvidence(stopped.id, stopped.results)
    const detail = this.get(id) as SessionDetail
    this.onChanged(summaryOf(detail))
    return detail
  }

  update(input: SessionUpdateInput): SessionDetail {
    const s = this.require(input.id)
    if (s.stoppedAt !== null)
      throw new BadInputError(
        `Session ${s.id} has stopped: its record is final, so its report reads the same tomorrow. Start a new session to check again.`,
      )
    const next: StoredSession = {
      ...s,
      name: input.name?.trim() ?? s.name,
      tester: input.tester !== undefined ? clean(input.tester) : s.tester,
      appVersion: input.appVersion !== undefined ? clean(input.appVersion) : s.appVersion,
      device: input.device !== undefined ? clean(input.device) : s.device,
      notes: input.notes !== undefined ? clean(input.notes) : s.notes,
      expectations: input.expectations ? normalizeExpectations(input.expectations) : s.expectations,
    }
    this.repo.update(next)
    const detail = this.get(s.id) as SessionDetail
    this.onChanged(this.activeSummary())
    return detail
  }

  stop(id: number): SessionDetail {
    const s = this.require(id)
    if (s.stoppedAt !== null) throw new BadInputError(`Session ${id} was already stopped.`)
    const results = this.repo.transaction(() => this.stopAndJudge(id, this.now()))
    // Right after the commit, in the same turn: the snapshot the evidence is read from is the log this stop judged.
    void this.keepEvidence(id, results)
    this.onChanged(null)
    return this.get(id) as SessionDetail
  }

  /** Resolves once the evidence of every stopped session is kept (the engine waits for it before closing). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.freezing.values()])
  }

  /**
   * Events were deleted: the live verdicts of a session that may have lost events are judged afresh
   * at the next ask, and such a stopped session's events counted again. Retention says which ids
   * it removed, and deletes the oldest first, so a session newer than that keeps what it has; a
   * clear says nothing, and every session starts over.
   */
  forgetLive(deleted?: DeletedIds): void {
    for (const [id, live] of this.cache) if (touches(deleted, live.first, live.last)) this.cache.delete(id)
    for (const [id, kept] of this.remaining)
      if (touches(deleted, kept.first, kept.last)) this.remaining.delete(id)
  }

  /**
   * How many of a stopped session's events the log still holds. Counting them reads every one of
   * them, and lists ask for every session every 0.3 s while events arrive; a stopped session gains
   * no events (imports are not tagged with one), so the count changes only with a deletion.
   */
  private remainingEvents(id: number): number {
    let kept = this.remaining.get(id)
    if (kept === undefined) this.remaining.set(id, (kept = this.repo.version(id)))
    return kept.count
  }

  delete(id: number): boolean {
    this.cache.delete(id)
    this.remaining.delete(id)
    this.finals.delete(id)
    const wasActive = this.repo.activeId() === id
    const deleted = this.repo.delete(id)
    if (deleted) this.onChanged(wasActive ? null : this.activeSummary())
    return deleted
  }

  deleteAll(): number {
    this.cache.clear()
    this.remaining.clear()
    this.finals.clear()
    const n = this.repo.deleteAll()
    this.onChanged(null)
    return n
  }

  async compare(a: number, b: number): Promise<SessionComparison> {
    const [sa, sb] = [this.require(a), this.require(b)]
    return compareSessions(sa, await this.evidence(a), sb, await this.evidence(b))
  }

  /** What reports and comparisons quote: kept from the stop for a stopped session, gathered now for a running one. */
  async evidence(id: number): Promise<SessionEvidence> {
    const s = this.require(id)
    if (s.stoppedAt === null) return this.reader.gather(id, this.results(s).results)
    const kept = this.repo.finalEvidence(id) ?? this.freezing.get(id)
    if (kept) return kept
    // Stopped before its evidence was kept (the app closed first): what the log holds now is all there is.
    return this.keepEvidence(id, this.final(s).results)
  }

  /** Stops a session and keeps its final verdicts, inside the caller's transaction; returns them. */
  private stopAndJudge(id: number, at: number): ExpectationResult[] {
    this.repo.stop(id, at)
    return this.judge(this.require(id)).results
  }

  /** Reads a stopped session's evidence from a snapshot taken now, and keeps it with the session. */
  private keepEvidence(id: number, results: readonly ExpectationResult[]): Promise<SessionEvidence> {
    const gathering = this.reader.gather(id, results)
    this.freezing.set(id, gathering)
    void gathering
      .then((evidence) => this.repo.keepEvidence(id, evidence))
      .catch((error: unknown) =>
        console.error(`[track-debugger] keeping session ${id}'s evidence failed:`, error),
      )
      .finally(() => this.freezing.delete(id))
    return gathering
  }

  /** Judges a stopped session one last time and keeps its verdicts. */
  private judge(s: StoredSession): FrozenSession {
    const results = evaluate(s.expectations, this.repo.candidateEvents(s.id, s.expectations), false)
    const final: FrozenSession = { frozenAt: this.now(), eventCount: this.repo.version(s.id).count, results }
    this.repo.keepResults(s.id, final)
    this.cache.delete(s.id)
    this.finals.set(s.id, final)
    return final
  }

  /** A stopped session's final verdicts (finalised now if it was stopped before they were kept). */
  private final(s: StoredSession): FrozenSession {
    const known = this.finals.get(s.id) ?? this.repo.finalResults(s.id)
    if (known) {
      this.finals.set(s.id, known)
      return known
    }
    return this.judge(s)
  }

  private activeSummary(): SessionSummary | null {
    const id = this.repo.activeId()
    const detail = id === null ? null : this.get(id)
    return detail ? summaryOf(detail) : null
  }

  /** A running session's live verdicts. */
  private results(s: StoredSession): { results: ExpectationResult[]; eventCount: number } {
    const checklist = JSON.stringify(s.expectations)
    const hit = this.cache.get(s.id)
    if (hit && hit.checklist === checklist) {
      // No deletion has reached it since (forgetLive), so what changed is events added after the last one judged.
      const last = this.repo.lastEventId(s.id)
      if (last === hit.last) return hit
      if (last > hit.last) {
        // The judging held no event yet: from now on it covers events from the session's first.
        if (hit.first === 0) hit.first = this.repo.firstEventId(s.id)
        hit.eventCount += this.repo.countSince(s.id, hit.last)
        judgeMore(hit.judging, this.repo.candidateEvents(s.id, s.expectations, hit.last))
        hit.last = last
        hit.results = verdictsOf(hit.judging, true)
        return hit
      }
    }
    const version = this.repo.version(s.id)
    const judging = startJudging(s.expectations)
    judgeMore(judging, this.repo.candidateEvents(s.id, s.expectations))
    const entry = {
      checklist,
      judging,
      first: version.first,
      last: version.last,
      results: verdictsOf(judging, true),
      eventCount: version.count,
    }
    this.cache.set(s.id, entry)
    return entry
  }

  private detail(s: StoredSession): SessionDetail {
    let results: ExpectationResult[]
    let eventCount: number
    let prunedEvents = 0
    if (s.stoppedAt === null) ({ results, eventCount } = this.results(s))
    else {
      ;({ results, eventCount } = this.final(s))
      prunedEvents = Math.max(0, eventCount - this.remainingEvents(s.id))
    }
    const counts = tally(results)
    return {
      ...info(s),
      eventCount,
      prunedEvents,
      expectationCount: s.expectations.length,
      ...counts,
      results,
      passed: counts.met === results.length,
    }
  }
}

/** A detail without its per-expectation results: what pushes and lists carry. */
export function summaryOf(d: SessionDetail): SessionSummary {
  const { results: _results, passed: _passed, ...summary } = d
  return summary
}

function info(s: StoredSession): Omit<StoredSession, 'expectations'> {
  return {
    id: s.id,
    name: s.name,
    tester: s.tester,
    appVersion: s.appVersion,
    device: s.device,
    notes: s.notes,
    startedAt: s.startedAt,
    stoppedAt: s.stoppedAt,
  }
}
