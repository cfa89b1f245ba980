/**
 * Checks calls against the Track API as it really goes over the wire
 * (TRACK-API.md): body shape and batch limits for the request, and for each
 * track / identify / group event its fields, their types, the timestamp
 * and anonymous-user rules. Every finding names a rule from
 * `rule-catalog.ts` and a JSON pointer into the event (or the body).
 */
import type { CallType, Finding } from '../../../shared/model'
import { API_MAX_BODY_BYTES, API_MAX_EVENTS } from '../../../shared/preflight'
import { finding, pointer } from './finding'
import { lintJson } from './json-lint'
import { MAX_CLOCK_SKEW_MS, parseIsoTimestamp } from './timestamp'
import type { CallContext, Validator } from './types'

export const MAX_EVENTS_PER_REQUEST = API_MAX_EVENTS
export const MAX_BODY_BYTES = API_MAX_BODY_BYTES

/** Top-level fields each call type documents; anything else is a warning. */
const KNOWN_FIELDS: Partial<Record<CallType, ReadonlySet<string>>> = {
  track: new Set(['event_name', 'event', 'properties', 'user_id', 'context', 'timestamp']),
  identify: new Set(['user_id', 'traits', 'timestamp', 'context']),
  group: new Set(['group_id', 'user_id', 'traits', 'timestamp', 'context']),
}

const CONTEXT_STRINGS = ['group_id', 'device_id', 'session_id', 'source'] as const

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== ''
}

function isTrackCall(type: CallType): boolean {
  return type === 'track' || type === 'identify' || type === 'group'
}

export function validateRequestShape(ctx: CallContext, body: unknown): Finding[] {
  const out: Finding[] = []
  if (!isTrackCall(ctx.callType)) return out
  if (Array.isArray(body)) {
    if (body.length === 0) out.push(finding('body.empty-array', '', 'The array holds no events.'))
  } else if (ctx.singleObject) {
    out.push(finding('body.single-object', '', 'A single object was sent; current SDKs send a JSON array.'))
  } else {
    out.push(
      finding(
        'body.shape',
        '',
        `The body must be a JSON array of events (or one event object), not ${typeName(body)}.`,
      ),
    )
  }
  if (ctx.eventCount > MAX_EVENTS_PER_REQUEST) {
    out.push(
      finding(
        'body.too-many-events',
        '',
        `${ctx.eventCount} events in one request; the API accepts at most ${MAX_EVENTS_PER_REQUEST}.`,
      ),
    )
  }
  if (ctx.bodyBytes > MAX_BODY_BYTES) {
    out.push(
      finding(
        'body.too-large',
        '',
        `The body is ${ctx.bodyBytes} bytes, over the API's 2 MB limit; it answers 400.`,
      ),
    )
  }
  return out
}

function checkName(e: Record<string, unknown>, out: Finding[]): void {
  const hasName = 'event_name' in e
  if (!hasName && 'event' in e) {
    out.push(
      finding(
        'event_name.legacy-field',
        '/event',
        'Uses "event", the older name of the field; the API documents "event_name".',
      ),
    )
    if (!nonEmptyString(e['event']))
      out.push(
        finding(
          'event_name.required',
          '/event',
          `event must be a non-empty string, got ${typeName(e['event'])}.`,
        ),
      )
    return
  }
  if (!hasName) out.push(finding('event_name.required', '/event_name', 'event_name is missing.'))
  else if (!nonEmptyString(e['event_name']))
    out.push(
      finding(
        'event_name.required',
        '/event_name',
        `event_name must be a non-empty string, got ${describe(e['event_name'])}.`,
      ),
    )
}

function describe(v: unknown): string {
  return typeof v === 'string' ? 'an empty string' : typeName(v)
}

