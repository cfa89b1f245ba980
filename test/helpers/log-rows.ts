/**
 * Rows for tests that write the log directly: a typical captured track call,
 * with each test stating only what it varies.
 */
import type { NewEvent } from '../../src/main/engine/db/event-repository'
import type { NewRequest } from '../../src/main/engine/db/request-repository'

export function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  const body = overrides.body === undefined ? Buffer.from('[]') : overrides.body
  return {
    receivedAt: 1_700_000_000_000,
    method: 'POST',
    path: '/api/track',
    query: '',
    callType: 'track',
    headers: [],
    remoteAddress: null,
    origin: null,
    userAgent: null,
    contentType: 'application/json',
    body,
    bodySize: body?.length ?? 0,
    bodyTruncated: false,
    responseStatus: 200,
    responseBody: '{}',
    latencyMs: null,
    responseHeaders: null,
    error: null,
    eventCount: 1,
    status: 'valid',
    findings: [],
    entryOrigin: 'captured',
    parentId: null,
    ...overrides,
  }
}

export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    kind: 'event',
    idx: 0,
    callType: 'track',
    eventName: null,
    userId: null,
    source: null,
    sentAt: null,
    status: 'valid',
    findings: [],
    json: null,
    ...overrides,
  }
}
