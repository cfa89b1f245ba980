/**
 * The capture proxy: an HTTP/1.1 forward proxy on loopback for apps whose
 * endpoint cannot be changed (a pre-configured browser, a command started
 * with `run`, anything that honours HTTPS_PROXY).
 *
 * - `CONNECT` to a Track API host is answered by this process: TLS is
 *   terminated with a leaf certificate from the local CA (HTTP/1.1 by ALPN)
 *   and the decrypted connection is handed to the capture server, so its
 *   calls go through the same pipeline as the capture port's.
 * - Any other `CONNECT` is a blind TCP tunnel: bytes are relayed, never
 *   decrypted or logged; only a per-host count is kept, for the Setup screen.
 * - A request in absolute form (`GET http://host/path`) is relayed as plain
 *   HTTP, the way any forward proxy does.
 * - A request in origin form (a web page calling the port directly) is
 *   answered 400 and forwarded nowhere.
 *
 * Threat model: it binds 127.0.0.1, so only processes of this machine can
 * use it, and a web page cannot (browsers send neither CONNECT nor absolute
 * form from page scripts; origin-form requests get 400 with no CORS
 * headers, so a page can read nothing). It decrypts only the hosts on the
 * Track list; client certificates, system settings and trust stores are
 * never touched. Every socket is bounded by timeouts and closed with the
 * engine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, isIP, type AddressInfo, type Socket } from 'node:net'
import { TLSSocket } from 'node:tls'
import { closeServer, listenOrExplain, trackSockets } from '../net/http-lifecycle'
import type { ProxyClient, ProxyHostCount } from '../../../shared/contract/proxy'
import type { CertificateAuthority } from './certificate-authority'
import { passThrough } from './pass-through'
import type { ProxyTarget } from './proxy-target'

export interface ProxyServerOptions {
  host: string
  port: number
  portHint: string | null
  ca: () => Promise<CertificateAuthority>
  isTrackHost: (host: string) => boolean
  /** Serves a decrypted connection to a Track host (the capture server). */
  intercept: (socket: TLSSocket, target: ProxyTarget) => void
  /** Serves a plain-HTTP request for a Track host, received in absolute form (the capture server). */
  interceptPlain: (req: IncomingMessage, res: ServerResponse, target: ProxyTarget) => void
  /** Called when the proxy's counts or connections change (throttled by the caller). */
  onChange?: () => void
}

const IDLE_MS = 120_000
const BAD_GATEWAY = 'HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n'
const ESTABLISHED = 'HTTP/1.1 200 Connection Established\r\nProxy-Agent: Track Debugger\r\n\r\n'
const MAX_COUNTED_HOSTS = 500

/** `host:port` of a CONNECT, IPv6 in brackets; null when it is not one. */
export function parseAuthority(authority: string): ProxyTarget | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(authority)
  if (!m) return null
  const host = (m[1] ?? m[2] ?? '').toLowerCase()
  const port = Number(m[3])
  if (port < 1 || port > 65535) return null
  if (m[1] !== undefined && isIP(host) !== 6) return null
  return { host, port }
}

export class ProxyServer {
  private server: Server | null = null
  private sockets = new Set<Socket>()
  private address: AddressInfo | null = null
  private readonly counts = new Map<string, ProxyHostCount>()
  private readonly clients = new Map<number, ProxyClient>()
  private nextClient = 1

  constructor(private readonly opts: ProxyServerOptions) {}

