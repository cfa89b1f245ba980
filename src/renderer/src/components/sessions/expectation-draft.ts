/**
 * Editable drafts of expectations: every field as the text a form holds,
 * converted to and from the contract's `ExpectationInput`. An `equals`
 * value is read as JSON when it parses (`3`, `true`, `{"a":1}`), else as
 * plain text, so typing `pro` means the string "pro".
 */
import { describeRange, parseRange } from '../../../../shared/expectation-text'
import { patternProblem } from '../../../../shared/linear-regex'
import type {
  Condition,
  ConditionOp,
  ExpectationInput,
  JsonType,
  JsonValue,
} from '../../../../shared/contract/sessions'

export interface DraftCondition {
  key: number
  path: string
  op: ConditionOp
  value: string
}

export interface DraftExpectation {
  key: number
  id?: string
  callType: 'track' | 'identify' | 'group'
  eventName: string
  countMode: 'atLeast' | 'exactly'
  n: string
  ordered: boolean
  description: string
  conditions: DraftCondition[]
}

let nextKey = 1
export const newKey = (): number => nextKey++

export function emptyDraft(): DraftExpectation {
  return {
    key: newKey(),
    callType: 'track',
    eventName: '',
    countMode: 'atLeast',
    n: '1',
    ordered: false,
    description: '',
    conditions: [],
  }
}

export function emptyCondition(): DraftCondition {
  return { key: newKey(), path: 'properties.', op: 'equals', value: '' }
}

export function defaultValue(op: ConditionOp): string {
  return op === 'type' ? 'string' : op === 'present' ? 'present' : ''
}

export function toDraft(e: ExpectationInput): DraftExpectation {
  return {
    key: newKey(),
    id: e.id,
    callType: e.callType ?? 'track',
    eventName: e.eventName ?? '',
    countMode: e.count?.mode ?? 'atLeast',
    n: String(e.count?.n ?? 1),
    ordered: e.ordered ?? false,
    description: e.description ?? '',
    conditions: (e.conditions ?? []).map((c) => ({
      key: newKey(),
      path: c.path,
      op: c.op,
      value:
        c.op === 'equals'
          ? typeof c.value === 'string'
            ? c.value
            : JSON.stringify(c.value)
          : c.op === 'present'
            ? c.value === false
              ? 'absent'
              : 'present'
            : c.op === 'range'
              ? describeRange(c.value)
              : c.value,
    })),
  }
}

/** What an equals condition compares with: the text as JSON when it is JSON, else the text itself. */
function equalsValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue
  } catch {
    return text
  }
}

/** The draft as contract input, or a message saying what to fix. */
export function fromDraft(d: DraftExpectation, position: number): ExpectationInput | string {
  const name = d.eventName.trim()
  if (d.callType === 'track' && name === '') return `Expectation ${position}: give the event name.`
  const n = Number(d.n)
  if (!Number.isInteger(n) || n < 0) return `Expectation ${position}: the count must be a whole number.`
  const conditions: Condition[] = []
  for (const c of d.conditions) {
    const path = c.path.trim()
    if (path === '' || path.endsWith('.'))
      return `Expectation ${position}: a condition needs a property path, such as properties.plan.`
    if (c.op === 'equals') conditions.push({ path, op: 'equals', value: equalsValue(c.value) })
    else if (c.op === 'matches') {
      if (c.value === '') return `Expectation ${position}: give the pattern to match.`
      const problem = patternProblem(c.value)
      if (problem) return `Expectation ${position}: ${problem}`
      conditions.push({ path, op: 'matches', value: c.value })
    } else if (c.op === 'range') {
      const range = parseRange(c.value)
      if (typeof range === 'string') return `Expectation ${position}: ${range}.`
      conditions.push({ path, op: 'range', value: range })
    } else if (c.op === 'type') conditions.push({ path, op: 'type', value: c.value as JsonType })
    else conditions.push({ path, op: 'present', value: c.value !== 'absent' })
  }
  return {
    ...(d.id ? { id: d.id } : {}),
    callType: d.callType,
    eventName: name === '' ? null : name,
    conditions,
    count: { mode: d.countMode, n },
    ordered: d.ordered,
    description: d.description.trim() === '' ? null : d.description.trim(),
  }
}

export function fromDrafts(drafts: readonly DraftExpectation[]): ExpectationInput[] | string {
  const out: ExpectationInput[] = []
  for (const [i, d] of drafts.entries()) {
    const e = fromDraft(d, i + 1)
    if (typeof e === 'string') return e
    out.push(e)
  }
  return out
}
