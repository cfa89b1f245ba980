/**
 * Turns the bytes of a Track call into the events it carried, each as the
 * exact JSON text it was sent as, plus the findings that decide whether
 * the real API would have accepted it.
 *
 * This never throws on input: whatever arrived becomes findings.
 */
import type { CallType, Finding } from '../../../shared/model'
import type { NewEvent } from '../db/event-repository'
import { contentTypeFindings } from '../validate/content-type'
import { type CallContext, type Validator, statusOf } from '../validate/types'
import { scanJson, MAX_JSON_DEPTH } from './json-scan'

export interface ParsedCall {
  events: NewEvent[]
  requestFindings: Finding[]
}

// ignoreBOM keeps a leading BOM in the text, so it can be reported rather than silently dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}

/** An identifier as sent: a string, or a number written as its JSON text (`42`), never shown as anonymous. */
function idText(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** The columns the stream filters on, read from one event. */
export function extractFields(
  callType: CallType,
  value: unknown,
): Pick<NewEvent, 'eventName' | 'userId' | 'source' | 'sentAt'> {
  const obj = record(value)
  if (!obj) return { eventName: null, userId: null, source: null, sentAt: null }
  const context = record(obj['context'])
  const eventName =
    callType === 'track'
      ? (str(obj['event_name']) ?? str(obj['event']))
      : callType === 'group'
        ? str(obj['group_id'])
        : null
  return {
    eventName,
    userId: idText(obj['user_id']),
    source: str(context?.['source']),
    sentAt: str(obj['timestamp']),
  }
}

function fail(rule: string, message: string, path = ''): Finding {
  return { severity: 'error', path, rule, message }
}

export function parseCall(
  callType: CallType,
  body: Buffer,
  receivedAt: number,
  validator: Validator,
  /** The request's Content-Type; judged only when given (undefined skips the check). */
  contentType?: string | null,
): ParsedCall {
  const requestFindings: Finding[] = contentType === undefined ? [] : contentTypeFindings(contentType)
  if (body.length === 0) {
    requestFindings.push(fail('body.empty', 'The body is empty; send a JSON array of events.'))
    return { events: [], requestFindings }
  }
  let text: string
  try {
    text = utf8.decode(body)
  } catch {
    requestFindings.push(fail('body.utf8', 'The body is not valid UTF-8 text; JSON must be UTF-8.'))
    return { events: [], requestFindings }
  }
  if (text.charCodeAt(0) === 0xfeff) {
    // A BOM is tolerated (JSON.parse would choke on it) but worth knowing.
    requestFindings.push({
      severity: 'warning',
      path: '',
      rule: 'body.bom',
      message: 'The body starts with a byte-order mark; some servers reject it.',
    })
    text = text.slice(1)
  }
  const scan = scanJson(text)
  if (scan.tooDeep) {
    requestFindings.push(
      fail('json.depth', `JSON is nested deeper than ${MAX_JSON_DEPTH} levels; it was not parsed.`),
    )
    return { events: [], requestFindings }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    requestFindings.push(fail('json.syntax', `The body is not valid JSON: ${(error as Error).message}`))
    return { events: [], requestFindings }
  }

  const singleObject = scan.top === 'object'
  const spans: [number, number][] = Array.isArray(parsed)
    ? scan.elements
    : singleObject
      ? [[0, text.length]]
      : []
  const values: unknown[] = Array.isArray(parsed) ? parsed : singleObject ? [parsed] : []
  const ctx: CallContext = {
    callType,
    receivedAt,
    bodyBytes: body.length,
    singleObject,
    eventCount: values.length,
  }
  requestFindings.push(...validator.validateRequest(ctx, parsed))

  const events: NewEvent[] = values.map((value, index) => {
    const span = spans[index]
    // The scanner and JSON.parse agree on element boundaries for valid JSON; fall back defensively.
    const json = span ? text.slice(span[0], span[1]).trim() : JSON.stringify(value)
    const findings = validator.validateEvent(ctx, value, index, span ? json : undefined)
    return {
      kind: 'event',
      idx: index,
      callType,
      ...extractFields(callType, value),
      status: statusOf(findings),
      findings,
      json,
    }
  })
  return { events, requestFindings }
}
