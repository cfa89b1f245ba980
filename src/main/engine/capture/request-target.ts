/**
 * A request's target (`/api/track?x=1`) as the path and query the log keeps,
 * exactly as WHATWG URL parsing gives them: dot segments resolved, characters
 * percent-encoded where the URL standard says, a target it refuses read as `/`.
 *
 * Building a URL costs a few microseconds per request on the capture port's
 * hot path, so a target made only of characters URL parsing leaves alone (no
 * dot, no percent sign or backslash in the path, nothing encoded in the
 * query) is split at its `?` instead. The unit test checks the two agree on
 * generated targets.
 */
export interface RequestTarget {
  pathname: string
  /** `?` and the query, or '' when there is none (or only the `?`). */
  search: string
}

const PLAIN_TARGET = /^\/(?!\/)[A-Za-z0-9_\-/]*(?:\?[A-Za-z0-9_\-.~=&%+,:*!$();@/?]*)?$/

/** Whether a target takes the split-at-`?` path. */
export function isPlainTarget(raw: string): boolean {
  return PLAIN_TARGET.test(raw)
}

export function requestTarget(raw: string | undefined): RequestTarget {
  if (raw !== undefined && isPlainTarget(raw)) {
    const q = raw.indexOf('?')
    if (q < 0) return { pathname: raw, search: '' }
    return { pathname: raw.slice(0, q), search: q === raw.length - 1 ? '' : raw.slice(q) }
  }
  return parsedTarget(raw)
}

/** The WHATWG URL reading, which the fast path must always agree with. */
export function parsedTarget(raw: string | undefined): RequestTarget {
  let url: URL
  try {
    url = new URL(raw ?? '/', 'http://capture.invalid')
  } catch {
    url = new URL('http://capture.invalid/')
  }
  return { pathname: url.pathname, search: url.search }
}
