/**
 * How credentials are protected at rest. The desktop shell supplies one
 * backed by the OS keychain (Electron `safeStorage`); headless there is no
 * keychain, so secrets are kept as they are in a file only the user can
 * read (0600), like ~/.netrc or ~/.aws/credentials. The scheme is stored
 * with each value so that a data folder moved between the two is told
 * apart instead of decrypted into garbage.
 */
export interface SecretCipher {
  /** Stored with each value; a value written by another scheme is not decrypted. */
  readonly scheme: string
  /** Human description for the UI ("OS keychain", "file readable only by you"). */
  readonly description: string
  /** Async: the desktop keychain (Electron's async safeStorage) may prompt or unlock first. */
  encrypt(plain: string): Promise<string>
  decrypt(stored: string): Promise<string>
}

/** Headless: the file's 0600 mode is the protection; the value is kept as is. */
export const fileModeCipher: SecretCipher = {
  scheme: 'file-0600',
  description: 'stored in a file readable only by you (mode 0600)',
  encrypt: async (plain) => plain,
  decrypt: async (stored) => stored,
}
