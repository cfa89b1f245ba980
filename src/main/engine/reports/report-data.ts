/**
 * Everything a session report shows, gathered once and shared by every
 * format: the session and its verdicts, the evidence behind each verdict,
 * and every finding the validator had about the session's events.
 */
import type { ExpectationResult, SessionDetail } from '../../../shared/contract/sessions'
import type { Status } from '../../../shared/model'
import { QUOTED_EVENTS, type EvidenceFinding, type SessionEvidence } from '../sessions/evidence'

export interface QuotedEvent {
  id: number
  receivedAt: number
  eventName: string | null
  status: Status
  /** Pretty-printed event JSON. */
  json: string
}

export interface ExpectationEvidence {
  result: ExpectationResult
  title: string
  quoted: QuotedEvent[]
  nearMisses: (QuotedEvent & { reasons: string[] })[]
}

export interface ReportData {
  generatedAt: number
  toolVersion: string
  session: SessionDetail
  outcome: 'passed' | 'failed' | 'running'
  evidence: ExpectationEvidence[]
  statusCounts: Record<Status, number>
  eventNames: { name: string; count: number }[]
  /** Errors first; at most LISTED_FINDINGS of them. */
  findings: EvidenceFinding[]
  findingCount: number
}

function pretty(json: string | null): string {
  if (json === null) return ''
  try {
    return JSON.stringify(JSON.parse(json), null, 2)
  } catch {
    return json
  }
}

export function buildReportData(
  session: SessionDetail,
  gathered: SessionEvidence,
  titles: (r: ExpectationResult) => string,
  toolVersion: string,
  now = Date.now(),
): ReportData {
  const byId = new Map(gathered.events.map((e) => [e.id, e]))
  const quote = (id: number): QuotedEvent | null => {
    const e = byId.get(id)
    return e
      ? { id: e.id, receivedAt: e.receivedAt, eventName: e.eventName, status: e.status, json: pretty(e.json) }
      : null
  }
  const evidence = session.results.map((result) => ({
    result,
    title: titles(result),
    quoted: result.matchedIds
      .slice(0, QUOTED_EVENTS)
      .map(quote)
      .filter((q): q is QuotedEvent => q !== null),
    nearMisses: result.nearMisses.slice(0, QUOTED_EVENTS).flatMap((m) => {
      const q = quote(m.eventId)
      return q ? [{ ...q, reasons: m.reasons }] : []
    }),
  }))
  return {
    generatedAt: now,
    toolVersion,
    session,
    outcome: session.passed
      ? 'passed'
      : session.stoppedAt === null && session.failed === 0
        ? 'running'
        : 'failed',
    evidence,
    statusCounts: gathered.statusCounts,
    eventNames: gathered.eventNames,
    findings: gathered.findings,
    findingCount: gathered.findingCount,
  }
}

export function isoTime(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString()
}

export function duration(from: number, to: number | null, now: number): string {
  const s = Math.max(0, Math.round(((to ?? now) - from) / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`
}

export const OUTCOME_LABEL = { passed: 'PASSED', failed: 'FAILED', running: 'IN PROGRESS' } as const
