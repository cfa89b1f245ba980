/**
 * Expectations: normalising what a user or CI script wrote, and deciding
 * whether one event meets one. Each failed condition becomes a sentence,
 * so a near miss says exactly what was wrong ("properties.plan was "free",
 * expected "pro"").
 */
import { MAX_MATCH_INPUT, compileLinear, type LinearRegex } from '../../../shared/linear-regex'
import type { Condition, Expectation, ExpectationInput } from '../../../shared/contract/sessions'
import { describeRange, preview } from '../../../shared/expectation-text'
import { deepEqual, jsonType, valueAt } from './json-path'
import type { SessionEvent } from './session-event'

export function normalizeExpectations(inputs: readonly ExpectationInput[]): Expectation[] {
  const used = new Set<string>()
  return inputs.map((input, i) => {
    let id = input.id ?? `e${i + 1}`
    // Ids must be unique within a session: reports and UIs key on them.
    for (let n = 2; used.has(id); n++) id = `${input.id ?? `e${i + 1}`}-${n}`
    used.add(id)
    return {
      id,
      callType: input.callType ?? 'track',
      eventName: input.eventName ?? null,
      conditions: input.conditions ?? [],
      count: { mode: input.count?.mode ?? 'atLeast', n: input.count?.n ?? 1 },
      ordered: input.ordered ?? false,
      description: input.description ?? null,
    }
  })
}

/** Does the event's kind and name make it a candidate for the expectation? */
export function isCandidate(e: Expectation, event: SessionEvent): boolean {
  if (event.callType !== e.callType) return false
  return e.eventName === null || event.eventName === e.eventName
}

function regex(source: string): LinearRegex | null {
  try {
    return compileLinear(source)
  } catch {
    return null
  }
}

/** Why the value fails the condition, or null when it holds. */
export function checkCondition(c: Condition, root: unknown): string | null {
  const actual = valueAt(root, c.path)
  switch (c.op) {
    case 'present':
      if (c.value === false)
        return actual === undefined ? null : `${c.path} should be absent but is ${preview(actual)}`
      return actual === undefined ? `${c.path} is missing` : null
    case 'equals':
      if (actual === undefined) return `${c.path} is missing (expected ${preview(c.value)})`
      return deepEqual(actual, c.value)
        ? null
        : `${c.path} is ${preview(actual)}, expected ${preview(c.value)}`
    case 'type': {
      if (actual === undefined) return `${c.path} is missing (expected a ${c.value})`
      const t = jsonType(actual)
      const ok = t === c.value || (c.value === 'number' && t === 'integer')
      return ok
        ? null
        : `${c.path} is a${/^[aeiou]/.test(t) ? 'n' : ''} ${t} (${preview(actual, 40)}), expected ${c.value}`
    }
    case 'matches': {
      if (actual === undefined) return `${c.path} is missing (expected to match /${c.value}/)`
      if (actual !== null && typeof actual === 'object')
        return `${c.path} is ${jsonType(actual) === 'array' ? 'an array' : 'an object'}, not text to match /${c.value}/`
      const re = regex(c.value)
      if (!re) return `/${c.value}/ is not a valid regular expression`
      const text = typeof actual === 'string' ? actual : String(actual)
      if (text.length > MAX_MATCH_INPUT)
        return `${c.path} is ${text.length.toLocaleString('en')} characters, more than the ${MAX_MATCH_INPUT / 1024} KB a pattern is matched against`
      return re.test(text) ? null : `${c.path} is ${preview(actual)}, which does not match /${c.value}/`
    }
    case 'range': {
      const range = describeRange(c.value)
      if (actual === undefined) return `${c.path} is missing (expected a number in ${range})`
      if (typeof actual !== 'number')
        return `${c.path} is ${preview(actual, 40)}, expected a number in ${range}`
      const { min, max } = c.value
      return (min === undefined || actual >= min) && (max === undefined || actual <= max)
        ? null
        : `${c.path} is ${actual}, expected ${range}`
    }
  }
}

/** Reasons a candidate event (its parsed JSON) fails the expectation's conditions; empty when it meets them. */
export function checkEvent(e: Expectation, root: unknown): string[] {
  const reasons: string[] = []
  for (const c of e.conditions) {
    const r = checkCondition(c, root)
    if (r) reasons.push(r)
  }
  return reasons
}

/** The event's JSON, parsed; `undefined` for request-only rows or unparseable text. */
export function parseEventJson(event: SessionEvent): unknown {
  if (event.json === null) return undefined
  try {
    return JSON.parse(event.json) as unknown
  } catch {
    return undefined
  }
}
