/**
 * Sessions as the UI and the automation API see them: exactly one active at
 * a time (starting one stops the previous), each with its checklist judged
 * live against the events captured while it ran.
 */
import type {
  ExpectationResult,
  SessionComparison,
  SessionDetail,
  SessionStartInput,
  SessionSummary,
  SessionUpdateInput,
} from '../../../shared/contract/sessions'
import type { Db } from '../db/database'
import { BadInputError } from '../types'
import { compareSessions } from './compare'
import { normalizeExpectations } from './expectations'
import { SessionRepository, type SessionEvent, type StoredSession } from './session-repository'
import { evaluate, tally } from './verdicts'

/** A session id that does not exist: bad input over RPC, a 404 in the automation API. */
export class NotFoundError extends BadInputError {
  constructor(message: string) {
    super(message)
    this.name = 'NotFoundError'
  }
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim()
  return t ? t : null
}

export class SessionService {
  readonly repo: SessionRepository
  /** Verdicts per session, keyed by its events and checklist: lists and pushes ask often, events arrive rarely in between. */
  private readonly cache = new Map<
    number,
    { key: string; results: ExpectationResult[]; eventCount: number }
  >()

  constructor(
    db: Db,
    private readonly onChanged: (active: SessionSummary | null) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new SessionRepository(db)
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
    const id = this.repo.start({
      name: input.name.trim(),
      tester: clean(input.tester),
      appVersion: clean(input.appVersion),
      device: clean(input.device),
      notes: clean(input.notes),
      expectations: normalizeExpectations(input.expectations ?? []),
      startedAt: this.now(),
    })
    const detail = this.get(id) as SessionDetail
    this.onChanged(summaryOf(detail))
    return detail
  }

  update(input: SessionUpdateInput): SessionDetail {
    const s = this.require(input.id)
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
    this.repo.stop(id, this.now())
    this.onChanged(null)
    return this.get(id) as SessionDetail
  }

  delete(id: number): boolean {
    this.cache.delete(id)
    const wasActive = this.repo.activeId() === id
    const deleted = this.repo.delete(id)
    if (deleted) this.onChanged(wasActive ? null : this.activeSummary())
    return deleted
  }

  deleteAll(): number {
    this.cache.clear()
    const n = this.repo.deleteAll()
    this.onChanged(null)
    return n
  }

  compare(a: number, b: number): SessionComparison {
    const sa = this.require(a)
    const sb = this.require(b)
    return compareSessions(sa, this.repo.events(a), sb, this.repo.events(b))
  }

  events(id: number): SessionEvent[] {
    return this.repo.events(id)
  }

  private activeSummary(): SessionSummary | null {
    const id = this.repo.activeId()
    const detail = id === null ? null : this.get(id)
    return detail ? summaryOf(detail) : null
  }

  private results(s: StoredSession): { results: ExpectationResult[]; eventCount: number } {
    const version = this.repo.version(s.id)
    const key = `${version.count}:${version.last}:${s.stoppedAt ?? 'running'}:${JSON.stringify(s.expectations)}`
    const hit = this.cache.get(s.id)
    if (hit?.key === key) return hit
    const running = s.stoppedAt === null
    const entry = {
      key,
      results: evaluate(s.expectations, this.repo.candidateEvents(s.id, s.expectations), running),
      eventCount: version.count,
    }
    this.cache.set(s.id, entry)
    return entry
  }

  private detail(s: StoredSession): SessionDetail {
    const { results, eventCount } = this.results(s)
    const counts = tally(results)
    return {
      ...info(s),
      eventCount,
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
