/** Where a client of the capture proxy meant its call to go. */
export interface ProxyTarget {
  host: string
  port: number
  /** How the client spoke to it: https (CONNECT, decrypted here) unless it sent plain HTTP. */
  scheme?: 'http' | 'https'
}

/** Where a proxied call was going: HTTPS unless it came in plain HTTP, default ports left out. */
export function targetOrigin(target: ProxyTarget): string {
  const scheme = target.scheme ?? 'https'
  const host = target.host.includes(':') ? `[${target.host}]` : target.host
  const standard = scheme === 'https' ? 443 : 80
  return `${scheme}://${host}${target.port === standard ? '' : `:${target.port}`}`
}
