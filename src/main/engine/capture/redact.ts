/**
 * Header redaction. Credentials (API keys, bearer tokens, cookies) never
 * reach the log: they are replaced by a fingerprint of their last four
 * characters, enough to tell two keys apart, too little to use one.
 */
import type { HeaderPair } from '../../../shared/model'

const SECRET_HEADERS = new Set([
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'key',
  'cookie',
  'set-cookie',
  'x-auth-token',
])

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase())
}

/** `sk_live_abcdef1234` → `••••1234`; `Bearer eyJ…wxyz` → `Bearer ••••wxyz`. Short secrets show nothing. */
export function fingerprint(value: string): string {
  const trimmed = value.trim()
  const scheme = /^(Bearer|Basic|Token)\s+(.*)$/i.exec(trimmed)
  const secret = scheme ? (scheme[2] ?? '') : trimmed
  const tail = secret.length >= 12 ? secret.slice(-4) : ''
  const masked = `••••${tail}`
  return scheme ? `${scheme[1]} ${masked}` : masked
}

export function redactHeaders(rawHeaders: string[]): HeaderPair[] {
  const pairs: HeaderPair[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    const value = rawHeaders[i + 1] as string
    pairs.push([name, isSecretHeader(name) ? fingerprint(value) : value])
  }
  return pairs
}