function checkUser(ctx: CallContext, e: Record<string, unknown>, out: Finding[]): void {
  const userId = e['user_id']
  if (userId !== undefined && typeof userId !== 'string') {
    out.push(finding('user_id.type', '/user_id', `user_id must be a string, got ${typeName(userId)}.`))
    return
  }
  if (ctx.callType === 'identify') {
    if (!nonEmptyString(userId))
      out.push(
        finding(
          'user_id.required',
          '/user_id',
          'identify needs a non-empty user_id: the user being identified.',
        ),
      )
    return
  }
  if (ctx.callType === 'track' && !nonEmptyString(userId)) {
    const context = e['context']
    const device = isRecord(context) ? context['device_id'] : undefined
    if (!nonEmptyString(device)) {
      out.push(
        finding(
          'user_id.anonymous-no-device',
          userId === undefined ? '' : '/user_id',
          'Anonymous event (no user_id) without context.device_id: nothing identifies who sent it.',
        ),
      )
    }
  }
}

function checkObjects(ctx: CallContext, e: Record<string, unknown>, out: Finding[]): void {
  for (const field of ['properties', 'context', 'traits'] as const) {
    const v = e[field]
    if (v !== undefined && !isRecord(v))
      out.push(finding('field.not-object', `/${field}`, `${field} must be an object, got ${typeName(v)}.`))
  }
  const context = e['context']
  if (isRecord(context)) {
    for (const key of CONTEXT_STRINGS) {
      const v = context[key]
      if (v !== undefined && typeof v !== 'string')
        out.push(
          finding(
            'context.field-type',
            pointer('context', key),
            `context.${key} must be a string, got ${typeName(v)}.`,
          ),
        )
    }
  }
  if (ctx.callType === 'identify' || ctx.callType === 'group') {
    if (e['traits'] === undefined)
      out.push(finding('traits.required', '/traits', `${ctx.callType} needs a traits object.`))
  }
  if (ctx.callType === 'group' && !nonEmptyString(e['group_id'])) {
    out.push(
      finding(
        'group_id.required',
        '/group_id',
        e['group_id'] === undefined
          ? 'group needs a group_id.'
          : `group_id must be a non-empty string, got ${describe(e['group_id'])}.`,
      ),
    )
  }
}

function checkTimestamp(ctx: CallContext, e: Record<string, unknown>, out: Finding[]): void {
  const ts = e['timestamp']
  if (ts === undefined) {
    out.push(
      finding('timestamp.missing', '/timestamp', 'No timestamp; the SDKs send the time the event happened.'),
    )
    return
  }
  const ms = typeof ts === 'string' ? parseIsoTimestamp(ts) : null
  if (ms === null) {
    out.push(
      finding(
        'timestamp.format',
        '/timestamp',
        `timestamp must be ISO-8601 with a time zone, like ${new Date(ctx.receivedAt).toISOString()}; got ${typeof ts === 'string' ? JSON.stringify(ts.slice(0, 60)) : typeName(ts)}.`,
      ),
    )
    return
  }
  const skew = ms - ctx.receivedAt
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    const hours = Math.round(Math.abs(skew) / 3_600_000)
    out.push(
      finding(
        'timestamp.skew',
        '/timestamp',
        `timestamp is ${hours} h ${skew > 0 ? 'ahead of' : 'behind'} the time the call arrived; check the sender's clock or replayed events.`,
      ),
    )
  }
}

function checkUnknown(ctx: CallContext, e: Record<string, unknown>, out: Finding[]): void {
  const known = KNOWN_FIELDS[ctx.callType]
  if (!known) return
  for (const key of Object.keys(e)) {
    if (!known.has(key))
      out.push(
        finding(
          'field.unknown',
          pointer(key),
          `"${key}" is not a field of a ${ctx.callType} call; the API ignores it.`,
        ),
      )
  }
}

export function validateSpecEvent(ctx: CallContext, event: unknown, json?: string): Finding[] {
  if (!isTrackCall(ctx.callType)) return []
  if (!isRecord(event))
    return [finding('event.not-object', '', `Each event must be a JSON object, not ${typeName(event)}.`)]
  const out: Finding[] = []
  if (ctx.callType === 'track') checkName(event, out)
  checkUser(ctx, event, out)
  checkObjects(ctx, event, out)
  checkTimestamp(ctx, event, out)
  checkUnknown(ctx, event, out)
  if (json !== undefined) out.push(...lintJson(json, '', event))
  return out
}

export const specValidator: Validator = {
  validateRequest: validateRequestShape,
  validateEvent: (ctx, event, _index, json) => validateSpecEvent(ctx, event, json),
}
