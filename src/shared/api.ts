/**
 * The one contract between the engine and the UI, whatever carries it
 * (Electron IPC on desktop, HTTP + server-sent events headless).
 *
 * `ApiMethods` is the request map; `ApiPushes` the pushed-event map. Both
 * transports, the preload bridge and the renderer are typed from these two
 * interfaces; argument shapes are checked at runtime by `schemas.ts`.
 */
import type {
  CaptureInfo,
  ClearResult,
  EventDetail,
  EventPage,
  EventQuery,
  EventSummary,
  LogStats,
  RequestRecord,
} from './model'

export interface ApiMethods {
  'app.info': (input: Record<string, never>) => CaptureInfo
  'events.list': (input: EventQuery) => EventPage
  'events.get': (input: { id: number }) => EventDetail | null
  'events.clear': (input: Record<string, never>) => ClearResult
  'requests.get': (input: { id: number }) => RequestRecord | null
  'log.stats': (input: Record<string, never>) => LogStats
}

export type MethodName = keyof ApiMethods
export type MethodInput<M extends MethodName> = Parameters<ApiMethods[M]>[0]
export type MethodOutput<M extends MethodName> = ReturnType<ApiMethods[M]>

export interface ApiPushes {
  /** New stream rows, coalesced: at most one push per ~50 ms, oldest first. */
  'events.added': EventSummary[]
  /** The log was cleared (by this or another client). */
  'events.cleared': ClearResult
}

export type PushName = keyof ApiPushes

/** The async API the renderer holds; it never knows which transport is behind it. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  on<P extends PushName>(name: P, listener: (payload: ApiPushes[P]) => void): () => void
}

/** Every method name, for transports that must enumerate them (preload, HTTP router). */
export const METHOD_NAMES = [
  'app.info',
  'events.list',
  'events.get',
  'events.clear',
  'requests.get',
  'log.stats',
] as const satisfies readonly MethodName[]

export const PUSH_NAMES = ['events.added', 'events.cleared'] as const satisfies readonly PushName[]

/** Error shape both transports use to report a failed call. */
export interface ApiErrorBody {
  error: { code: 'bad_input' | 'not_found' | 'internal' | 'unauthorized'; message: string }
}

/** IPC channel names are derived, never typed by hand. */
export const ipcChannel = (name: MethodName): string => `api:${name}`
export const ipcPushChannel = 'api:push'
