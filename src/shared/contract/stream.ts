/** The stream domain of the contract: reading and clearing the event log. */
import type { CallType, ClearResult, EventSummary, Finding, Status } from '../model'

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

/** Counts over the log for one filter (`events.summary`). */
export interface LogSummary {
  total: number
  byStatus: Record<Status, number>
  byCallType: Record<string, number>
  /** Per call type and name, most frequent first, with how many of them were invalid. */
  byEventName: { callType: CallType; eventName: string | null; count: number; invalid: number }[]
}

/**
 * An event as the automation API and the MCP server answer it
 * (`events.read`): its row, and the event as sent, parsed.
 */
export interface AutomationEvent {
  id: number
  requestId: number
  receivedAt: string
  callType: CallType
  eventName: string | null
  userId: string | null
  status: Status
  findings: Finding[]
  origin: string
  sessionId: number | null
  /** The test the call was sent for, when it carried the x-track-debugger-test header. */
  testId: string | null
  /** The event as sent (parsed), or null for a request that carried no event. */
  event: unknown
}
