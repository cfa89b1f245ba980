/**
 * What the real Track API would reject about a send, known before it goes:
 * no credentials for an environment that needs them, a body or batch over
 * the API's limits, a captured call that went with a content type other
 * than JSON. The UI shows these and sends only once the user confirms.
 */
import type { EnvironmentView } from './contract/send'

/** The real API's limits (see the wire-format notes): 400 beyond either. */
export const API_MAX_BODY_BYTES = 2 * 1024 * 1024
export const API_MAX_EVENTS = 1_000

export type PreflightCode =
  'no-key' | 'unreadable-key' | 'body-too-large' | 'too-many-events' | 'content-type'

export interface PreflightWarning {
  code: PreflightCode
  message: string
}

export interface PreflightInput {
  environment: Pick<EnvironmentView, 'name' | 'baseUrl' | 'apiKey' | 'bearerToken'>
  /** The body about to go, if known (a batch of picked rows is assembled by the engine). */
  body?: string
  /** How many events go in one request, when the body is not at hand. */
  eventCount?: number
  /** The Content-Type the captured original arrived with (resends). */
  originalContentType?: string | null
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i

/** A base URL on this machine (the debugger itself, a local stand-in) needs no key. */
export function needsCredentials(baseUrl: string): boolean {
  try {
    return !LOOPBACK.test(new URL(baseUrl).hostname)
  } catch {
    return true
  }
}

function countEvents(body: string): number | null {
  try {
    const parsed: unknown = JSON.parse(body)
    return Array.isArray(parsed) ? parsed.length : 1
  } catch {
    return null
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(2)} MB`

export function preflight(input: PreflightInput): PreflightWarning[] {
  const out: PreflightWarning[] = []
  const env = input.environment
  if (needsCredentials(env.baseUrl)) {
    const usable = (s: typeof env.apiKey): boolean => s !== null && s.source !== 'unreadable'
    if (env.apiKey?.source === 'unreadable' && !usable(env.bearerToken))
      out.push({
        code: 'unreadable-key',
        message: `The key saved for ${env.name} cannot be read on this machine, so the send goes without one and the real API answers 401. Re-enter it under Environments.`,
      })
    else if (!usable(env.apiKey) && !usable(env.bearerToken))
      out.push({
        code: 'no-key',
        message: `Sending to ${env.name} without a key: the real API answers 401. Add an x-api-key under Environments.`,
      })
  }
  if (input.body !== undefined) {
    const bytes = new TextEncoder().encode(input.body).length
    if (bytes > API_MAX_BODY_BYTES)
      out.push({
        code: 'body-too-large',
        message: `The body is ${mb(bytes)}; the real API rejects more than 2 MB in one request (400).`,
      })
  }
  const events = input.eventCount ?? (input.body !== undefined ? countEvents(input.body) : null)
  if (events !== null && events > API_MAX_EVENTS)
    out.push({
      code: 'too-many-events',
      message: `${events.toLocaleString('en-US')} events in one request; the real API accepts at most ${API_MAX_EVENTS.toLocaleString('en-US')} (400).`,
    })
  const type = input.originalContentType?.split(';')[0]?.trim().toLowerCase()
  if (type && type !== 'application/json')
    out.push({
      code: 'content-type',
      message: `The captured call went as ${type}, which the real API may reject; this send goes as application/json, as the SDKs send it, so the answer can differ from what the app got.`,
    })
  return out
}
