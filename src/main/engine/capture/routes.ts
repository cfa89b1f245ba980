/**
 * Which Track call a request path is. SDKs append the call's path to their
 * `apiEndpoint`, which users set with or without the `/api` suffix, so both
 * `/api/track` and `/track` are recognised.
 *
 * This is also the capture port's one security decision about paths: only
 * a Track route, called with its own method, is answered with CORS headers
 * and may be forwarded upstream with stored credentials. A preflight is
 * one only when it asks about a Track route.
 */
import type { CallType } from '../../../shared/model'

const PATHS: Record<string, CallType> = {
  '/track': 'track',
  '/identify': 'identify',
  '/group': 'group',
  '/subscriptionstatus': 'subscription',
}

function trackRouteOf(path: string): CallType {
  const clean = path.replace(/\/+$/, '').toLowerCase()
  const bare = clean.startsWith('/api/') ? clean.slice(4) : clean
  return PATHS[bare] ?? 'other'
}

export function callTypeForPath(method: string, path: string): CallType {
  const route = trackRouteOf(path)
  // OPTIONS on any other path is not a CORS preflight we answer: it is recorded as an unknown call.
  if (method === 'OPTIONS') return route === 'other' ? 'other' : 'preflight'
  return route
}

/** The method each call type expects. */
export function expectedMethod(type: CallType): string | null {
  if (type === 'subscription') return 'GET'
  if (type === 'track' || type === 'identify' || type === 'group') return 'POST'
  return null
}

/**
 * True when the request is a Track call with the method the real API takes:
 * the only requests forward mode relays (with credentials) and fault mode may break.
 */
export function isForwardable(type: CallType, method: string): boolean {
  const wanted = expectedMethod(type)
  return wanted !== null && wanted === method
}

/** The only answers that carry CORS headers: Track calls and the preflight that asks about one. */
export function answersWithCors(type: CallType, method: string): boolean {
  return type === 'preflight' || isForwardable(type, method)
}
