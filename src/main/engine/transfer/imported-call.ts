/**
 * Turns one call read from a file into a log entry through the same
 * parse-and-validate path live calls take, so an imported call carries the
 * findings it would have had if it had been captured. Secret headers are
 * redacted on the way in: HAR files hold API keys in clear.
 */
import type { CallType, HeaderPair } from '../../../shared/model'
import { parseCall } from '../capture/parse-call'
import { fingerprint, isSecretHeader } from '../capture/redact'
import type { Entry } from '../entry'
import { statusOf, worstStatus, type Validator } from '../validate/types'

export interface ImportedCall {
  callType: Extract<CallType, 'track' | 'identify' | 'group'>
  method: string
  path: string
  query: string
  headers: HeaderPair[]
  body: Buffer
  receivedAt: number
  /** What the real API (or whatever served the call) answered, when the file says. */
  responseStatus: number
  responseBody: string
  remoteAddress: string | null
}

const TRACK_PATH = /\/(track|identify|group)\/?$/i

/** Track calls are recognised by the last path segment, whatever base path the SDK was given. */
export function trackCallType(path: string): ImportedCall['callType'] | null {
  const m = TRACK_PATH.exec(path)
  return m ? ((m[1] as string).toLowerCase() as ImportedCall['callType']) : null
}

function headerValue(headers: HeaderPair[], name: string): string | null {
  const h = headers.find(([n]) => n.toLowerCase() === name)
  return h ? h[1] : null
}

/** Redact secret headers; a value this app already redacted (an export read back) is kept as it is. */
export function redactImported(headers: HeaderPair[]): HeaderPair[] {
  return headers.map(([name, value]) =>
    isSecretHeader(name) && !value.includes('••••') ? [name, fingerprint(value)] : [name, value],
  )
}

export function importedEntry(call: ImportedCall, validator: Validator): Entry {
  const headers = redactImported(call.headers)
  const contentType = headerValue(call.headers, 'content-type')
  const parsed = parseCall(call.callType, call.body, call.receivedAt, validator, contentType)
  const status = worstStatus([statusOf(parsed.requestFindings), ...parsed.events.map((e) => e.status)])
  const firstError = [...parsed.requestFindings, ...parsed.events.flatMap((e) => e.findings)].find(
    (f) => f.severity === 'error',
  )
  return {
    request: {
      receivedAt: call.receivedAt,
      method: call.method,
      path: call.path,
      query: call.query,
      callType: call.callType,
      headers,
      remoteAddress: call.remoteAddress,
      origin: headerValue(call.headers, 'origin'),
      userAgent: headerValue(call.headers, 'user-agent'),
      contentType,
      body: call.body,
      bodySize: call.body.length,
      bodyTruncated: false,
      responseStatus: call.responseStatus,
      responseBody: call.responseBody,
      // An export or a HAR holds no reliable time to answer for this debugger's columns.
      latencyMs: null,
      responseHeaders: null,
      error:
        call.responseStatus >= 400 ? (firstError?.message ?? `Answered HTTP ${call.responseStatus}.`) : null,
      eventCount: parsed.events.length,
      status,
      findings: parsed.requestFindings,
      entryOrigin: 'imported',
      parentId: null,
    },
    events: parsed.events,
    // Imported calls were not captured during whatever session is running now.
    sessionId: null,
  }
}
