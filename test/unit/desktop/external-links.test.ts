import { describe, expect, it, vi } from 'vitest'
import {
  isSafeExternalUrl,
  openExternalSafely,
  toSafeExternalUrl,
} from '../../../src/main/desktop/external-links'

describe('isSafeExternalUrl', () => {
  it.each([
    'https://docs.thrivestack.ai',
    'https://docs.thrivestack.ai/track/api?x=1#events',
    'http://example.com/',
    'HTTPS://EXAMPLE.COM/path',
    'http://127.0.0.1:8787/api',
    'http://[::1]:8080/',
    '  https://example.com/  ',
  ])('accepts the web URL %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true)
  })

  it.each([
    ['file:', 'file:///etc/passwd'],
    ['file: with a host', 'file://server/share/x.exe'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: in capitals', 'JavaScript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob:', 'blob:https://example.com/0d7a'],
    ['a custom protocol', 'ms-msdt:/id PCWDiagnostic'],
    ['smb:', 'smb://attacker.example/share'],
    ['mailto:', 'mailto:someone@example.com'],
    ['ftp:', 'ftp://example.com/file'],
    ['an empty string', ''],
    ['a relative path', '/docs/track'],
    ['a protocol-relative URL', '//example.com/'],
    ['text that is not a URL', 'not a url'],
    ['a malformed host', 'http://exa mple.com/'],
    ['no host', 'http://'],
    ['embedded credentials', 'https://docs.thrivestack.ai@evil.example/'],
    ['a username only', 'https://user@example.com/'],
  ])('rejects %s', (_label, url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })

  it('rejects values that are not strings', () => {
    expect(toSafeExternalUrl(undefined)).toBeNull()
    expect(toSafeExternalUrl({ toString: () => 'https://example.com' })).toBeNull()
  })

  it('normalises what it accepts', () => {
    expect(toSafeExternalUrl('  HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b')
  })
})

describe('openExternalSafely', () => {
  it('opens a safe URL, normalised, and reports success', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) }
    await expect(openExternalSafely(' https://Example.com/x ', shell)).resolves.toBe(true)
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.com/x')
  })

  it('never hands an unsafe URL to the shell', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await expect(openExternalSafely('file:///C:/Windows/System32/calc.exe', shell)).resolves.toBe(false)
    expect(shell.openExternal).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('resolves false instead of rejecting when the OS cannot open the link', async () => {
    const shell = { openExternal: vi.fn(async () => Promise.reject(new Error('no browser'))) }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await expect(openExternalSafely('https://example.com', shell)).resolves.toBe(false)
    warn.mockRestore()
  })
})
