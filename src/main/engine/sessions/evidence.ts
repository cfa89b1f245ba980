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

/** One of the session's events as the evidence reads it: no JSON text, findings still as stored. */
export interface EvidenceRow {
  id: number
  callType: CallType
  eventName: string | null
  status: Status
  findingCount: number
  /** The findings' JSON (read only while the report still lists them). */
  findings: () => Finding[]
}

/** What evidence is gathered from: the session's events a page at a time, and the few a report quotes. */
export interface EvidenceSource {
  /** Up to `limit` of the session's events with ids above `afterId`, oldest first. */
  rowsAfter(afterId: number, limit: number): EvidenceRow[]
  /** Events by id, with their JSON text: only the few a report quotes are read. */
  load: (ids: number[]) => SessionEvent[]
}

/** Events read per page; between pages the gatherer gives capture its turn. */
export const EVIDENCE_PAGE = 500

/**
 * Gathers the evidence in one pass over the session's events, a page at a
 * time, calling `pause` between pages: a session of a hundred thousand
 * events must not hold the capture port for the length of the scan. The
 * source is expected to be a consistent snapshot (evidence-reader.ts reads
 * it in one read transaction).
 */
export async function collectEvidence(
  results: readonly ExpectationResult[],
  source: EvidenceSource,
  pause: () => Promise<void> = async () => {},
): Promise<SessionEvidence> {
  // Keyed by call type and name, in order of first appearance (the scan is in id order).
  const groups = new Map<string, EventGroup>()
  const statusCounts: Record<Status, number> = { valid: 0, warnings: 0, invalid: 0, unchecked: 0 }
  let findingCount = 0
  // Errors first, then warnings, then the rest, each oldest first: kept per severity as read, no sort.
  const bySeverity: Record<Finding['severity'], EvidenceFinding[]> = { error: [], warning: [], info: [] }
  for (let after = 0; ;) {
    const page = source.rowsAfter(after, EVIDENCE_PAGE)
    for (const e of page) {
      const key = `${e.callType}\u0000${e.eventName ?? ''}`
      const group = groups.get(key)
      if (group) group.count++
      else groups.set(key, { callType: e.callType, eventName: e.eventName, count: 1, firstId: e.id })
      statusCounts[e.status]++
      findingCount += e.findingCount
      // With a full list of errors, later events cannot change what is listed: only their counts are read.
      if (e.findingCount === 0 || bySeverity.error.length >= LISTED_FINDINGS) continue
      for (const f of e.findings()) {
        const list = bySeverity[f.severity]
        if (list.length < LISTED_FINDINGS) list.push({ ...f, eventId: e.id, eventName: e.eventName })
      }
    }
    const last = page.at(-1)
    if (!last || page.length < EVIDENCE_PAGE) break
    after = last.id
    await pause()
  }

  const names = new Map<string, number>()
  let eventCount = 0
  for (const g of groups.values()) {
    const name = g.eventName ?? `(${g.callType})`
    names.set(name, (names.get(name) ?? 0) + g.count)
    eventCount += g.count
  }
  const wanted = new Set<number>()
  for (const r of results) {
    for (const id of r.matchedIds.slice(0, QUOTED_EVENTS)) wanted.add(id)
    for (const m of r.nearMisses.slice(0, QUOTED_EVENTS)) wanted.add(m.eventId)
  }
  for (const g of groups.values()) wanted.add(g.firstId)

  return {
    eventCount,
    statusCounts,
    eventNames: [...names.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    findings: [...bySeverity.error, ...bySeverity.warning, ...bySeverity.info].slice(0, LISTED_FINDINGS),
    findingCount,
    groups: [...groups.values()],
    events: source.load([...wanted].sort((a, b) => a - b)),
  }
}
