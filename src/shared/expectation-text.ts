/**
 * Expectations in words, one way everywhere: the checklist on screen, the
 * verdict reasons, the reports' titles, JUnit test names and `verify`'s
 * summary all say "signed_up at least 2× where properties.plan = "pro"".
 */
import type { Condition, Expectation, ExpectationInput, NumberRange } from './contract/sessions'

/** Short JSON for messages: long values are cut so a line stays readable. */
export function preview(value: unknown, max = 80): string {
  if (value === undefined) return 'missing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export function describeCondition(c: Condition): string {
  switch (c.op) {
    case 'equals':
      return `${c.path} = ${preview(c.value, 60)}`
    case 'matches':
      return `${c.path} ~ /${c.value}/`
    case 'type':
      return `${c.path} is ${c.value}`
    case 'present':
      return c.value === false ? `${c.path} absent` : `${c.path} present`
    case 'range':
      return `${c.path} in ${describeRange(c.value)}`
  }
}

/** `1..10`, `≥ 1`, `≤ 10`: the same text the checklist editor takes. */
export function describeRange(r: NumberRange): string {
  if (r.min !== undefined && r.max !== undefined) return `${r.min}..${r.max}`
  return r.min !== undefined ? `${r.min}..` : `..${r.max}`
}

/** Reads `1..10`, `1..` or `..10` back into a range, or says what is wrong with the text. */
export function parseRange(text: string): NumberRange | string {
  const parts = text.split('..')
  if (parts.length !== 2) return 'write a range as min..max, min.. or ..max (e.g. 1..10)'
  const [min, max] = parts.map((p) => (p.trim() === '' ? undefined : Number(p.trim())))
  if ((min !== undefined && !Number.isFinite(min)) || (max !== undefined && !Number.isFinite(max)))
    return "a range's ends must be numbers (e.g. 1..10)"
  if (min === undefined && max === undefined) return 'a range needs a min, a max or both (e.g. 1..10)'
  if (min !== undefined && max !== undefined && min > max) return "the range's min is above its max"
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }
}

/** What is expected and how often, without the conditions: "signed_up at least 2×". */
export function expectationTitle(e: Expectation | ExpectationInput): string {
  const callType = e.callType ?? 'track'
  const name = e.eventName ?? null
  const subject = callType === 'track' ? (name ?? 'any track event') : `${callType}${name ? ` ${name}` : ''}`
  const mode = e.count?.mode ?? 'atLeast'
  const n = e.count?.n ?? 1
  const count = mode === 'exactly' ? (n === 0 ? 'never' : `exactly ${n}×`) : n === 1 ? '' : `at least ${n}×`
  return [subject, count].filter((s) => s !== '').join(' ')
}

/** The whole expectation in one line. */
export function describeExpectation(e: Expectation | ExpectationInput): string {
  const conditions = (e.conditions ?? []).map(describeCondition).join(', ')
  return [expectationTitle(e), conditions ? `where ${conditions}` : '', e.ordered ? '(in order)' : '']
    .filter((s) => s !== '')
    .join(' ')
}
