/**
 * Requests that never became requests: malformed HTTP, headers too large,
 * a client that stalls while sending its headers (the headers timeout).
 * Node reports these as `clientError` before any handler runs. Each still
 * gets a JSON answer where the socket can take one, and a log row holding
 * the bytes that arrived and why they were refused, so a broken proxy or a
 * slow-loris client is visible in the stream instead of silently dropped.
 */
import type { Socket } from 'node:net'
import type { HeaderPair } from '../../../shared/model'
import type { Entry } from '../entry'
import { finding } from '../validate/finding'
import { answerHeaders, errorAnswer, type Answer } from './answers'
import { redactHeaders } from './redact'

/** What of the raw bytes is kept: enough to see what the client sent. */
const PREVIEW_BYTES = 4096

interface ClientErrorLike {
  code?: string
  message: string
  rawPacket?: unknown
}

export function describeClientError(err: ClientErrorLike): {
  status: number
  message: string
  timeout: boolean
} {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        message: 'The request did not arrive in time (headers or body stalled).',
        timeout: true,
      }
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'Request headers are too large.', timeout: false }
    default:
      return {
        status: 400,
        message: `Malformed HTTP request${err.code ? ` (${err.code})` : ''}: ${err.message}`.slice(0, 300),
        timeout: false,
      }
  }
}

export function clientErrorEntry(
  err: ClientErrorLike,
  socket: Socket,
  now = Date.now(),
): { entry: Entry; answer: Answer } {
  const { status, message, timeout } = describeClientError(err)
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : null
  const body = raw ? raw.subarray(0, PREVIEW_BYTES) : null
  const answer = errorAnswer(status, message)
  const rule = timeout ? 'http.timeout' : 'http.malformed'
  const findings = [finding(rule, '', message)]
  return {
    answer,
    entry: {
      request: {
        receivedAt: now,
        method: '',
        path: '',
        query: '',
        callType: 'other',
        headers: [],
        remoteAddress: socket.remoteAddress ?? null,
        origin: null,
        userAgent: null,
        contentType: null,
        body,
        bodySize: raw?.length ?? 0,
        bodyTruncated: raw !== null && raw.length > PREVIEW_BYTES,
        responseStatus: status,
        responseBody: answer.body,
        error: message,
        responseHeaders: rawAnswerHeaders(answer),
        latencyMs: 0,
        eventCount: 0,
        status: 'invalid',
        findings,
        entryOrigin: 'captured',
        parentId: null,
      },
      events: [],
    },
  }
}

/** An answer written straight to the socket ends the connection and has no CORS (none of these is a Track call). */
export const rawAnswerHeaders = (answer: Answer): HeaderPair[] =>
  answerHeaders(answer, { cors: null, close: true })

/** A complete HTTP/1.1 response written straight to the socket (there is no ServerResponse yet). */
export function rawResponse(answer: Answer): string {
  const reason: Record<number, string> = {
    400: 'Bad Request',
    405: 'Method Not Allowed',
    408: 'Request Timeout',
    431: 'Request Header Fields Too Large',
  }
  const head = rawAnswerHeaders(answer)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  return `HTTP/1.1 ${answer.status} ${reason[answer.status] ?? 'Error'}\r\n${head}\r\n${answer.body}`
}

/**
 * A CONNECT (a client that took the capture port for a proxy): the capture
 * port tunnels nothing. It is answered 405 and recorded, so a misconfigured
 * HTTPS_PROXY shows up in the stream instead of as a silent failure.
 */
export function connectEntry(
  target: string,
  rawHeaders: string[],
  socket: Socket,
  now = Date.now(),
): { entry: Entry; answer: Answer } {
  const message =
    `The capture port is not a proxy: CONNECT ${target.slice(0, 200)} is refused. ` +
    'Point the SDK’s apiEndpoint at the capture URL instead.'
  const answer = errorAnswer(405, message)
  answer.headers = { Allow: 'GET, POST, OPTIONS' }
  const header = (name: string): string | null => {
    for (let i = 0; i + 1 < rawHeaders.length; i += 2)
      if ((rawHeaders[i] as string).toLowerCase() === name) return rawHeaders[i + 1] as string
    return null
  }
  return {
    answer,
    entry: {
      request: {
        receivedAt: now,
        method: 'CONNECT',
        path: target.slice(0, 2048),
        query: '',
        callType: 'other',
        headers: redactHeaders(rawHeaders),
        remoteAddress: socket.remoteAddress ?? null,
        origin: header('origin'),
        userAgent: header('user-agent'),
        contentType: null,
        body: null,
        bodySize: 0,
        bodyTruncated: false,
        responseStatus: 405,
        responseBody: answer.body,
        error: message,
        responseHeaders: rawAnswerHeaders(answer),
        latencyMs: 0,
        eventCount: 0,
        status: 'invalid',
        findings: [
          finding('http.method', '', 'CONNECT is not a Track API call; the capture port is not a proxy.'),
        ],
        entryOrigin: 'captured',
        parentId: null,
      },
      events: [],
    },
  }
}
