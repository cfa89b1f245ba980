/**
 * Which Track call a request path is. SDKs append the call's path to their
 * `apiEndpoint`, which users set with or without the `/api` suffix, so both
 * `/api/track` and `/track` are recognised.
 */
import type { CallType } from '../../../shared/model'

const PATHS: Record<string, CallType> = {
  '/track': 'track',
  '/identify': 'identify',
  '/group': 'group',
  '/subscriptionstatus': 'subscription',
}

export function callTypeForPath(method: string, path: string): CallType {
  if (method === 'OPTIONS') return 'preflight'
  const clean = path.replace(/\/+$/, '').toLowerCase()
  const bare = clean.startsWith('/api/') ? clean.slice(4) : clean
  return PATHS[bare] ?? 'other'
}

/** The method each call type expects. */
export function expectedMethod(type: CallType): string | null {
  if (type === 'subscription') return 'GET'
  if (type === 'track' || type === 'identify' || type === 'group') return 'POST'
  return null
}
