/**
 * The bodies the real Track API answers with (see TRACK-API.md), so an SDK
 * pointed at the debugger behaves exactly as it would in production: it
 * parses every answer as JSON, and treats any non-2xx as a failure.
 */
import { randomUUID } from 'node:crypto'
import type { CallType, HeaderPair } from '../../../shared/model'

const SUCCESS_MESSAGES: Partial<Record<CallType, string>> = {
  track: 'Event tracked successfully',
  identify: 'User(s) identified successfully',
  group: 'Group(s) updated successfully',
}

export interface Answer {
  status: number
  body: string
  headers?: Record<string, string>
}

/**
 * The headers an answer goes out with, in order: the ones this app sets (Node adds `Date` and,
 * on a kept connection, `Connection: keep-alive`). `cors`: the CORS headers of Track routes;
 * `close`: the connection ends after it.
 */
export function answerHeaders(
  answer: Answer,
  opts: { cors: Record<string, string> | null; close: boolean },
): HeaderPair[] {
  const out: HeaderPair[] = Object.entries({ ...(opts.cors ?? {}), ...answer.headers })
  if (answer.body !== '') {
    out.push(['Content-Type', 'application/json; charset=utf-8'])
    out.push(['Content-Length', String(Buffer.byteLength(answer.body))])
  }
  if (opts.close) out.push(['Connection', 'close'])
  return out
}

export function successAnswer(type: CallType): Answer {
  if (type === 'subscription') return { status: 200, body: JSON.stringify({ status: 'active' }) }
  return {
    status: 200,
    body: JSON.stringify({
      success: true,
      response_id: randomUUID(),
      message: SUCCESS_MESSAGES[type] ?? 'OK',
    }),
  }
}

export function errorAnswer(status: number, message: string, extra?: Record<string, unknown>): Answer {
  return {
    status,
    body: JSON.stringify({ success: false, message, response_id: randomUUID(), ...extra }),
  }
}
