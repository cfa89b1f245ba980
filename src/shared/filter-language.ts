/**
 * The stream's filter language, as typed in the search box and sent by the
 * automation API:
 *
 *   event:signed_up user:u_123 type:identify status:invalid prop.plan:pro
 *   session:checkout-qa after:2025-09-22 before:2025-09-23 rule:<id> "free text"
 *
 * Clauses on different fields all apply (AND); repeated or comma-separated
 * values of one field are alternatives (OR); a leading `-` excludes
 * (`-event:page_visit`). Bare words and "quoted phrases" are full-text
 * search over event name, user id and property keys and values; a bare
 * word also matches as a prefix (`sign` finds `signed_up`).
 *
 * Pure: no I/O and no clock except the `now` passed in, so the engine, the
 * renderer (for instant errors and autocomplete) and tests share it.
 */
import { CALL_TYPES, STATUSES, type CallType, type Status } from './model'

export type FilterField =
  'event' | 'user' | 'type' | 'status' | 'prop' | 'session' | 'after' | 'before' | 'rule'

export interface FieldDoc {
  field: FilterField
  /** What the user types, e.g. `prop.` for property clauses. */
  keyword: string
  example: string
  description: string
  negatable: boolean
}

export const FILTER_FIELDS: readonly FieldDoc[] = [
  {
    field: 'event',
    keyword: 'event:',
    example: 'event:signed_up',
    description: 'event name (sign* for a prefix)',
    negatable: true,
  },
  { field: 'user', keyword: 'user:', example: 'user:u_123', description: 'user id', negatable: true },
  { field: 'type', keyword: 'type:', example: 'type:identify', description: 'call type', negatable: true },
  {
    field: 'status',
    keyword: 'status:',
    example: 'status:invalid',
    description: 'validation status',
    negatable: true,
  },
  {
    field: 'prop',
    keyword: 'prop.',
    example: 'prop.plan:pro',
    description: 'property or trait value',
    negatable: false,
  },
  {
    field: 'session',
    keyword: 'session:',
    example: 'session:checkout-qa',
    description: 'QA session name or id',
    negatable: false,
  },
  {
    field: 'after',
    keyword: 'after:',
    example: 'after:2025-09-22',
    description: 'received on or after (date, time, or 15m/2h/7d ago)',
    negatable: false,
  },
  {
    field: 'before',
    keyword: 'before:',
    example: 'before:2025-09-23',
    description: 'received before',
    negatable: false,
  },
  {
    field: 'rule',
    keyword: 'rule:',
    example: 'rule:event.name',
    description: 'has a finding from this rule',
    negatable: false,
  },
]

/** The one line of help shown under the search box. */
export const FILTER_HELP =
  'event:signed_up user:u_123 type:identify status:invalid prop.plan:pro session:qa after:2025-09-22 before:… rule:id "free text" -event:page_visit'

export interface PropClause {
  key: string
  value: string
}

export interface FilterClauses {
  /** Full-text terms: bare words match as prefixes, phrases (`quoted: true`) exactly. */
  text: { value: string; quoted: boolean }[]
  eventNames: string[]
  excludeEventNames: string[]
  userIds: string[]
  excludeUserIds: string[]
  callTypes: CallType[]
  excludeCallTypes: CallType[]
  statuses: Status[]
  excludeStatuses: Status[]
  props: PropClause[]
  /** Session names or numeric ids, resolved by the engine. */
  sessions: string[]
  rules: string[]
  /** Epoch ms, inclusive. */
  receivedAfter?: number
  /** Epoch ms, exclusive. */
  receivedBefore?: number
}

export interface FilterError {
  message: string
  /** Character range of the offending clause in the input. */
  start: number
  end: number
}

export interface ParsedFilter {
  clauses: FilterClauses
  errors: FilterError[]
}

interface Token {
  start: number
  end: number
  negated: boolean
  /** Text before the first unquoted colon, lower-cased; null for a bare word or phrase. */
  field: string | null
  /** The value (field clause) or the word/phrase, unquoted. */
  value: string
  quoted: boolean
}

