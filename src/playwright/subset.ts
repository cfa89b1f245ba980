/**
 * What a test writes — a piece of the event it expects, the way Playwright's
 * `toMatchObject` reads one — turned into the expectation a QA session
 * checks. One matching function decides both: the fixture's matchers wait
 * on the engine's expectations, never on a second implementation.
 *
 *   { event_name: 'signup', properties: { plan: 'pro', seats: between(1, 10),
 *     email: expect.stringMatching(/@example\.com$/), id: expect.any(String) } }
 *
 * Objects are matched as subsets (keys left out may hold anything); arrays,
 * strings, numbers, booleans and null must be equal; `undefined` means the
 * key must be absent; a RegExp must match; a Date equals its ISO text.
 * Playwright's `expect.any`, `expect.anything` (the key is present, null included), `expect.stringMatching`,
 * `expect.stringContaining`, `expect.objectContaining` and `expect.closeTo`
 * are understood, and `between(min, max)` asks for a number in a range.
 */
import type { CallType } from '../shared/model'
import type {
  Condition,
  ExpectationInput,
  JsonType,
  JsonValue,
  NumberRange,
} from '../shared/contract/sessions'
import { patternProblem } from '../shared/linear-regex'

export type TrackCallType = Extract<CallType, 'track' | 'identify' | 'group'>

/** A piece of the expected event: see the module comment for what a value may be. */
export type EventSubset = Record<string, unknown>

const ASYMMETRIC = Symbol.for('jest.asymmetricMatcher')

/** `between(1, 10)`: a number from 1 to 10, both inclusive; `between(1)` has no upper end. */
export class Between {
  readonly $$typeof = ASYMMETRIC
  constructor(readonly range: NumberRange) {}

  /** Also usable in plain `expect(value).toEqual(...)`, with the same meaning. */
  asymmetricMatch(other: unknown): boolean {
    const { min, max } = this.range
    return (
      typeof other === 'number' && (min === undefined || other >= min) && (max === undefined || other <= max)
    )
  }

  toAsymmetricMatcher(): string {
    return `between(${this.range.min ?? ''}, ${this.range.max ?? ''})`
  }
}

export function between(min?: number, max?: number): Between {
  if (min === undefined && max === undefined) throw new TypeError('between() needs a min, a max or both.')
  if ([min, max].some((n) => n !== undefined && !Number.isFinite(n)))
    throw new TypeError('between() takes finite numbers.')
  if (min !== undefined && max !== undefined && min > max)
    throw new TypeError(`between(${min}, ${max}): the min is above the max.`)
  return new Between({ ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) })
}

export class SubsetError extends TypeError {}

const TYPE_OF_SAMPLE = new Map<unknown, JsonType>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  [Object, 'object'],
  [Array, 'array'],
])

/** `a.b` as a dot path, or a JSON pointer when a key could not be written in one. */
function pathOf(segments: readonly string[]): string {
  const plain = segments.every((s) => s !== '' && !s.includes('.')) && !segments[0]?.startsWith('/')
  return plain
    ? segments.join('.')
    : `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
}

/** A RegExp as the linear-time engine's pattern: its flags become inline ones. */
function patternOf(re: RegExp | string, where: string): string {
  const source = typeof re === 'string' ? escapeRegex(re) : re.source
  const flags = typeof re === 'string' ? '' : [...re.flags].filter((f) => 'ims'.includes(f)).join('')
  const pattern = flags ? `(?${flags})${source}` : source
  const problem = patternProblem(pattern)
  if (problem) throw new SubsetError(`${where}: ${problem}`)
  return pattern
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

function asymmetric(v: unknown, segments: string[], out: Condition[]): void {
  const m = v as { constructor: { name: string }; sample?: unknown; inverse?: boolean; precision?: number }
  const path = pathOf(segments)
  const name = m.constructor.name
  if (m.inverse)
    throw new SubsetError(`${path}: expect.not.${name} is not supported; use .not on the matcher.`)
  if (v instanceof Between) {
    out.push({ path, op: 'range', value: v.range })
    return
  }
  switch (name) {
    case 'Anything':
      // The key is there, whatever it holds (null included: an event is JSON).
      out.push({ path, op: 'present' })
      return
    case 'Any': {
      const type = TYPE_OF_SAMPLE.get(m.sample)
      if (!type)
        throw new SubsetError(`${path}: expect.any() takes String, Number, Boolean, Object or Array here.`)
      out.push({ path, op: 'type', value: type })
      return
    }
    case 'StringMatching':
    case 'StringContaining':
      out.push({ path, op: 'type', value: 'string' })
      out.push({ path, op: 'matches', value: patternOf(m.sample as RegExp | string, path) })
      return
    case 'ObjectContaining':
      conditionsOf(m.sample, segments, out)
      return
    case 'CloseTo': {
      const sample = m.sample as number
      const margin = 10 ** -(m.precision ?? 2) / 2
      out.push({ path, op: 'range', value: { min: sample - margin, max: sample + margin } })
      return
    }
    default:
      throw new SubsetError(
        `${path}: expect.${name[0]?.toLowerCase()}${name.slice(1)}() is not supported in an event; use a value, a RegExp, between(), expect.any(), expect.stringMatching() or expect.objectContaining().`,
      )
  }
}

function conditionsOf(value: unknown, segments: string[], out: Condition[]): void {
  const path = (): string => pathOf(segments)
  if (value === undefined) {
    out.push({ path: path(), op: 'present', value: false })
  } else if (value instanceof RegExp) {
    out.push({ path: path(), op: 'matches', value: patternOf(value, path()) })
  } else if (value instanceof Date) {
    out.push({ path: path(), op: 'equals', value: value.toISOString() })
  } else if (
    value !== null &&
    typeof value === 'object' &&
    (value as { $$typeof?: unknown }).$$typeof === ASYMMETRIC
  ) {
    asymmetric(value, segments, out)
  } else if (Array.isArray(value) || value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new SubsetError(`${path()}: ${value} is not a JSON number.`)
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol')
      throw new SubsetError(`${path()}: a ${typeof value} cannot appear in an event.`)
    // A scalar or an array as the test wrote it; compared as JSON, as the event is.
    out.push({ path: path(), op: 'equals', value: value as JsonValue })
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value)
    if (keys.length === 0) {
      if (segments.length > 0) out.push({ path: path(), op: 'type', value: 'object' })
      return
    }
    for (const key of keys) conditionsOf(value[key], [...segments, key], out)
  } else {
    throw new SubsetError(
      `${path() || 'the event'}: a ${(value as object).constructor?.name ?? 'value'} cannot appear in an event.`,
    )
  }
}

/**
 * The expectation that `subset` describes: a track event's `event_name` picks the
 * candidates (as in a session's checklist), everything else becomes conditions.
 */
export function toExpectation(
  subset: EventSubset,
  options: { type?: TrackCallType; count?: ExpectationInput['count'] } = {},
): ExpectationInput {
  if (!isPlainObject(subset))
    throw new SubsetError('Describe the expected event as an object, e.g. { event_name: "signup" }.')
  const callType = options.type ?? 'track'
  const { event_name: name, ...rest } = subset
  const named = callType === 'track' && typeof name === 'string'
  const conditions: Condition[] = []
  conditionsOf(named ? rest : subset, [], conditions)
  if (conditions.length > 50)
    throw new SubsetError(`The expected event has ${conditions.length} conditions; at most 50 are checked.`)
  return {
    callType,
    eventName: named ? name : null,
    conditions,
    ...(options.count ? { count: options.count } : {}),
  }
}
