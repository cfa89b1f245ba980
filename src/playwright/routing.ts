/**
 * Giving a page the debugger without touching the page: every request the
 * browser context makes to a Track API host (the browser SDK's built-in
 * default included), to an endpoint the test names, or to the capture URL
 * itself is answered by the capture server, with the test's id in the
 * `x-track-debugger-test` header. The page sees the capture server's answer
 * (the real API's, in strict mode), so its SDK behaves as in production;
 * nothing leaves the machine, and no certificate or proxy is involved.
 */
import type { BrowserContext, Route } from '@playwright/test'
import { TEST_ID_HEADER } from '../shared/test-id'

/** Where the public SDKs send by default: any `*.thrivestack.ai` API host (see the wire-format notes). */
const TRACK_HOST = /(^|\.)thrivestack\.ai$/i

interface Base {
  origin: string
  path: string
}

function baseOf(endpoint: string): Base {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new TypeError(`trackEndpoints: "${endpoint}" is not a URL (give the apiEndpoint an app uses).`)
  }
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') }
}

/** The part of `url`'s path below the endpoint it was sent to (`/track`), or null when it is not a Track call. */
export function trackPathOf(url: URL, endpoints: readonly Base[]): string | null {
  for (const e of endpoints)
    if (url.origin === e.origin && (url.pathname === e.path || url.pathname.startsWith(`${e.path}/`)))
      return url.pathname.slice(e.path.length) || '/'
  if (url.protocol === 'https:' && TRACK_HOST.test(url.hostname) && /^\/api(\/|$)/.test(url.pathname))
    return url.pathname.slice(4) || '/'
  return null
}

/**
 * Routes the context's Track calls to the capture server for one test; returns
 * a function that removes the routes (and waits for calls in flight).
 */
export async function routeTrackCalls(
  context: BrowserContext,
  captureUrl: string,
  testId: string,
  endpoints: readonly string[],
): Promise<() => Promise<void>> {
  const bases = [baseOf(captureUrl), ...endpoints.map(baseOf)]
  const capture = baseOf(captureUrl)
  const matcher = (url: URL): boolean => trackPathOf(url, bases) !== null
  const handler = async (route: Route): Promise<void> => {
    const request = route.request()
    const url = new URL(request.url())
    const target = `${capture.origin}${capture.path}${trackPathOf(url, bases) ?? url.pathname}${url.search}`
    try {
      const response = await route.fetch({
        url: target,
        headers: { ...request.headers(), [TEST_ID_HEADER]: testId },
        maxRedirects: 0,
      })
      await route.fulfill({ response })
    } catch {
      // The debugger went away (the worker is ending): the page sees a failed call, as it would offline.
      await route.abort('connectionrefused').catch(() => undefined)
    }
  }
  await context.route(matcher, handler)
  return () => context.unroute(matcher, handler)
}