  get port(): number {
    return this.address?.port ?? this.opts.port
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Per-host counts, busiest first. */
  hostCounts(): ProxyHostCount[] {
    return [...this.counts.values()].sort((a, b) => b.lastAt - a.lastAt)
  }

  /** Connections open through the proxy right now. */
  openClients(): ProxyClient[] {
    return [...this.clients.values()]
  }

  async listen(): Promise<void> {
    const server = createServer({ requestTimeout: 60_000, headersTimeout: 10_000 })
    server.on('request', (req, res) => this.relayPlain(req, res))
    server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', () => undefined)
      socket.setTimeout(IDLE_MS, () => socket.destroy())
      const target = parseAuthority(req.url ?? '')
      if (!target) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
        return
      }
      if (this.opts.isTrackHost(target.host)) void this.interceptTls(req, socket, head, target)
      else this.tunnel(req, socket, head, target)
    })
    this.sockets = trackSockets(server)
    this.address = await listenOrExplain(server, this.opts.host, this.opts.port, this.opts.portHint)
    this.server = server
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    await closeServer(server, this.sockets, 1_000)
  }

  private count(host: string, what: 'intercepted' | 'tunnelled' | 'refusedCertificate'): void {
    let c = this.counts.get(host)
    if (!c) {
      if (this.counts.size >= MAX_COUNTED_HOSTS) {
        const oldest = this.hostCounts().at(-1)
        if (oldest) this.counts.delete(oldest.host)
      }
      c = { host, intercepted: 0, tunnelled: 0, refusedCertificate: 0, lastAt: 0 }
      this.counts.set(host, c)
    }
    c[what]++
    c.lastAt = Date.now()
    this.opts.onChange?.()
  }

  private open(req: IncomingMessage, socket: Socket, target: ProxyTarget, intercepted: boolean): void {
    const id = this.nextClient++
    this.clients.set(id, {
      id,
      ...target,
      intercepted,
      remoteAddress: socket.remoteAddress ?? null,
      userAgent:
        typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
      since: Date.now(),
    })
    socket.once('close', () => {
      this.clients.delete(id)
      this.opts.onChange?.()
    })
  }

  private async interceptTls(
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
    target: ProxyTarget,
  ): Promise<void> {
    let context
    try {
      context = await (await this.opts.ca()).contextFor(target.host)
    } catch {
      socket.end(BAD_GATEWAY)
      return
    }
    if (socket.destroyed) return
    socket.write(ESTABLISHED)
    if (head.length > 0) socket.unshift(head)
    const tls = new TLSSocket(socket, { isServer: true, secureContext: context, ALPNProtocols: ['http/1.1'] })
    let secure = false
    let refused = false
    const brokenOff = (): void => {
      // Ended before the handshake finished: the client does not trust the local CA (or spoke no TLS).
      if (secure || refused) return
      refused = true
      this.count(target.host, 'refusedCertificate')
    }
    tls.on('error', () => {
      brokenOff()
      tls.destroy()
    })
    tls.once('close', brokenOff)
    // The proxy's sockets allow half-open: a client that hangs up mid-handshake must be let go here.
    tls.once('end', () => {
      if (secure) return
      brokenOff()
      tls.destroy()
    })
    tls.once('secure', () => {
      secure = true
      this.open(req, socket, target, true)
      this.count(target.host, 'intercepted')
      this.opts.intercept(tls, target)
    })
  }

  private tunnel(req: IncomingMessage, socket: Socket, head: Buffer, target: ProxyTarget): void {
    const upstream = connect({ host: target.host, port: target.port })
    upstream.setTimeout(IDLE_MS, () => upstream.destroy())
    let connected = false
    upstream.once('connect', () => {
      connected = true
      socket.write(ESTABLISHED)
      if (head.length > 0) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
      this.open(req, socket, target, false)
      this.count(target.host, 'tunnelled')
    })
    upstream.on('error', () => {
      if (!connected) socket.end(BAD_GATEWAY)
      else socket.destroy()
    })
    socket.once('close', () => upstream.destroy())
    upstream.once('close', () => socket.destroy())
  }

  /** Absolute form is relayed as plain HTTP; origin form is not a proxy request at all. */
  private relayPlain(req: IncomingMessage, res: ServerResponse): void {
    let url: URL | null = null
    try {
      url = /^https?:\/\//i.test(req.url ?? '') ? new URL(req.url as string) : null
    } catch {
      url = null
    }
    if (!url || url.protocol !== 'http:') {
      const body = JSON.stringify({
        success: false,
        message:
          'This is the Track Debugger proxy port: set it as HTTP(S)_PROXY. Point an SDK’s apiEndpoint at the capture URL instead.',
      })
      res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' })
      res.end(body)
      return
    }
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '')
    const target: ProxyTarget = { host, port: Number(url.port || 80), scheme: 'http' }
    if (this.opts.isTrackHost(host)) {
      this.count(host, 'intercepted')
      this.opts.interceptPlain(req, res, target)
      return
    }
    passThrough(req, res, target)
    this.count(host, 'tunnelled')
  }
}
