/** The stream domain of the contract: reading and clearing the event log. */
import type {
  CaptureInfo,
  ClearResult,
  EventDetail,
  EventPage,
  EventQuery,
  EventSummary,
  LogStats,
  RequestRecord,
} from '../model'

export interface StreamMethods {
  'app.info': (input: Record<string, never>) => CaptureInfo
  'events.list': (input: EventQuery) => EventPage
  'events.get': (input: { id: number }) => EventDetail | null
  'events.clear': (input: Record<string, never>) => ClearResult
  'requests.get': (input: { id: number }) => RequestRecord | null
  'log.stats': (input: Record<string, never>) => LogStats
}

export const STREAM_METHODS = [
  'app.info',
  'events.list',
  'events.get',
  'events.clear',
  'requests.get',
  'log.stats',
] as const satisfies readonly (keyof StreamMethods)[]

export interface StreamPushes {
  /** New stream rows, coalesced: at most one push per ~50 ms, oldest first, at most 500 rows. */
  'events.added': EventSummary[]
  /** The log was cleared (by this or another client). */
  'events.cleared': ClearResult
  /**
   * Desktop only: the engine's process stopped and is being restarted, runs
   * again, or could not be restarted. Sent by main, never by the engine.
   */
  'engine.status': EngineProcessStatus
}

export interface EngineProcessStatus {
  state: 'running' | 'restarting' | 'failed'
  /** What happened, in words for the user; null once it runs again. */
  message: string | null
}

export const STREAM_PUSHES = [
  'events.added',
  'events.cleared',
  'engine.status',
] as const satisfies readonly (keyof StreamPushes)[]
