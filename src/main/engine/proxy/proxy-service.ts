/**
 * The capture proxy as the engine runs it: the proxy port, the local CA it
 * signs with (made when the proxy first starts, so `run` and the browser
 * launcher find its files), the list of Track hosts it decrypts, and its
 * state for the Setup screen, pushed as it changes.
 */
import { z } from 'zod'
import type { ProxyStatus } from '../../../shared/contract/proxy'
import { hostPatternSchema } from '../../../shared/contract/proxy.schemas'
import type { SettingsRepository } from '../db/settings-repository'
import type { LiveFeed } from '../live-feed'
import type { BrowserCandidate } from '../../../shared/contract/proxy'
import type { OpenBrowserInput } from '../../../shared/contract/proxy.schemas'
import { BadInputError } from '../errors'
import { findBrowsers, launchBrowser, pickBrowser, type LaunchedBrowser } from './browser-launcher'
import { CertificateAuthority } from './certificate-authority'
import { ProxyServer } from './proxy-server'
import type { ProxyTarget } from './proxy-target'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'

const HOSTS_KEY = 'proxy.trackHosts'
/** Every Track API host of the wire-format notes, the browser SDK's built-in default included. */
export const DEFAULT_TRACK_HOSTS = ['*.thrivestack.ai']
const PUSH_EVERY_MS = 250

export function hostMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '')
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2)
    return h === base || h.endsWith(`.${base}`)
  }
  return h === pattern
}

export interface ProxyServiceOptions {
  port: number
  portHint: string | null
  dataDir: string
  settings: SettingsRepository
  feed: LiveFeed
  /** Hosts of the user's environments (their calls are Track calls too). */
  environmentHosts: () => string[]
  /** Serves a decrypted connection (the capture server). */
  intercept: (socket: TLSSocket, target: ProxyTarget) => void
  /** Serves a plain-HTTP Track request received in absolute form (the capture server). */
  interceptPlain: (req: IncomingMessage, res: ServerResponse, target: ProxyTarget) => void
}

export class ProxyService {
  private server: ProxyServer | null = null
  private caPromise: Promise<CertificateAuthority> | null = null
  private ca: CertificateAuthority | null = null
  private error: string | null = null
  private hosts: string[]
  private pushTimer: NodeJS.Timeout | null = null
  private closed = false
  private readonly browsersOpen = new Set<LaunchedBrowser>()

  constructor(private readonly opts: ProxyServiceOptions) {
    this.hosts = opts.settings.get(HOSTS_KEY, z.array(hostPatternSchema), DEFAULT_TRACK_HOSTS)
  }

  /** Starts the proxy port; a port in use is reported in the status (capture goes on without it). */
  async start(): Promise<void> {
    const server = new ProxyServer({
      host: '127.0.0.1',
      port: this.opts.port,
      portHint: this.opts.portHint,
      ca: () => this.authority(),
      isTrackHost: (host) => this.isTrackHost(host),
      intercept: this.opts.intercept,
      interceptPlain: this.opts.interceptPlain,
      onChange: () => this.changed(),
    })
    try {
      await this.authority()
      await server.listen()
      this.server = server
      this.error = null
    } catch (error) {
      this.error = (error as Error).message
    }
  }

  async close(): Promise<void> {
    this.closed = true
    // A browser left running would lose its proxy with this process: it goes with it.
    for (const b of this.browsersOpen) b.close()
    await Promise.all([...this.browsersOpen].map((b) => b.exited))
    if (this.pushTimer) clearTimeout(this.pushTimer)
    await this.server?.close()
    this.server = null
  }

  private authority(): Promise<CertificateAuthority> {
    this.caPromise ??= CertificateAuthority.loadOrCreate(this.opts.dataDir).then((ca) => (this.ca = ca))
    return this.caPromise
  }

  /** http://127.0.0.1:<port> while listening. */
  get url(): string | null {
    return this.server?.url ?? null
  }

  isTrackHost(host: string): boolean {
    return (
      this.hosts.some((p) => hostMatches(p, host)) ||
      this.opts.environmentHosts().some((h) => hostMatches(h, host))
    )
  }

  status(): ProxyStatus {
    const server = this.server
    return {
      url: server ? server.url : null,
      port: server ? server.port : null,
      error: this.error,
      ca: this.ca ? this.ca.info() : null,
      trackHosts: [...this.hosts],
      environmentHosts: this.opts.environmentHosts(),
      hosts: server ? server.hostCounts() : [],
      clients: server ? server.openClients() : [],
    }
  }

  browsers(): BrowserCandidate[] {
    return findBrowsers()
  }

  async openBrowser(input: OpenBrowserInput): Promise<{ browser: string; pid: number }> {
    const url = this.url
    if (!url)
      throw new BadInputError(`The capture proxy is not running${this.error ? `: ${this.error}` : ''}.`)
    const pick = pickBrowser(this.browsers(), input.browserId)
    if ('problem' in pick) throw new BadInputError(pick.problem)
    const ca = await this.authority()
    const launched = launchBrowser({
      executable: pick.path,
      url: input.url ?? 'about:blank',
      proxyUrl: url,
      spkiHash: ca.info().spkiHash,
      headless: input.headless,
    })
    this.browsersOpen.add(launched)
    void launched.exited.then(() => this.browsersOpen.delete(launched))
    return { browser: pick.name, pid: launched.pid }
  }

  setTrackHosts(hosts: string[]): ProxyStatus {
    this.hosts = [...new Set(hosts)]
    this.opts.settings.set(HOSTS_KEY, this.hosts)
    this.changed()
    return this.status()
  }

  async regenerateCa(): Promise<ProxyStatus> {
    this.caPromise = CertificateAuthority.create(this.opts.dataDir).then((ca) => (this.ca = ca))
    await this.caPromise
    this.changed()
    return this.status()
  }

  private changed(): void {
    if (this.pushTimer || this.closed) return
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null
      this.opts.feed.emit('proxy.changed', this.status())
    }, PUSH_EVERY_MS)
    this.pushTimer.unref()
  }
}
