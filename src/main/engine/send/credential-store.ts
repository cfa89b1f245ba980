/**
 * Credentials (x-api-key, bearer token) per environment, in their own file
 * in the data folder — never in the SQLite log, so the log can be shared or
 * exported without a key in it. The file is created with mode 0600 and
 * rewritten atomically (temp file + rename), values pass through the
 * `SecretCipher`. Headless, `TRACK_DEBUGGER_API_KEY` and
 * `TRACK_DEBUGGER_BEARER_TOKEN` stand in for any environment that has no
 * stored value of its own.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { MaskedSecret } from '../../../shared/contract/send'
import { fingerprint } from '../capture/redact'
import type { SecretCipher } from './secret-cipher'

export const CREDENTIALS_FILE_NAME = 'credentials.json'

export type SecretKind = 'apiKey' | 'bearerToken'

export interface VariableCredentials {
  apiKey?: string
  bearerToken?: string
}

const storedValue = z.object({ scheme: z.string(), value: z.string() })
const fileSchema = z.object({
  version: z.literal(1),
  environments: z.record(
    z.string(),
    z.object({ apiKey: storedValue.optional(), bearerToken: storedValue.optional() }),
  ),
})
type CredentialsFile = z.infer<typeof fileSchema>

export class CredentialStore {
  private readonly path: string
  private data: CredentialsFile

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
    private readonly fromVariables: VariableCredentials = {},
  ) {
    this.path = join(dataDir, CREDENTIALS_FILE_NAME)
    this.data = this.load()
  }

  private load(): CredentialsFile {
    if (!existsSync(this.path)) return { version: 1, environments: {} }
    try {
      // Tighten a file someone loosened by hand.
      chmodSync(this.path, 0o600)
      return fileSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')))
    } catch {
      // An unreadable file is left in place (the user may want it back) and treated as empty.
      return { version: 1, environments: {} }
    }
  }

  private save(): void {
    const tmp = `${this.path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, this.path)
  }

  /** The secret in clear, for sending; null when there is none (or it cannot be decrypted here). */
  get(environmentId: string, kind: SecretKind): string | null {
    const stored = this.data.environments[environmentId]?.[kind]
    if (stored && stored.scheme === this.cipher.scheme) {
      try {
        return this.cipher.decrypt(stored.value)
      } catch {
        return null
      }
    }
    return this.fromVariables[kind] ?? null
  }

  /** What the UI may see. */
  masked(environmentId: string, kind: SecretKind): MaskedSecret | null {
    const stored = this.data.environments[environmentId]?.[kind]
    if (stored && stored.scheme === this.cipher.scheme) {
      const plain = this.get(environmentId, kind)
      return plain === null ? null : { masked: fingerprint(plain), source: 'stored' }
    }
    const variable = this.fromVariables[kind]
    return variable ? { masked: fingerprint(variable), source: 'variable' } : null
  }

  set(environmentId: string, kind: SecretKind, value: string | null): void {
    const entry = { ...this.data.environments[environmentId] }
    if (value === null) delete entry[kind]
    else entry[kind] = { scheme: this.cipher.scheme, value: this.cipher.encrypt(value) }
    this.data.environments[environmentId] = entry
    this.save()
  }

  remove(environmentId: string): void {
    if (!(environmentId in this.data.environments)) return
    delete this.data.environments[environmentId]
    this.save()
  }

  /** Every secret in clear, to scrub them from anything shown (error messages, echoed bodies). */
  allSecrets(): string[] {
    const out = new Set<string>()
    for (const id of Object.keys(this.data.environments)) {
      for (const kind of ['apiKey', 'bearerToken'] as const) {
        const v = this.get(id, kind)
        if (v) out.add(v)
      }
    }
    if (this.fromVariables.apiKey) out.add(this.fromVariables.apiKey)
    if (this.fromVariables.bearerToken) out.add(this.fromVariables.bearerToken)
    return [...out]
  }
}
