/**
 * The keychain cipher over Electron's async `safeStorage`, and the choice
 * between it and the 0600 file. Pure (safeStorage is passed in), so unit
 * tests drive it with a fake keychain.
 */
import { fileModeCipher, type SecretCipher } from '../engine/send/secret-cipher'

/** The parts of Electron's `safeStorage` used here (its real type fits), so tests can pass a fake. */
export interface SafeStorageLike {
  encryptStringAsync(plain: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend(): string
}

function keychainCipher(storage: SafeStorageLike): SecretCipher {
  return {
    scheme: 'electron-safe-storage',
    description: 'encrypted with the operating system keychain',
    encrypt: async (plain) => (await storage.encryptStringAsync(plain)).toString('base64'),
    // shouldReEncrypt (a rotated key) needs no action here: the old ciphertext still decrypts.
    decrypt: async (stored) => (await storage.decryptStringAsync(Buffer.from(stored, 'base64'))).result,
  }
}

/**
 * Keychain when there is a real one, else the 0600 file. Keys saved under
 * the other scheme are not lost: the credential store reports them as
 * needing re-entry (see credential-store.ts).
 */
export function chooseSecretCipher(
  storage: SafeStorageLike,
  platform: string = process.platform,
): SecretCipher {
  const weak = platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text'
  return storage.isEncryptionAvailable() && !weak ? keychainCipher(storage) : fileModeCipher
}
