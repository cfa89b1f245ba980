/**
 * Comparing two sessions (say, yesterday's build and today's): which events
 * fired in one and not the other, and for events in both, how the
 * properties of their first occurrence differ.
 */
import type { EventCount, SessionComparison, SessionInfo } from '../../../shared/contract/sessions'
import { flatten } from './json-path'
import { parseEventJson } from './expectations'
import type { SessionEvent } from './session-repository'

interface Group {
  callType: SessionEvent['callType']
  eventName: string | null
  count: number
  first: SessionEvent
}

function group(events: readonly SessionEvent[]): Map<string, Group> {
  const out = new Map<string, Group>()
  for (const e of events) {
    const key = `${e.callType}\u0000${e.eventName ?? ''}`
    const g = out.get(key)
    if (g) g.count++
    else out.set(key, { callType: e.callType, eventName: e.eventName, count: 1, first: e })
  }
  return out
}

/** The parts of an event that describe it (not ids and clocks, which always differ). */
function describedProperties(event: SessionEvent): Map<string, string> {
  const root = parseEventJson(event)
  const out = new Map<string, string>()
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
  eventsA: readonly SessionEvent[],
  b: SessionInfo,
  eventsB: readonly SessionEvent[],
): SessionComparison {
  const ga = group(eventsA)
  const gb = group(eventsB)
  const only = (x: Map<string, Group>, y: Map<string, Group>): EventCount[] =>
    [...x.entries()]
      .filter(([k]) => !y.has(k))
      .map(([, g]) => ({ callType: g.callType, eventName: g.eventName, count: g.count }))
      .sort(byName)
  const inBoth: SessionComparison['inBoth'] = []
  for (const [key, x] of ga) {
    const y = gb.get(key)
    if (!y) continue
    const pa = describedProperties(x.first)
    const pb = describedProperties(y.first)
    const paths = [...new Set([...pa.keys(), ...pb.keys()])].sort()
    const differences = paths
      .filter((p) => pa.get(p) !== pb.get(p))
      .map((path) => ({ path, a: pa.get(path) ?? null, b: pb.get(path) ?? null }))
    inBoth.push({
      callType: x.callType,
      eventName: x.eventName,
      countA: x.count,
      countB: y.count,
      eventIdA: x.first.id,
      eventIdB: y.first.id,
      differences,
    })
  }
  inBoth.sort(byName)
  return { a, b, onlyInA: only(ga, gb), onlyInB: only(gb, ga), inBoth }
}
