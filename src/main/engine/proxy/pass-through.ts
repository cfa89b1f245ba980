/**
 * What the capture proxy does not read: another path on a Track host it
 * decrypted (a health check, an asset), or a plain-HTTP request for another
 * host. It is passed on to the host the client meant, as it was, and its
 * answer passed back. Not logged: the debugger
 * reads only Track calls, and the page keeps working.
 */
import {
  request as httpRequest,
  type Agent as HttpAgent,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import { targetOrigin, type ProxyTarget } from './proxy-target'

const HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'upgrade',
  'te',
  'trailer',
]

export interface PassThroughOptions {
  /** The engine's keep-alive agents (they resolve names as the rest of the engine does); default Node's. */
  agentFor?: (url: URL) => HttpAgent
  /** Extra CAs trusted for HTTPS upstreams. */
  ca?: string[]
}

export function passThrough(
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
  opts: PassThroughOptions = {},
): void {
  const url = new URL(`${targetOrigin(target)}${pathOf(req.url ?? '/')}`)
  const headers = { ...req.headers }
  for (const h of HOP) delete headers[h]
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  const upstream = send(
    url,
    { method: req.method, headers, agent: opts.agentFor?.(url), ...(opts.ca ? { ca: opts.ca } : {}) },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
      answer.pipe(res)
    },
  )
  upstream.setTimeout(60_000, () => upstream.destroy(new Error('timeout')))
  upstream.on('error', () => {
    if (!res.headersSent)
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
    res.end(`Track Debugger could not reach ${url.host}.`)
  })
  req.pipe(upstream)
}

/** The path and query of a request target, whether it came in origin form or absolute form. */
function pathOf(raw: string): string {
  if (!/^https?:\/\//i.test(raw)) return raw
  const url = new URL(raw)
  return `${url.pathname}${url.search}`
}
