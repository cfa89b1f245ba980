/**
 * What a session's verdicts rest on, gathered from its events: the counts
 * and findings a report lists, the events it quotes, and the first event of
 * each name that a comparison reads. A running session gathers it live; a
 * stopped one keeps the copy taken when it stopped, so neither retention
 * nor clearing the log can change what it reported.
 */
import type { ExpectationResult } from '../../../shared/contract/sessions'
import type { CallType, Finding, Status } from '../../../shared/model'
import type { SessionEvent } from './session-event'

/** Events quoted in full per expectation (first matches, first near misses); the rest are listed by id. */
export const QUOTED_EVENTS = 3
/** Findings a report lists; the total stays exact. */
export const LISTED_FINDINGS = 1_000

export interface EvidenceFinding extends Finding {
  eventId: number
  eventName: string | null
}

export interface EventGroup {
  callType: CallType
  eventName: string | null
  count: number
  /** The first event of this type and name. */
  firstId: number
}

export interface SessionEvidence {
  /** Events the session recorded. */
  eventCount: number
  statusCounts: Record<Status, number>
  eventNames: { name: string; count: number }[]
  /** The first LISTED_FINDINGS findings, errors first. */
  findings: EvidenceFinding[]
  findingCount: number
  groups: EventGroup[]
  /** The events quoted or compared, by id (each once). */
  events: SessionEvent[]
}

/** What a stopped session keeps: its final verdicts, and the evidence behind them. */
export interface FrozenSession {
  frozenAt: number
  eventCount: number
  results: ExpectationResult[]
}

const RANK = { error: 0, warning: 1, info: 2 } as const

/**
 * `events`: the session's events; their JSON text is not needed (a long
 * session's would be megabytes), only that of the few quoted, which `load`
 * reads by id.
 */
export function collectEvidence(
  results: readonly ExpectationResult[],
  events: readonly SessionEvent[],
  load: (ids: number[]) => SessionEvent[],
): SessionEvidence {
  const statusCounts: Record<Status, number> = { valid: 0, warnings: 0, invalid: 0, unchecked: 0 }
  const names = new Map<string, number>()
  const groups = new Map<string, EventGroup>()
  const findings: EvidenceFinding[] = []
  let findingCount = 0
  for (const e of events) {
    statusCounts[e.status]++
    const name = e.eventName ?? `(${e.callType})`
    names.set(name, (names.get(name) ?? 0) + 1)
    const key = `${e.callType}\u0000${e.eventName ?? ''}`
    const g = groups.get(key)
    if (g) g.count++
    else groups.set(key, { callType: e.callType, eventName: e.eventName, count: 1, firstId: e.id })
    findingCount += e.findings.length
    for (const f of e.findings) findings.push({ ...f, eventId: e.id, eventName: e.eventName })
  }
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.eventId - b.eventId)

  const wanted = new Set<number>()
  for (const r of results) {
    for (const id of r.matchedIds.slice(0, QUOTED_EVENTS)) wanted.add(id)
    for (const m of r.nearMisses.slice(0, QUOTED_EVENTS)) wanted.add(m.eventId)
  }
  for (const g of groups.values()) wanted.add(g.firstId)

  return {
    eventCount: events.length,
    statusCounts,
    eventNames: [...names.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    findings: findings.slice(0, LISTED_FINDINGS),
    findingCount,
    groups: [...groups.values()],
    events: load([...wanted].sort((a, b) => a - b)),
  }
}
