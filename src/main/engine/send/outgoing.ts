/**
 * Building what goes upstream: the target URL for a call, the headers a
 * send or forward carries (with credentials filled in), and their masked
 * form for the log. Credentials appear in clear only in the request that
 * leaves the process.
 */
import type { HeaderPair } from '../../../shared/model'
import { fingerprint, isSecretHeader } from '../capture/redact'

/** Never forwarded: they describe one hop, or are recomputed for the new body and host. */
const HOP_HEADERS = new Set([
  // Replaced by this instance's own hop list (loop-guard.ts).
  'x-track-debugger-hop',
  // Which test sent the call: the debugger's own (shared/test-id.ts).
  'x-track-debugger-test',
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  'content-encoding',
  'expect',
])

export interface Credentials {
  apiKey: string | null
  bearerToken: string | null
}

/** `https://api.x/api` + `/api/track?x=1` → `https://api.x/api/track?x=1`; the capture prefix `/api` is dropped. */
export function upstreamUrl(baseUrl: string, capturedPath: string, query = ''): URL {
  const path = capturedPath.replace(/^\/api(?=\/|$)/i, '') || '/'
  return new URL(`${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}${query}`)
}

export function callPath(callType: 'track' | 'identify' | 'group'): string {
  return `/${callType}`
}

/**
 * A forwarded request's headers: the app's own, minus hop-by-hop ones; the environment's key only if the app sent none.
 * `contentEncoding`: the body goes as the app encoded it, so its Content-Encoding goes with it.
 */
export function forwardHeaders(
  rawHeaders: string[],
  creds: Credentials,
  bodyLength: number,
  contentEncoding?: string,
): HeaderPair[] {
  const out: HeaderPair[] = []
  let hasKey = false
  let hasAuth = false
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    const lower = name.toLowerCase()
    if (HOP_HEADERS.has(lower)) continue
    if (lower === 'x-api-key' || lower === 'key') hasKey = true
    if (lower === 'authorization') hasAuth = true
    out.push([name, rawHeaders[i + 1] as string])
  }
  if (!hasKey && !hasAuth) {
    if (creds.apiKey) out.push(['x-api-key', creds.apiKey])
    if (creds.bearerToken) out.push(['Authorization', `Bearer ${creds.bearerToken}`])
  }
  if (contentEncoding) out.push(['Content-Encoding', contentEncoding])
  if (bodyLength > 0) out.push(['Content-Length', String(bodyLength)])
  return out
}

/** Headers of a resend or composed send, as current SDKs send them (plus a bearer token for older APIs). */
export function sendHeaders(creds: Credentials, bodyLength: number, userAgent: string): HeaderPair[] {
  const out: HeaderPair[] = [
    ['Content-Type', 'application/json'],
    ['Accept', 'application/json'],
    ['User-Agent', userAgent],
  ]
  if (creds.apiKey) out.push(['x-api-key', creds.apiKey])
  if (creds.bearerToken) out.push(['Authorization', `Bearer ${creds.bearerToken}`])
  out.push(['Content-Length', String(bodyLength)])
  return out
}

/** Credential headers masked; any other header echoing a known secret scrubbed. */
export function maskHeaders(headers: HeaderPair[], secrets: readonly string[] = []): HeaderPair[] {
  return headers.map(([n, v]) => [n, isSecretHeader(n) ? fingerprint(v) : scrub(v, secrets)])
}

/** Replace every known secret in a text the UI will see (an upstream echoing the key back, an error message). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(fingerprint(s))
  return out
}
