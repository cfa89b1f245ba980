/**
 * Keys stored by one scheme and read by another (the desktop keychain went
 * away, or a data folder moved between the desktop app and headless) are
 * never lost silently: they stay in the file and are reported as needing
 * re-entry, by environment and kind.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { chooseSecretCipher, type SafeStorageLike } from '../../../src/main/desktop/keychain-cipher'
import { CREDENTIALS_FILE_NAME, CredentialStore } from '../../../src/main/engine/send/credential-store'
import { fileModeCipher, type SecretCipher } from '../../../src/main/engine/send/secret-cipher'
import { cleanup, tempDir } from '../../helpers/temp-dir'

/** A keychain stand-in that really transforms the value (so a wrong read is visible), and can break. */
function fakeKeychain(
  opts: { available?: boolean; backend?: string; broken?: boolean } = {},
): SafeStorageLike {
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain) => Buffer.from(`kc:${[...plain].reverse().join('')}`),
    decryptStringAsync: async (encrypted) => {
      if (opts.broken)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      return { result: [...encrypted.toString().slice(3)].reverse().join(''), shouldReEncrypt: false }
    },
  }
}

let dir = ''
afterEach(() => cleanup(dir))

async function storeWith(cipher: SecretCipher): Promise<CredentialStore> {
  const store = new CredentialStore(dir, cipher)
  await store.unlock()
  return store
}

describe('credentials across keychain changes', () => {
  it('uses the keychain when it is real, and the 0600 file when Linux offers only basic_text', () => {
    expect(chooseSecretCipher(fakeKeychain(), 'linux').scheme).toBe('electron-safe-storage')
    expect(chooseSecretCipher(fakeKeychain({ backend: 'basic_text' }), 'linux').scheme).toBe('file-0600')
    expect(chooseSecretCipher(fakeKeychain({ available: false }), 'darwin').scheme).toBe('file-0600')
  })

  it('round-trips through the keychain without writing the key in clear', async () => {
    dir = tempDir('td-creds-')
    const keychain = chooseSecretCipher(fakeKeychain(), 'linux')
    const store = await storeWith(keychain)
    await store.set('production', 'apiKey', 'tsk_live_ABCDEF_123456')
    expect(readFileSync(join(dir, CREDENTIALS_FILE_NAME), 'utf8')).not.toContain('tsk_live_ABCDEF_123456')
    const again = await storeWith(keychain)
    expect(again.get('production', 'apiKey')).toBe('tsk_live_ABCDEF_123456')
    expect(again.masked('production', 'apiKey')).toEqual({ masked: '••••3456', source: 'stored' })
  })

  it('reports a key saved with the keychain as needing re-entry when only the file scheme is left', async () => {
    dir = tempDir('td-creds-')
    const first = await storeWith(chooseSecretCipher(fakeKeychain(), 'linux'))
    await first.set('production', 'apiKey', 'tsk_live_ABCDEF_123456')
    const before = readFileSync(join(dir, CREDENTIALS_FILE_NAME), 'utf8')

    const later = await storeWith(fileModeCipher)
    expect(later.get('production', 'apiKey')).toBeNull()
    const shown = later.masked('production', 'apiKey')
    expect(shown?.source).toBe('unreadable')
    expect(shown?.problem).toMatch(/Re-enter this key: saved with the desktop app and the OS keychain/)
    expect(later.unreadableCount()).toBe(1)
    // Kept, not dropped: the keychain may come back.
    expect(readFileSync(join(dir, CREDENTIALS_FILE_NAME), 'utf8')).toBe(before)

    await later.set('production', 'apiKey', 'tsk_live_NEW_999999')
    expect(later.masked('production', 'apiKey')).toEqual({ masked: '••••9999', source: 'stored' })
    expect(later.unreadableCount()).toBe(0)
  })

  it('reports a key the keychain can no longer decrypt, with the keychain’s reason', async () => {
    dir = tempDir('td-creds-')
    const first = await storeWith(chooseSecretCipher(fakeKeychain(), 'linux'))
    await first.set('development', 'bearerToken', 'bearer_value_abcdef')
    const broken = await storeWith(chooseSecretCipher(fakeKeychain({ broken: true }), 'linux'))
    expect(broken.get('development', 'bearerToken')).toBeNull()
    expect(broken.masked('development', 'bearerToken')?.problem).toMatch(
      /could not decrypt it \(Error while decrypting/,
    )
    expect(broken.allSecrets()).toEqual([])
  })
})
