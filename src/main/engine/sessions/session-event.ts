import type { CallType, Finding, Status } from '../../../shared/model'

/** What expectation matching and reports need of an event. */
export interface SessionEvent {
  id: number
  receivedAt: number
  callType: CallType
  eventName: string | null
  userId: string | null
  status: Status
  findings: Finding[]
  json: string | null
}
