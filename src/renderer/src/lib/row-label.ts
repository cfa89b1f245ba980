import { neutraliseBidi } from '../../../shared/display-text'
import type { EventSummary } from '../../../shared/model'

/**
 * What the Event column says. Event rows show their name; a request that
 * carried no events (a preflight, a status check, a body that did not
 * parse) is described by its call type, muted, so it reads as plumbing.
 */
export function rowLabel(row: EventSummary): { text: string; muted: boolean } {
  if (row.kind === 'event') {
    if (row.eventName) return { text: neutraliseBidi(row.eventName), muted: false }
    // identify calls have no name of their own; group rows are named by their group_id.
    if (row.callType === 'identify') return { text: 'identify', muted: true }
    if (row.callType === 'group') return { text: '(no group_id)', muted: true }
    return { text: '(no event_name)', muted: true }
  }
  switch (row.callType) {
    case 'preflight':
      return { text: 'OPTIONS · CORS preflight', muted: true }
    case 'subscription':
      return { text: 'GET /subscriptionStatus', muted: true }
    case 'track':
    case 'identify':
    case 'group':
      return { text: `/${row.callType} request · no events`, muted: true }
    default:
      return { text: 'Request to an unknown path', muted: true }
  }
}
