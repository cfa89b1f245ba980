/**
 * The proxy domain of the contract: the capture proxy's state (its URL, the
 * local CA's public details, which hosts it reads and which clients are
 * connected), the list of Track hosts it decrypts, and renewing the CA.
 * The CA's private key never crosses the contract.
 */

export interface ProxyCaInfo {
  /** The certificate in PEM: public, safe to export and install where the user wants it trusted. */
  pem: string
  subject: string
  fingerprint256: string
  /** base64 SHA-256 of its public key (Chromium's --ignore-certificate-errors-spki-list). */
  spkiHash: string
  notBefore: string
  notAfter: string
  /** Files a tool can be pointed at (NODE_EXTRA_CA_CERTS; SSL_CERT_FILE takes the bundle). */
  certPath: string
  bundlePath: string
}

export interface ProxyHostCount {
  host: string
  intercepted: number
  tunnelled: number
  /** Handshakes a client broke off: it does not trust the local CA. */
  refusedCertificate: number
  lastAt: number
}

export interface ProxyClient {
  id: number
  host: string
  port: number
  intercepted: boolean
  remoteAddress: string | null
  userAgent: string | null
  since: number
}

export interface ProxyStatus {
  /** http://127.0.0.1:8789 while listening; null when off or it could not start. */
  url: string | null
  port: number | null
  /** Why it is not listening, in words. */
  error: string | null
  ca: ProxyCaInfo | null
  /** Host patterns whose calls are decrypted and captured (`*.example.com` covers its subdomains). */
  trackHosts: string[]
  /** Hosts of the environments, always captured besides the list. */
  environmentHosts: string[]
  hosts: ProxyHostCount[]
  clients: ProxyClient[]
}

export interface BrowserCandidate {
  id: string
  name: string
  /** The executable found, or null. */
  path: string | null
  /** Why it cannot be used, in words (where it was looked for). */
  missing: string | null
}

export interface ProxyPushes {
  'proxy.changed': ProxyStatus
}

export const PROXY_PUSHES = ['proxy.changed'] as const satisfies readonly (keyof ProxyPushes)[]
