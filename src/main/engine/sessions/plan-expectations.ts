/**
 * A checklist from the tracking plan: one expectation per planned event (or
 * per chosen event), each asking for its required properties with their
 * planned type and allowed values. Optional properties are left to the
 * validator, which already reports them as findings when they are wrong.
 * The plan's `$identify` / `$group` entries become expectations of an
 * identify / group call (any) carrying the required traits.
 */
import type { Condition, ExpectationInput, JsonType } from '../../../shared/contract/sessions'
import type { AllowedValue, PlanRow } from '../../../shared/contract/validation'
import { isTraitsEntry } from '../validate/plan-checker'

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

export function planExpectations(rows: readonly PlanRow[], only?: readonly string[]): ExpectationInput[] {
  const wanted = only && only.length > 0 ? new Set(only) : null
  const byEvent = new Map<string, PlanRow[]>()
  for (const row of rows) {
    if (wanted && !wanted.has(row.event)) continue
    const list = byEvent.get(row.event)
    if (list) list.push(row)
    else byEvent.set(row.event, [row])
  }
  return [...byEvent.entries()].map(([event, eventRows]): ExpectationInput => {
    const traits = isTraitsEntry(event)
    const conditions: Condition[] = []
    for (const row of eventRows) {
      if (!row.property || !row.required) continue
      const path = `${traits ? 'traits' : 'properties'}.${row.property}`
      conditions.push({ path, op: 'present' })
      const types = row.types.filter((t) => t !== 'any')
      if (types.length === 1 && types.length === row.types.length) {
        conditions.push({ path, op: 'type', value: types[0] as JsonType })
      }
      if (row.allowed.length === 1) {
        conditions.push({ path, op: 'equals', value: row.allowed[0] as AllowedValue })
      } else if (row.allowed.length > 1 && row.allowed.every((v) => typeof v === 'string')) {
        conditions.push({
          path,
          op: 'matches',
          value: `^(?:${row.allowed.map((v) => escapeRegex(String(v))).join('|')})$`,
        })
      }
    }
    const description = 'From the tracking plan'
    if (traits)
      return { callType: event === '$group' ? 'group' : 'identify', eventName: null, conditions, description }
    return { callType: 'track', eventName: event, conditions, description }
  })
}
