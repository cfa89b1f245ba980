/**
 * Requests that never became requests: malformed HTTP, headers too large,
 * a client that stalls while sending its headers (the headers timeout).
 * Node reports these as `clientError` before any handler runs. Each still
 * gets a JSON answer where the socket can take one, and a log row holding
 * the bytes that arrived and why they were refused, so a broken proxy or a
 * slow-loris client is visible in the stream instead of silently dropped.
 */
import type { Socket } from 'node:net'
import type { Entry } from '../commit-queue'
import { finding } from '../validate/finding'
import { errorAnswer, type Answer } from './answers'

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

/** A complete HTTP/1.1 response written straight to the socket (there is no ServerResponse yet). */
export function rawResponse(answer: Answer): string {
  const reason: Record<number, string> = {
    400: 'Bad Request',
    408: 'Request Timeout',
    431: 'Request Header Fields Too Large',
  }
  return (
    `HTTP/1.1 ${answer.status} ${reason[answer.status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    'Access-Control-Allow-Origin: *\r\n' +
    `Content-Length: ${Buffer.byteLength(answer.body)}\r\n` +
    'Connection: close\r\n\r\n' +
    answer.body
  )
}
