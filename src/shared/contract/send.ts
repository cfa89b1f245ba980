/**
 * The send domain of the contract: environments and their credentials,
 * the capture mode (capture, forward, fault injection), edit & resend,
 * the composer's saved payloads and "copy as".
 *
 * Secrets cross this boundary in one direction only: the UI may hand a key
 * to the engine (`environments.setCredentials`); every answer carries the
 * masked form. The one exception is `send.copyAs` with `revealSecrets`,
 * which the user asks for explicitly.
 */
import type { Finding, HeaderPair } from '../model'

/** Built-in environments have fixed ids; user-defined ones get `env_<random>`. */
export type BuiltinEnvironmentId = 'production' | 'development' | 'local'

/** Where an environment's credential comes from. `variable` = the headless process's environment variable. */
/** `unreadable`: stored, but it cannot be decrypted here (keychain changed or unavailable): re-enter it. */
export type SecretSource = 'stored' | 'variable' | 'unreadable'

export interface MaskedSecret {
  /** e.g. `••••a1b2`; never the secret. Empty when unreadable. */
  masked: string
  source: SecretSource
  /** Why an unreadable key cannot be used, and what to do. */
  problem?: string
}

export interface EnvironmentView {
  id: string
  name: string
  /** Base URL the call path is appended to, e.g. https://api.app.thrivestack.ai/api */
  baseUrl: string
  builtin: boolean
  /** Values for `{{name}}` placeholders in composed payloads. */
  variables: Record<string, string>
  apiKey: MaskedSecret | null
  bearerToken: MaskedSecret | null
}

export type CaptureMode = 'capture' | 'forward' | 'fault'
export type FaultStatus = 400 | 401 | 429 | 500 | 503
export const FAULT_STATUSES: readonly FaultStatus[] = [400, 401, 429, 500, 503]

export interface FaultConfig {
  /** `status`: answer with `status`; `drop`: close the connection without an answer; `none`: answer normally (delay only). */
  action: 'status' | 'drop' | 'none'
  status: FaultStatus
  /** Sent as `Retry-After` with a 429 or 503. */
  retryAfterSeconds: number
  /** Wait this long before answering (or dropping). */
  delayMs: number
  /** Share of matching requests that get the fault, 0–100 %. */
  percent: number
  /** Only requests carrying an event with this name (empty: every request). */
  eventName: string
}

export interface CaptureModeConfig {
  mode: CaptureMode
  /** The environment forward mode passes requests to. */
  upstreamEnvironmentId: string
  fault: FaultConfig
}

export interface CaptureModeState extends CaptureModeConfig {
  /** Resolved forward target, for display; null when the environment no longer exists. */
  upstreamName: string | null
  upstreamUrl: string | null
}

export type SendCallType = 'track' | 'identify' | 'group'

/** What happened to one send (or forward), as recorded beside its request. */
export interface UpstreamExchange {
  requestId: number
  kind: 'forward' | 'resend' | 'composed' | 'fault'
  environmentId: string | null
  environmentName: string | null
  /** Where it went; empty for an injected fault. */
  url: string
  method: string
  /** Headers that went out; credentials masked. */
  sentHeaders: HeaderPair[]
  /** The exact body that went out. */
  sentBody: string
  /** Null when no answer came (refused, timed out, dropped). */
  status: number | null
  headers: HeaderPair[]
  body: string
  latencyMs: number | null
  /** In words, when the upstream could not be reached or broke off. */
  error: string | null
  errorCode: UpstreamErrorCode | null
  /** Description of the injected fault, when this was one. */
  fault: string | null
  startedAt: number
}

export type UpstreamErrorCode =
  'refused' | 'timeout' | 'reset' | 'incomplete' | 'dns' | 'tls' | 'too-large' | 'aborted' | 'other'

export interface SendOutcome {
  requestId: number
  /** First stream row of the new entry, to select it. */
  eventId: number | null
  exchange: UpstreamExchange
}

export interface RelatedEntry {
  requestId: number
  eventId: number | null
  origin: string
  receivedAt: number
  responseStatus: number
}

export interface RelatedEntries {
  parent: RelatedEntry | null
  children: RelatedEntry[]
}

export interface DraftCheck {
  /** Set when the draft is not JSON; offset into the text. */
  syntaxError: { message: string; offset: number } | null
  requestFindings: Finding[]
  /** Findings per event; `index` is the event's position in the body array. */
  events: { index: number; findings: Finding[] }[]
}

export interface Vocabulary {
  eventNames: string[]
  propertyNames: string[]
}

export interface SavedPayload {
  id: number
  name: string
  collection: string
  callType: SendCallType
  body: string
  updatedAt: number
}

export type CopyFormat = 'curl' | 'fetch' | 'node' | 'browser'
export const COPY_FORMATS: readonly CopyFormat[] = ['curl', 'fetch', 'node', 'browser']

export interface SendPushes {
  /** The capture mode changed (from any client, or the command line). */
  'capture.modeChanged': CaptureModeState
  /** Environments or their credentials changed. */
  'environments.changed': EnvironmentView[]
}

export const SEND_PUSHES = [
  'capture.modeChanged',
  'environments.changed',
] as const satisfies readonly (keyof SendPushes)[]
