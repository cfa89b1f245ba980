/**
 * Data shapes shared by the engine, the preload bridge and the renderer.
 * Plain TypeScript only: no Node, DOM or Electron types may leak in here.
 */

/** What kind of Track call a captured request was, by its path. */
export type CallType = 'track' | 'identify' | 'group' | 'subscription' | 'preflight' | 'other'
export const CALL_TYPES: readonly CallType[] = [
  'track',
  'identify',
  'group',
  'subscription',
  'preflight',
  'other',
]

/** Validation outcome of an event or a request; `unchecked` until a validator has looked at it. */
export type Status = 'valid' | 'warnings' | 'invalid' | 'unchecked'
export const STATUSES: readonly Status[] = ['valid', 'warnings', 'invalid', 'unchecked']

export type Severity = 'error' | 'warning' | 'info'

/** One thing a validator has to say about a call. `path` is a JSON pointer into the event (or the body). */
export interface Finding {
  severity: Severity
  path: string
  rule: string
  message: string
}

/** An error of the Track API's own rules, which the real API answers 400 (not the team's tracking plan). */
export function isSpecError(f: Finding): boolean {
  return f.severity === 'error' && !f.rule.startsWith('plan.')
}

/** Invalid only against the tracking plan: the real API accepts it, the plan does not. */
export function isPlanOnly(status: Status, findings: readonly Finding[]): boolean {
  return status === 'invalid' && !findings.some(isSpecError)
}

/** Where a log entry came from. */
/** captured: at the capture port; proxied: decrypted by the capture proxy; the rest were made here. */
export type EntryOrigin = 'captured' | 'proxied' | 'resend' | 'composed' | 'imported'

/** A stream row is either an event carried by a request, or a request that carried none (bad JSON, preflight, 404). */
export type EntryKind = 'event' | 'request'

/** One row of the live stream: small, so that pages and pushes stay cheap. */
export interface EventSummary {
  id: number
  requestId: number
  kind: EntryKind
  /** Receive time, epoch milliseconds. */
  receivedAt: number
  callType: CallType
  eventName: string | null
  userId: string | null
  source: string | null
  status: Status
  /** HTTP status the capture server answered with. */
  responseStatus: number
  /** From receipt to the answer (for a send, the upstream's time); null when unknown (imported). */
  latencyMs: number | null
  /** Bytes of the answer's body; null when unknown (imported). */
  responseBytes: number | null
  origin: EntryOrigin
  findingCount: number
  /** Invalid only against the tracking plan (the real API accepts it): shown apart from spec errors. */
  planOnly: boolean
}

/** A header as it was received, in order; secret values are already redacted. */
export type HeaderPair = [name: string, value: string]

export interface RequestRecord {
  id: number
  receivedAt: number
  method: string
  path: string
  query: string
  callType: CallType
  headers: HeaderPair[]
  remoteAddress: string | null
  origin: string | null
  userAgent: string | null
  contentType: string | null
  /** The raw body, decoded as UTF-8 for display (lossy only for invalid UTF-8; see bodyBase64). */
  bodyText: string
  /** Present when the body is not valid UTF-8, so nothing is lost. */
  bodyBase64: string | null
  bodySize: number
  bodyTruncated: boolean
  responseStatus: number
  responseBody: string
  /** Headers the answer went out with (for a send, the upstream's, secrets masked); null when unknown. */
  responseHeaders: HeaderPair[] | null
  /** From receipt to the answer being ready (for a send, the upstream's time); null when unknown (imported). */
  latencyMs: number | null
  /** Why the capture server rejected the request, in words, when it did. */
  error: string | null
  eventCount: number
  status: Status
  findings: Finding[]
  entryOrigin: EntryOrigin
  parentId: number | null
}

export interface EventDetail extends EventSummary {
  /** The event's own JSON text (null for request-only rows). */
  json: string | null
  /** Position in the request's batch, 0-based; -1 for request-only rows. */
  index: number
  findings: Finding[]
  request: RequestRecord
}

export interface EventQuery {
  /** Free text: full-text search (word prefixes) over event name, user id and property keys and values. */
  text?: string
  /**
   * A filter-language string (`event:signed_up status:invalid "free text"`, see
   * shared/filter-language.ts), parsed by the engine; it narrows whatever the
   * structured fields below already say.
   */
  q?: string
  /** Exact event names (a trailing `*` makes one a prefix). */
  eventNames?: string[]
  excludeEventNames?: string[]
  userIds?: string[]
  excludeUserIds?: string[]
  excludeCallTypes?: CallType[]
  excludeStatuses?: Status[]
  /** Property (or trait) equals value, case-insensitively; several on one key are alternatives. */
  props?: { key: string; value: string }[]
  /** Receive time bounds, epoch ms: from (inclusive) and until (exclusive). */
  receivedFrom?: number
  receivedUntil?: number
  callTypes?: CallType[]
  statuses?: Status[]
  /** Rows with at least one finding from one of these rules (ids from `rules.list`). */
  rules?: string[]
  /** Show preflight and subscriptionStatus rows too (hidden by default: every browser call has one). */
  includeProtocol?: boolean
  /** Only rows captured during this QA session (its id). */
  session?: number
  /** Only rows of calls sent for this test (the x-track-debugger-test header). */
  testId?: string
  /** Keyset cursor: return rows with id < before (older). */
  before?: number
  /** Keyset cursor: return rows with id > after (newer), oldest first. */
  after?: number
  limit?: number
}

export interface EventPage {
  items: EventSummary[]
  /** Cursor for the next older page, or null at the end of the log. */
  nextBefore: number | null
  /** Number of rows matching the query (capped when expensive; see totalIsExact). */
  total: number
  totalIsExact: boolean
}

export interface CaptureInfo {
  /** Base URL an SDK's `apiEndpoint` points at, e.g. http://127.0.0.1:8787/api */
  captureUrl: string
  host: string
  port: number
  version: string
  dataDir: string
  databasePath: string
  transport: 'ipc' | 'http'
  /** How stored credentials are protected here, in words ("encrypted with the operating system keychain"). */
  credentialProtection: string
  /** The capture proxy (HTTPS_PROXY for apps that cannot be changed), while it listens. */
  proxyUrl: string | null
}

export interface LogStats {
  requests: number
  events: number
  databaseBytes: number
  /** The newest event's id (0 for an empty log): where a client's next wait or poll starts. */
  lastEventId: number
}

export interface ClearResult {
  deletedRequests: number
}
