/**
 * Keeps forward mode from sending calls back into this debugger.
 *
 * Threat model: an upstream that reaches the capture port again (through
 * `localhost`, `0.0.0.0`, `[::1]`, another address of this machine, or a
 * name that resolves to one) would forward each call to itself for ever,
 * each hop holding a socket and a log row. Two defences: the upstream's
 * resolved addresses and port are compared with the capture port's when it
 * is chosen (and again, cached briefly, before each forward), and every
 * forwarded call carries a hop header with this instance's id, so a call
 * that comes back by a route no address check can see (a chain of
 * debuggers, a proxy in between) is answered 508 and never sent again.
 */
import { randomBytes } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

export const HOP_HEADER = 'X-Track-Debugger-Hop'
const HOP_LOWER = HOP_HEADER.toLowerCase()
/** A hop list longer than this is a loop between debuggers whatever the ids say. */
const MAX_HOPS = 8
const RESOLVE_TTL_MS = 5_000

export type Resolver = (host: string) => Promise<string[]>

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)

function isLocalAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, '')
  if (a === '::' || a === '::1' || a === '0.0.0.0' || a.startsWith('127.')) return true
  for (const list of Object.values(networkInterfaces()))
    for (const nic of list ?? []) if (nic.address.toLowerCase() === a) return true
  return false
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port)
  return url.protocol === 'https:' ? 443 : 80
}

export class LoopGuard {
  readonly instanceId = randomBytes(6).toString('hex')
  private readonly cache = new Map<string, { addresses: string[]; at: number }>()

  constructor(
    /** The capture port, once it listens. */
    private readonly capturePort: () => number,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  /** The hop header's value, from the request as it arrived. */
  private hops(rawHeaders: string[]): string[] {
    const out: string[] = []
    for (let i = 0; i + 1 < rawHeaders.length; i += 2)
      if ((rawHeaders[i] as string).toLowerCase() === HOP_LOWER)
        out.push(...(rawHeaders[i + 1] as string).split(',').map((h) => h.trim()))
    return out.filter((h) => h !== '')
  }

  /** Why this request must not be forwarded (it already went through here), or null. */
  cameBack(rawHeaders: string[]): string | null {
    const hops = this.hops(rawHeaders)
    if (hops.includes(this.instanceId))
      return 'This call was forwarded by this debugger and came back to it: the upstream leads here again (a forward loop).'
    if (hops.length >= MAX_HOPS)
      return `This call has passed through ${hops.length} debuggers already: a forward loop between debuggers.`
    return null
  }

  /** The hop header to send upstream: the hops so far, then this instance. */
  hopHeader(rawHeaders: string[]): [string, string] {
    return [HOP_HEADER, [...this.hops(rawHeaders), this.instanceId].join(', ')]
  }

  private async addresses(host: string): Promise<string[]> {
    const bare = host.replace(/^\[|\]$/g, '')
    if (isIP(bare)) return [bare]
    const hit = this.cache.get(bare)
    if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return hit.addresses
    let addresses: string[]
    try {
      addresses = await this.resolve(bare)
    } catch {
      addresses = [] // a name that does not resolve cannot lead back here; the send reports the DNS error
    }
    this.cache.set(bare, { addresses, at: Date.now() })
    return addresses
  }

  /** Why `url` leads back to this capture port (by resolved address and port), or null. */
  async pointsAtSelf(url: URL): Promise<string | null> {
    const port = this.capturePort()
    if (port <= 0 || portOf(url) !== port) return null
    const local = (await this.addresses(url.hostname)).filter(isLocalAddress)
    if (local.length === 0) return null
    const via = url.hostname.replace(/^\[|\]$/g, '')
    const shown = local.includes(via) ? via : `${via} (${local.join(', ')})`
    return `${url.origin} is this debugger's own capture port: ${shown} is this machine and port ${port} is where it listens. Forwarding there would loop; pick an upstream that is the real API or another server.`
  }
}
