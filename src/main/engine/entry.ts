/** What the capture path, sends and imports hand the commit queue, and what they get back. */
import type { EventSummary } from '../../shared/model'
import type { NewEvent } from './db/event-repository'
import type { NewRequest } from './db/request-repository'

export interface Entry {
  request: NewRequest
  events: NewEvent[]
  /** Session to tag the rows with; left out, the session active at commit (if any) is used. */
  sessionId?: number | null
  /** Bulk work (an import): committed after the live calls queued beside it, never with them. */
  background?: boolean
}

export interface Committed {
  requestId: number
  summaries: EventSummary[]
}
