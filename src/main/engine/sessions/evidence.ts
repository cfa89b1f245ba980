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

/** What evidence is gathered from: counts the database aggregates, and the rows that carry findings. */
export interface EvidenceSource {
  /** Per call type and name: how many, and the first (lowest) id; in order of first appearance. */
  groups: EventGroup[]
  statusCounts: Record<Status, number>
  /** The events that have findings, oldest first (the rest need not be read at all). */
  withFindings: Iterable<{ id: number; eventName: string | null; findings: Finding[] }>
  /** Events by id, with their JSON text: only the few a report quotes are read. */
  load: (ids: number[]) => SessionEvent[]
}

export function collectEvidence(
  results: readonly ExpectationResult[],
  source: EvidenceSource,
): SessionEvidence {
  const names = new Map<string, number>()
  let eventCount = 0
  for (const g of source.groups) {
    const name = g.eventName ?? `(${g.callType})`
    names.set(name, (names.get(name) ?? 0) + g.count)
    eventCount += g.count
  }
  // Errors first, then warnings, then the rest, each oldest first: kept per severity as read, no sort.
  const bySeverity: Record<Finding['severity'], EvidenceFinding[]> = { error: [], warning: [], info: [] }
  let findingCount = 0
  for (const e of source.withFindings) {
    findingCount += e.findings.length
    for (const f of e.findings) {
      const list = bySeverity[f.severity]
      if (list.length < LISTED_FINDINGS) list.push({ ...f, eventId: e.id, eventName: e.eventName })
    }
  }

  const wanted = new Set<number>()
  for (const r of results) {
    for (const id of r.matchedIds.slice(0, QUOTED_EVENTS)) wanted.add(id)
    for (const m of r.nearMisses.slice(0, QUOTED_EVENTS)) wanted.add(m.eventId)
  }
  for (const g of source.groups) wanted.add(g.firstId)

  return {
    eventCount,
    statusCounts: source.statusCounts,
    eventNames: [...names.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    findings: [...bySeverity.error, ...bySeverity.warning, ...bySeverity.info].slice(0, LISTED_FINDINGS),
    findingCount,
    groups: source.groups,
    events: source.load([...wanted].sort((a, b) => a - b)),
  }
}
