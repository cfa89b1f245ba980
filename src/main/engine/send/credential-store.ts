/**
 * Credentials (x-api-key, bearer token) per environment, in their own file
 * in the data folder — never in the SQLite log, so the log can be shared or
 * exported without a key in it. The file is created with mode 0600 and
 * rewritten atomically (temp file + rename), values pass through the
 * `SecretCipher`, decrypted once when the engine starts (`unlock`) and then
 * held in memory, so forward mode never waits on a keychain. A value that
 * cannot be decrypted here (written under another scheme, or the keychain
 * is unavailable or changed) is kept in the file untouched and reported as
 * "needs re-entering", never dropped silently. Headless, `TRACK_DEBUGGER_API_KEY` and
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

const keyOf = (environmentId: string, kind: SecretKind): string => `${environmentId}\u0000${kind}`

export class CredentialStore {
  private readonly path: string
  private data: CredentialsFile
  private readonly clear = new Map<string, string>()
  private readonly unreadable = new Map<string, string>()

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

  /**
   * Decrypt every stored value once. Values this cipher cannot read are
   * remembered with the reason, shown to the user, and kept in the file.
   */
  async unlock(): Promise<void> {
    this.clear.clear()
    this.unreadable.clear()
    for (const [id, entry] of Object.entries(this.data.environments)) {
      for (const kind of ['apiKey', 'bearerToken'] as const) {
        const stored = entry[kind]
        if (!stored) continue
        if (stored.scheme !== this.cipher.scheme) {
          this.unreadable.set(
            keyOf(id, kind),
            `saved with ${describeScheme(stored.scheme)}, but here keys are ${this.cipher.description}`,
          )
          continue
        }
        try {
          this.clear.set(keyOf(id, kind), await this.cipher.decrypt(stored.value))
        } catch (error) {
          this.unreadable.set(
            keyOf(id, kind),
            `the keychain could not decrypt it (${error instanceof Error ? error.message : String(error)})`,
          )
        }
      }
    }
  }

  /** The secret in clear, for sending; null when there is none (or it cannot be decrypted here). */
  get(environmentId: string, kind: SecretKind): string | null {
    const stored = this.data.environments[environmentId]?.[kind]
    if (stored) return this.clear.get(keyOf(environmentId, kind)) ?? null
    return this.fromVariables[kind] ?? null
  }

  /** What the UI may see. */
  masked(environmentId: string, kind: SecretKind): MaskedSecret | null {
    const key = keyOf(environmentId, kind)
    const problem = this.unreadable.get(key)
    if (problem) return { masked: '', source: 'unreadable', problem: `Re-enter this key: ${problem}.` }
    const plain = this.clear.get(key)
    if (plain !== undefined) return { masked: fingerprint(plain), source: 'stored' }
    const variable = this.fromVariables[kind]
    return variable ? { masked: fingerprint(variable), source: 'variable' } : null
  }

  /** Keys the user has to type again, by environment (the UI lists them). */
  unreadableCount(): number {
    return this.unreadable.size
  }

  async set(environmentId: string, kind: SecretKind, value: string | null): Promise<void> {
    const entry = { ...this.data.environments[environmentId] }
    const key = keyOf(environmentId, kind)
    if (value === null) {
      delete entry[kind]
      this.clear.delete(key)
    } else {
      entry[kind] = { scheme: this.cipher.scheme, value: await this.cipher.encrypt(value) }
      this.clear.set(key, value)
    }
    this.unreadable.delete(key)
    this.data.environments[environmentId] = entry
    this.save()
  }

  remove(environmentId: string): void {
    if (!(environmentId in this.data.environments)) return
    delete this.data.environments[environmentId]
    for (const kind of ['apiKey', 'bearerToken'] as const) {
      this.clear.delete(keyOf(environmentId, kind))
      this.unreadable.delete(keyOf(environmentId, kind))
    }
    this.save()
  }

  /** Every secret in clear, to scrub them from anything shown (error messages, echoed bodies). */
  allSecrets(): string[] {
    const out = new Set<string>(this.clear.values())
    if (this.fromVariables.apiKey) out.add(this.fromVariables.apiKey)
    if (this.fromVariables.bearerToken) out.add(this.fromVariables.bearerToken)
    return [...out]
  }
}

function describeScheme(scheme: string): string {
  if (scheme === 'electron-safe-storage') return 'the desktop app and the OS keychain'
  if (scheme === 'file-0600') return 'the headless server (a file readable only by you)'
  return `"${scheme}"`
}
