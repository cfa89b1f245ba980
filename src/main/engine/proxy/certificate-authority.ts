/**
 * The capture proxy's local certificate authority: it signs the leaf
 * certificates the proxy shows for Track API hosts, so HTTPS calls to them
 * can be read. It is trusted only where the user says so (the
 * pre-configured browser's SPKI allow-list, NODE_EXTRA_CA_CERTS for a
 * command started with `run`): no system or browser trust store is touched.
 *
 * Threat model: whoever holds the CA's private key can impersonate any
 * host to a client that trusts it. The key is generated on this machine
 * (ECDSA P-256 with Node's own WebCrypto, through @peculiar/x509: typed,
 * maintained, and the library mockttp's CA uses), written 0600 in the data
 * folder (itself 0700), never logged, never sent to the UI, and replaced
 * on demand. The CA is limited to signing (path length 0) and lives one
 * year; leaves live no longer than it.
 */
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls'
import { isIP } from 'node:net'
import * as x509 from '@peculiar/x509'
import type { ProxyCaInfo } from '../../../shared/contract/proxy'

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const DAY = 24 * 60 * 60 * 1000
const CA_LIFETIME_DAYS = 365
/** Renewed when less than this is left, so a leaf never outlives it by surprise. */
const RENEW_BEFORE_DAYS = 7
const MAX_LEAVES = 500

export const CA_CERT_FILE = 'proxy-ca.pem'
export const CA_KEY_FILE = 'proxy-ca.key'
/** The system's roots plus this CA, for tools that take one bundle (SSL_CERT_FILE, REQUESTS_CA_BUNDLE). */
export const CA_BUNDLE_FILE = 'proxy-ca-bundle.pem'

/** base64 SHA-256 of a certificate's public key (DER SPKI), or of the PEM certificate's. */
export function spkiHashOf(spkiOrPem: Buffer | string): string {
  const der =
    typeof spkiOrPem === 'string'
      ? new X509Certificate(spkiOrPem).publicKey.export({ type: 'spki', format: 'der' })
      : spkiOrPem
  return createHash('sha256').update(der).digest('base64')
}

function serial(): string {
  // Positive, 16 bytes: unique per certificate.
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] as number) & 0x7f
  return bytes.toString('hex')
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key))
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`
}

function writePrivate(path: string, text: string): void {
  const tmp = `${path}.tmp`
  writeFileSync(tmp, text, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}

export class CertificateAuthority {
  private readonly leaves = new Map<string, Promise<SecureContext>>()
  private leafKeys: Promise<CryptoKeyPair> | null = null

  private constructor(
    private readonly cert: x509.X509Certificate,
    private readonly key: CryptoKey,
    private readonly dir: string,
  ) {}

  /** The CA in `dir`, made on first use (or when it is unreadable or nearly expired). */
  static async loadOrCreate(dir: string, now = Date.now()): Promise<CertificateAuthority> {
    const certPath = join(dir, CA_CERT_FILE)
    const keyPath = join(dir, CA_KEY_FILE)
    if (existsSync(certPath) && existsSync(keyPath)) {
      try {
        const cert = new x509.X509Certificate(readFileSync(certPath, 'utf8'))
        if (cert.notAfter.getTime() - now > RENEW_BEFORE_DAYS * DAY) {
          const der = x509.PemConverter.decodeFirst(readFileSync(keyPath, 'utf8'))
          const key = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign'])
          const ca = new CertificateAuthority(cert, key, dir)
          // Written with the CA; made again only if it went missing (a start needs no 200 KB write).
          if (!existsSync(join(dir, CA_BUNDLE_FILE))) ca.writeBundle()
          return ca
        }
      } catch {
        // Unreadable: a new CA replaces it below.
      }
    }
    return CertificateAuthority.create(dir, now)
  }

  /** A new CA, replacing any in `dir` (every leaf signed by the old one stops being trusted). */
  static async create(dir: string, now = Date.now()): Promise<CertificateAuthority> {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair
    const name = `CN=Track Debugger local CA (${hostname()
      .replace(/[,=+<>#;"\\]/g, ' ')
      .slice(0, 40)}), O=Track Debugger`
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name,
      notBefore: new Date(now - 60 * 60 * 1000),
      notAfter: new Date(now + CA_LIFETIME_DAYS * DAY),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    })
    writePrivate(join(dir, CA_KEY_FILE), await pkcs8Pem(keys.privateKey))
    writePrivate(join(dir, CA_CERT_FILE), cert.toString('pem'))
    const ca = new CertificateAuthority(cert, keys.privateKey, dir)
    ca.writeBundle()
    return ca
  }

  private writeBundle(): void {
    writePrivate(
      join(this.dir, CA_BUNDLE_FILE),
      `${rootCertificates.join('\n')}\n${this.cert.toString('pem')}\n`,
    )
  }

  info(): ProxyCaInfo {
    const der = Buffer.from(this.cert.rawData)
    const spki = Buffer.from(this.cert.publicKey.rawData)
    return {
      pem: this.cert.toString('pem'),
      subject: this.cert.subject,
      fingerprint256: (createHash('sha256').update(der).digest('hex').match(/../g) ?? [])
        .join(':')
        .toUpperCase(),
      spkiHash: spkiHashOf(spki),
      notBefore: this.cert.notBefore.toISOString(),
      notAfter: this.cert.notAfter.toISOString(),
      certPath: join(this.dir, CA_CERT_FILE),
      bundlePath: join(this.dir, CA_BUNDLE_FILE),
    }
  }

  /** A TLS context presenting a certificate for `host`, signed by this CA; made once per host. */
  contextFor(host: string): Promise<SecureContext> {
    const key = host.toLowerCase()
    let ctx = this.leaves.get(key)
    if (!ctx) {
      if (this.leaves.size >= MAX_LEAVES) this.leaves.delete(this.leaves.keys().next().value as string)
      ctx = this.mintLeaf(key)
      this.leaves.set(key, ctx)
      ctx.catch(() => this.leaves.delete(key))
    }
    return ctx
  }

  private async mintLeaf(host: string, now = Date.now()): Promise<SecureContext> {
    // One key pair for every leaf of this run: signing is cheap, key generation is what costs.
    this.leafKeys ??= webcrypto.subtle.generateKey(ALGORITHM, true, [
      'sign',
      'verify',
    ]) as Promise<CryptoKeyPair>
    const keys = await this.leafKeys
    const notAfter = Math.min(this.cert.notAfter.getTime(), now + 397 * DAY)
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${host}`,
      issuer: this.cert.subject,
      notBefore: new Date(now - 60 * 60 * 1000),
      notAfter: new Date(notAfter),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: this.key,
      extensions: [
        new x509.SubjectAlternativeNameExtension([{ type: isIP(host) ? 'ip' : 'dns', value: host }]),
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        await x509.AuthorityKeyIdentifierExtension.create(this.cert),
      ],
    })
    return createSecureContext({
      key: await pkcs8Pem(keys.privateKey),
      cert: `${leaf.toString('pem')}\n${this.cert.toString('pem')}\n`,
    })
  }
}
