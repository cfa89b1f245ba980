/**
 * Credentials at rest on desktop: Electron `safeStorage`, i.e. the OS
 * keychain (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on
 * Linux). Where Linux has no keyring, safeStorage would fall back to a
 * hard-coded key ("basic_text"), which is obfuscation, not encryption; the
 * engine is then given the 0600-file scheme instead, which says what it is.
 *
 * safeStorage only answers truthfully once the app is ready, so the choice
 * is made on first use (the engine touches credentials only after start).
 */
import { safeStorage } from 'electron'
import type { SecretCipher } from '../engine/send/secret-cipher'
import { chooseSecretCipher } from './keychain-cipher'

export function createSecretCipher(): SecretCipher {
  let chosen: SecretCipher | null = null
  const pick = (): SecretCipher => (chosen ??= chooseSecretCipher(safeStorage))
  return {
    get scheme() {
      return pick().scheme
    },
    get description() {
      return pick().description
    },
    encrypt: (plain) => pick().encrypt(plain),
    decrypt: (stored) => pick().decrypt(stored),
  }
}
