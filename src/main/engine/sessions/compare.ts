/**
 * Comparing two sessions (say, yesterday's build and today's): which events
 * fired in one and not the other, and for events in both, how the
 * properties of their first occurrence differ.
 */
import type { EventCount, SessionComparison, SessionInfo } from '../../../shared/contract/sessions'
import type { EventGroup, SessionEvidence } from './evidence'
import { flatten } from './json-path'
import { parseEventJson } from './expectations'
import type { SessionEvent } from './session-event'

const keyOf = (g: EventGroup): string => `${g.callType}\u0000${g.eventName ?? ''}`

/** The parts of an event that describe it (not ids and clocks, which always differ). */
function describedProperties(event: SessionEvent | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!event) return out
  const root = parseEventJson(event)
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return out
  const obj = root as Record<string, unknown>
  for (const key of ['properties', 'traits']) if (key in obj) flatten(obj[key], key, out)
  const context = obj['context']
  if (context && typeof context === 'object' && !Array.isArray(context)) {
    const source = (context as Record<string, unknown>)['source']
    if (source !== undefined) out.set('context.source', JSON.stringify(source))
  }
  return out
}

const byName = (x: { eventName: string | null; callType: string }, y: typeof x): number =>
  x.callType.localeCompare(y.callType) || (x.eventName ?? '').localeCompare(y.eventName ?? '')

export function compareSessions(
  a: SessionInfo,
  evidenceA: SessionEvidence,
  b: SessionInfo,
  evidenceB: SessionEvidence,
): SessionComparison {
  const ga = new Map(evidenceA.groups.map((g) => [keyOf(g), g]))
  const gb = new Map(evidenceB.groups.map((g) => [keyOf(g), g]))
  const eventsA = new Map(evidenceA.events.map((e) => [e.id, e]))
  const eventsB = new Map(evidenceB.events.map((e) => [e.id, e]))
  const only = (x: Map<string, EventGroup>, y: Map<string, EventGroup>): EventCount[] =>
    [...x.entries()]
      .filter(([k]) => !y.has(k))
      .map(([, g]) => ({ callType: g.callType, eventName: g.eventName, count: g.count }))
      .sort(byName)
  const inBoth: SessionComparison['inBoth'] = []
  for (const [key, x] of ga) {
    const y = gb.get(key)
    if (!y) continue
    const pa = describedProperties(eventsA.get(x.firstId))
    const pb = describedProperties(eventsB.get(y.firstId))
    const paths = [...new Set([...pa.keys(), ...pb.keys()])].sort()
    const differences = paths
      .filter((p) => pa.get(p) !== pb.get(p))
      .map((path) => ({ path, a: pa.get(path) ?? null, b: pb.get(path) ?? null }))
    inBoth.push({
      callType: x.callType,
      eventName: x.eventName,
      countA: x.count,
      countB: y.count,
      eventIdA: x.firstId,
      eventIdB: y.firstId,
      differences,
    })
  }
  inBoth.sort(byName)
  return { a, b, onlyInA: only(ga, gb), onlyInB: only(gb, ga), inBoth }
}