const FIELD_RE = /^(event|user|type|status|session|after|before|rule|prop\.[^\s:"]+)$/i
const PLAIN_FIELD_RE = /^[a-z][a-z0-9_]*$/i
const RELATIVE_RE = /^(\d+)\s*(m|min|h|d|w)$/i
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const STATUS_ALIASES: Record<string, Status> = { warning: 'warnings', error: 'invalid', errors: 'invalid' }

export function emptyClauses(): FilterClauses {
  return {
    text: [],
    eventNames: [],
    excludeEventNames: [],
    userIds: [],
    excludeUserIds: [],
    callTypes: [],
    excludeCallTypes: [],
    statuses: [],
    excludeStatuses: [],
    props: [],
    sessions: [],
    rules: [],
  }
}

/** Split the input into tokens; quotes group spaces, an unclosed quote runs to the end. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i] as string)) i++
    if (i >= input.length) break
    const start = i
    let negated = false
    if (input[i] === '-' && i + 1 < input.length && !/\s/.test(input[i + 1] as string)) {
      negated = true
      i++
    }
    let raw = ''
    let field: string | null = null
    let quoted = false
    let inQuote = false
    for (; i < input.length; i++) {
      const c = input[i] as string
      if (c === '"') {
        inQuote = !inQuote
        quoted = true
        continue
      }
      if (!inQuote && /\s/.test(c)) break
      if (!inQuote && c === ':' && field === null && !quoted) {
        field = raw
        raw = ''
        quoted = false
        continue
      }
      raw += c
    }
    // A colon that is not a field (a URL, a time) is part of the text.
    if (field !== null && !FIELD_RE.test(field) && !PLAIN_FIELD_RE.test(field)) {
      raw = `${field}:${raw}`
      field = null
    } else if (field !== null && raw.startsWith('//')) {
      raw = `${field}:${raw}`
      field = null
    }
    tokens.push({
      start,
      end: i,
      negated,
      field: field === null ? null : normalizeField(field),
      value: raw,
      quoted,
    })
  }
  return tokens
}

/** Field names are case-insensitive; property keys are not. */
function normalizeField(field: string): string {
  return /^prop\./i.test(field) ? `prop.${field.slice(5)}` : field.toLowerCase()
}

function splitValues(value: string, quoted: boolean): string[] {
  if (quoted) return [value]
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
}

/** Parse a date clause value into epoch ms; date-only means local midnight. */
export function parseWhen(value: string, now: number): number | null {
  const v = value.trim()
  const rel = RELATIVE_RE.exec(v)
  if (rel) {
    const n = Number(rel[1])
    const unit = (rel[2] as string).toLowerCase()
    const ms = unit === 'w' ? 604_800_000 : unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000
    return now - n * ms
  }
  const date = DATE_RE.exec(v)
  if (date) {
    const d = new Date(Number(date[1]), Number(date[2]) - 1, Number(date[3]))
    return Number.isNaN(d.getTime()) || d.getDate() !== Number(date[3]) ? null : d.getTime()
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return null
  const t = Date.parse(v.replace(' ', 'T'))
  return Number.isNaN(t) ? null : t
}

export function parseFilter(input: string, now: number = Date.now()): ParsedFilter {
  const clauses = emptyClauses()
  const errors: FilterError[] = []
  const fail = (t: Token, message: string): void => {
    errors.push({ message, start: t.start, end: t.end })
  }

  for (const t of tokenize(input)) {
    if (t.field === null) {
      const value = t.value.trim()
      if (value === '') continue
      if (t.negated) {
        fail(t, `Free text cannot be excluded ("-${value}"); exclude a field instead, e.g. -event:${value}.`)
        continue
      }
      clauses.text.push({ value, quoted: t.quoted })
      continue
    }
    const field = t.field
    const doc = FILTER_FIELDS.find((f) =>
      field.startsWith('prop.') ? f.field === 'prop' : f.keyword === `${field}:`,
    )
    if (!doc) {
      fail(
        t,
        `Unknown filter "${field}:". Use ${FILTER_FIELDS.map((f) => f.keyword).join(' ')} or quote the text.`,
      )
      continue
    }
    if (t.negated && !doc.negatable) {
      fail(t, `${doc.keyword} cannot be excluded with "-".`)
      continue
    }
    const values = splitValues(t.value, t.quoted)
    if (values.length === 0) {
      fail(t, `${field}: needs a value, e.g. ${doc.example}.`)
      continue
    }
    switch (doc.field) {
      case 'event':
        ;(t.negated ? clauses.excludeEventNames : clauses.eventNames).push(...values)
        break
      case 'user':
        ;(t.negated ? clauses.excludeUserIds : clauses.userIds).push(...values)
        break
      case 'type': {
        for (const v of values) {
          const type = CALL_TYPES.find((c) => c === v.toLowerCase())
          if (!type) fail(t, `Unknown call type "${v}". Use one of: ${CALL_TYPES.join(', ')}.`)
          else (t.negated ? clauses.excludeCallTypes : clauses.callTypes).push(type)
        }
        break
      }
      case 'status': {
        for (const v of values) {
          const lower = v.toLowerCase()
          const status = STATUSES.find((s) => s === lower) ?? STATUS_ALIASES[lower]
          if (!status) fail(t, `Unknown status "${v}". Use one of: ${STATUSES.join(', ')}.`)
          else (t.negated ? clauses.excludeStatuses : clauses.statuses).push(status)
        }
        break
      }
      case 'prop': {
        const key = field.slice('prop.'.length)
        // Several values of one property are alternatives, like every other field.
        for (const v of values) clauses.props.push({ key, value: v })
        break
      }
      case 'session':
        clauses.sessions.push(...values)
        break
      case 'rule':
        clauses.rules.push(...values)
        break
      case 'after':
      case 'before': {
        const when = parseWhen(t.value, now)
        if (when === null) {
          fail(
            t,
            `${field}: wants a date (2025-09-22), a date and time (2025-09-22T10:30) or an age (15m, 2h, 7d).`,
          )
        } else if (doc.field === 'after') {
          clauses.receivedAfter = Math.max(clauses.receivedAfter ?? -Infinity, when)
        } else {
          clauses.receivedBefore = Math.min(clauses.receivedBefore ?? Infinity, when)
        }
        break
      }
    }
  }
  return { clauses, errors }
}

/** What the token under the cursor is, for autocomplete. */
export interface CompletionContext {
  /** Range of the text a suggestion replaces. */
  start: number
  end: number
  /** `field` when typing a field name (or free text); otherwise the field whose value is being typed. */
  kind: 'field' | 'value' | 'prop-key'
  field: FilterField | null
  /** For prop values: the property key. */
  propKey?: string
  /** What has been typed of the part being completed. */
  prefix: string
  negated: boolean
}

export function completionContext(input: string, cursor: number): CompletionContext {
  let start = cursor
  while (start > 0 && !/\s/.test(input[start - 1] as string)) start--
  let end = cursor
  while (end < input.length && !/\s/.test(input[end] as string)) end++
  let token = input.slice(start, cursor)
  let negated = false
  let tokenStart = start
  if (token.startsWith('-')) {
    negated = true
    token = token.slice(1)
    tokenStart++
  }
  const colon = token.indexOf(':')
  if (colon === -1) {
    if (token.toLowerCase().startsWith('prop.')) {
      return { start: tokenStart, end, kind: 'prop-key', field: 'prop', prefix: token.slice(5), negated }
    }
    return { start: tokenStart, end, kind: 'field', field: null, prefix: token, negated }
  }
  const name = normalizeField(token.slice(0, colon))
  const valueStart = tokenStart + colon + 1
  // Within a comma list, complete only the last value.
  const rawValue = token.slice(colon + 1)
  const lastComma = rawValue.lastIndexOf(',')
  const prefix = rawValue.slice(lastComma + 1).replace(/^"/, '')
  const replaceFrom = valueStart + lastComma + 1
  if (name.startsWith('prop.')) {
    return { start: replaceFrom, end, kind: 'value', field: 'prop', propKey: name.slice(5), prefix, negated }
  }
  const doc = FILTER_FIELDS.find((f) => f.keyword === `${name}:`)
  return { start: replaceFrom, end, kind: 'value', field: doc?.field ?? null, prefix, negated }
}

/** Quote a value for the filter language when it holds spaces, quotes or commas. */
export function quoteValue(value: string): string {
  return /[\s",]/.test(value) || value === '' ? `"${value.replace(/"/g, '')}"` : value
}
