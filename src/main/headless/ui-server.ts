/**
 * Serves the built renderer to a browser and carries the UI contract over
 * HTTP (`POST /rpc/<method>`) plus server-sent events (`GET /rpc/stream`).
 *
 * Threat model: unlike the capture endpoint, this server reads the whole
 * log and (later) sends with stored credentials, so every /rpc call needs
 * the per-run token as `Authorization: Bearer <token>`; a request whose
 * Host is not this server's (DNS rebinding) or whose Origin is foreign
 * (a web page the user happens to visit) is refused before the token is
 * even looked at. It binds 127.0.0.1 unless told otherwise. The static UI
 * bundle holds no data and is served without the token.
 */
import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { METHOD_NAMES, type ApiErrorBody, type MethodName } from '../../shared/api'
import { closeServer, listenOrExplain, trackSockets } from '../engine/net/http-lifecycle'
import { BadInputError } from '../engine/errors'
import type { Engine } from '../engine/types'

export interface UiServerOptions {
  engine: Engine
  host: string
  port: number
  token: string
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string
  /** Extra authenticated routes (the automation API), tried before the static files. */
  routes?: ExtraRoute[]
}

/** A route handler answers and returns true, or returns false to pass. Auth and Host/Origin are already checked. */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>

const MAX_RPC_BODY = 8 * 1024 * 1024
const SSE_BACKLOG_LIMIT = 4 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The UI URL carries the token once; never leak it through Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export class UiServer {
  private server: Server | null = null
  private sockets = new Set<Socket>()
  private readonly streams = new Set<ServerResponse>()
  private address: AddressInfo | null = null
  private readonly tokenBytes: Buffer

  constructor(private readonly opts: UiServerOptions) {
    this.tokenBytes = Buffer.from(opts.token)
  }

  get port(): number {
    return this.address?.port ?? this.opts.port
  }

  get baseUrl(): string {
    const h = this.opts.host
    const host = h.includes(':') ? `[${h}]` : h === '0.0.0.0' ? '127.0.0.1' : h
    return `http://${host}:${this.port}`
  }

  /** The URL to open: it hands the token to the UI, which then drops it from the address bar. */
  get url(): string {
    return `${this.baseUrl}/?token=${encodeURIComponent(this.opts.token)}`
  }

  async listen(): Promise<void> {
    const server = createServer({ requestTimeout: 60_000, headersTimeout: 10_000 })
    server.on('request', (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, 'internal', (error as Error).message)
        else res.destroy()
      })
    })
    this.sockets = trackSockets(server)
    this.address = await listenOrExplain(server, this.opts.host, this.opts.port, '--ui-port <port>')
    this.server = server
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    for (const res of this.streams) res.end()
    this.streams.clear()
    await closeServer(server, this.sockets, 1_000)
  }

  private allowedHost(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false
    // Bound to every interface at the user's request: the Host cannot be pinned, the token still guards.
    if (this.opts.host === '0.0.0.0' || this.opts.host === '::') return true
    const port = this.port
    const allowed = new Set([
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `${this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host}:${port}`,
    ])
    return allowed.has(hostHeader.toLowerCase())
  }

  private allowedOrigin(origin: string | undefined, hostHeader: string): boolean {
    if (!origin) return true
    return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers['authorization']
    const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null
    if (!match?.[1]) return false
    const given = Buffer.from(match[1])
    return given.length === this.tokenBytes.length && timingSafeEqual(given, this.tokenBytes)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = req.headers.host
    if (!this.allowedHost(hostHeader)) {
      sendError(
        res,
        403,
        'unauthorized',
        'Unexpected Host header; open the UI through 127.0.0.1 or localhost.',
      )
      return
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`)
    const guarded = url.pathname.startsWith('/rpc/') || url.pathname.startsWith('/automation/')
    if (guarded) {
      if (!this.allowedOrigin(req.headers.origin, hostHeader as string)) {
        sendError(res, 403, 'unauthorized', 'Requests from other origins are refused.')
        return
      }
      if (!this.authorized(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="track-debugger"')
        sendError(
          res,
          401,
          'unauthorized',
          'Missing or wrong token. Open the UI URL the server printed (it carries ?token=).',
        )
        return
      }
      if (url.pathname === '/rpc/stream') return this.stream(req, res)
      if (url.pathname.startsWith('/rpc/')) return this.rpc(req, res, url.pathname.slice(5))
      for (const route of this.opts.routes ?? []) if (await route(req, res, url)) return
      sendError(res, 404, 'not_found', `No route ${req.method} ${url.pathname}.`)
      return
    }
    this.serveStatic(req, res, url)
  }

  private async rpc(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      sendError(res, 405, 'bad_input', 'RPC calls use POST.')
      return
    }
    if (!(METHOD_NAMES as readonly string[]).includes(name)) {
      sendError(res, 404, 'not_found', `Unknown method "${name}".`)
      return
    }
    let input: unknown
    try {
      const text = await readText(req, MAX_RPC_BODY)
      input = text.trim() === '' ? {} : JSON.parse(text)
    } catch (error) {
      sendError(res, 400, 'bad_input', `Request body must be JSON: ${(error as Error).message}`)
      return
    }
    // A client that hangs up ends a long method (a wait) instead of leaving it to time out.
    const gone = new AbortController()
    res.on('close', () => gone.abort())
    try {
      const result = await this.opts.engine.call(name as MethodName, input, gone.signal)
      sendJson(res, 200, { result: result ?? null })
    } catch (error) {
      if (error instanceof BadInputError) sendError(res, 400, 'bad_input', error.message)
      else sendError(res, 500, 'internal', (error as Error).message)
    }
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.write(': connected\n\n')
    this.streams.add(res)
    const unsubscribe = this.opts.engine.subscribe((name, payload) => {
      // A stalled browser tab must not make the server buffer without bound: drop, it re-syncs on the next push.
      if (res.writableLength > SSE_BACKLOG_LIMIT) return
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    const done = (): void => {
      clearInterval(keepAlive)
      unsubscribe()
      this.streams.delete(res)
    }
    req.on('close', done)
    res.on('error', done)
  }

  private serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'bad_input', 'Only GET is served here.')
      return
    }
    const root = normalize(this.opts.staticDir + sep)
    let rel: string
    try {
      rel = decodeURIComponent(url.pathname)
    } catch {
      sendError(res, 400, 'bad_input', 'Malformed path.')
      return
    }
    let file = normalize(join(root, rel))
    if (!file.startsWith(root)) {
      sendError(res, 404, 'not_found', 'Not found.')
      return
    }
    let stat = statOrNull(file)
    if (!stat?.isFile()) {
      // Client-side routes fall back to the app shell; missing assets are a 404.
      if (extname(rel) !== '') {
        sendError(res, 404, 'not_found', 'Not found.')
        return
      }
      file = join(root, 'index.html')
      stat = statOrNull(file)
      if (!stat?.isFile()) {
        sendError(res, 500, 'internal', 'The UI is not built. Run `npm run build` first.')
        return
      }
    }
    const isHtml = file.endsWith('.html')
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': Number(stat.size),
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      ...(isHtml ? { 'Content-Security-Policy': CSP } : {}),
    })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
  }
}

function statOrNull(file: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(file)
  } catch {
    return null
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: ApiErrorBody['error']['code'],
  message: string,
): void {
  sendJson(res, status, { error: { code, message } } satisfies ApiErrorBody)
}

export function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error(`body over ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
