/**
 * Checks calls against the Track API as it really goes over the wire
 * (TRACK-API.md): body shape and batch limits for the request, and the
 * required fields of each event.
 */
import type { Finding } from '../../../shared/model'
import type { CallContext, Validator } from './types'

export const MAX_EVENTS_PER_REQUEST = 1000
export const MAX_BODY_BYTES = 2 * 1024 * 1024

function finding(severity: Finding['severity'], rule: string, path: string, message: string): Finding {
  return { severity, rule, path, message }
}

export const specValidator: Validator = {
  validateRequest(ctx: CallContext, body: unknown): Finding[] {
    const out: Finding[] = []
    if (ctx.callType !== 'track' && ctx.callType !== 'identify' && ctx.callType !== 'group') return out
    if (Array.isArray(body)) {
      if (body.length === 0) out.push(finding('error', 'body.empty-array', '', 'The array holds no events.'))
    } else if (ctx.singleObject) {
      out.push(
        finding(
          'info',
          'body.single-object',
          '',
          'A single object was sent; current SDKs send a JSON array.',
        ),
      )
    } else {
      out.push(
        finding('error', 'body.shape', '', 'The body must be a JSON array of events (or one event object).'),
      )
    }
    if (ctx.eventCount > MAX_EVENTS_PER_REQUEST) {
      out.push(
        finding(
          'error',
          'body.too-many-events',
          '',
          `${ctx.eventCount} events in one request; the API accepts at most ${MAX_EVENTS_PER_REQUEST}.`,
        ),
      )
    }
    if (ctx.bodyBytes > MAX_BODY_BYTES) {
      out.push(finding('error', 'body.too-large', '', `The body is over the API's 2 MB limit.`))
    }
    return out
  },

  validateEvent(ctx: CallContext, event: unknown): Finding[] {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      return [finding('error', 'event.not-object', '', 'Each event must be a JSON object.')]
    }
    const e = event as Record<string, unknown>
    const out: Finding[] = []
    if (ctx.callType === 'track') {
      const name = e['event_name'] ?? e['event']
      if (typeof name !== 'string' || name.trim() === '') {
        out.push(
          finding('error', 'event_name.required', '/event_name', 'event_name must be a non-empty string.'),
        )
      }
    }
    return out
  },
}
