/**
 * The one contract between the engine and the UI, whatever carries it
 * (Electron IPC on desktop, HTTP + server-sent events headless).
 *
 * Each domain declares its methods and pushes in `contract/<domain>.ts`;
 * this file joins them. `ApiMethods` is the request map, `ApiPushes` the
 * pushed-event map. Both transports, the preload bridge and the renderer
 * are typed from these; argument shapes are checked at runtime by
 * `schemas.ts`.
 */
import { STREAM_METHODS, STREAM_PUSHES, type StreamMethods, type StreamPushes } from './contract/stream'
import {
  VALIDATION_METHODS,
  VALIDATION_PUSHES,
  type ValidationMethods,
  type ValidationPushes,
} from './contract/validation'
import {
  SESSIONS_METHODS,
  SESSIONS_PUSHES,
  type SessionsMethods,
  type SessionsPushes,
} from './contract/sessions'
import {
  TRANSFER_METHODS,
  TRANSFER_PUSHES,
  type TransferMethods,
  type TransferPushes,
} from './contract/transfer'
import { SEND_METHODS, SEND_PUSHES, type SendMethods, type SendPushes } from './contract/send'
import {
  RETENTION_METHODS,
  RETENTION_PUSHES,
  type RetentionMethods,
  type RetentionPushes,
} from './contract/retention'
import { SEARCH_METHODS, SEARCH_PUSHES, type SearchMethods, type SearchPushes } from './contract/search'
import { PROXY_METHODS, PROXY_PUSHES, type ProxyMethods, type ProxyPushes } from './contract/proxy'

export type ApiMethods = StreamMethods &
  ValidationMethods &
  SessionsMethods &
  TransferMethods &
  SendMethods &
  RetentionMethods &
  SearchMethods &
  ProxyMethods

export type ApiPushes = StreamPushes &
  ValidationPushes &
  SessionsPushes &
  TransferPushes &
  SendPushes &
  RetentionPushes &
  SearchPushes &
  ProxyPushes

export type MethodName = keyof ApiMethods
export type MethodInput<M extends MethodName> = Parameters<ApiMethods[M]>[0]
export type MethodOutput<M extends MethodName> = ReturnType<ApiMethods[M]>
export type PushName = keyof ApiPushes

/** The async API the renderer holds; it never knows which transport is behind it. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  on<P extends PushName>(name: P, listener: (payload: ApiPushes[P]) => void): () => void
}

/** Every method name, for transports that must enumerate them (preload, HTTP router). */
export const METHOD_NAMES = [
  ...STREAM_METHODS,
  ...VALIDATION_METHODS,
  ...SESSIONS_METHODS,
  ...TRANSFER_METHODS,
  ...SEND_METHODS,
  ...RETENTION_METHODS,
  ...SEARCH_METHODS,
  ...PROXY_METHODS,
] as const satisfies readonly MethodName[]
export const PUSH_NAMES = [
  ...STREAM_PUSHES,
  ...VALIDATION_PUSHES,
  ...SESSIONS_PUSHES,
  ...TRANSFER_PUSHES,
  ...SEND_PUSHES,
  ...RETENTION_PUSHES,
  ...SEARCH_PUSHES,
  ...PROXY_PUSHES,
] as const satisfies readonly PushName[]

// Compile-time proof that the name lists cover the interfaces.
type Missing<All, Listed> = Exclude<All, Listed>
const _methodsComplete: [Missing<MethodName, (typeof METHOD_NAMES)[number]>] extends [never] ? true : never =
  true
const _pushesComplete: [Missing<PushName, (typeof PUSH_NAMES)[number]>] extends [never] ? true : never = true
void _methodsComplete
void _pushesComplete

/** Error shape both transports use to report a failed call. */
export interface ApiErrorBody {
  error: { code: 'bad_input' | 'not_found' | 'internal' | 'unauthorized'; message: string }
}

/** IPC channel names are derived, never typed by hand. */
export const ipcChannel = (name: MethodName): string => `api:${name}`
export const ipcPushChannel = 'api:push'
