import { describe, expect, it } from 'vitest'
import { fingerprint, isSecretHeader, redactHeaders } from '../../../src/main/engine/capture/redact'

describe('header redaction', () => {
  it('replaces every credential header with a fingerprint, keeping order and other headers', () => {
    const raw = [
      'Content-Type',
      'application/json',
      'x-api-key',
      'tsk_live_9f8e7d6c5b4a3210',
      'Authorization',
      'Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature-wxyz',
      'KEY',
      'legacy-api-key-000111',
      'Cookie',
      'sid=abcdefabcdefabcdef',
    ]
    const out = redactHeaders(raw)
    expect(out).toEqual([
      ['Content-Type', 'application/json'],
      ['x-api-key', '••••3210'],
      ['Authorization', 'Bearer ••••wxyz'],
      ['KEY', '••••0111'],
      ['Cookie', '••••cdef'],
    ])
    for (const secret of ['9f8e7d6c5b4a', 'payload.signature', 'legacy-api-key', 'sid=abc']) {
      expect(JSON.stringify(out)).not.toContain(secret)
    }
  })

  it('shows nothing of a short secret', () => {
    expect(fingerprint('abc123')).toBe('••••')
    expect(fingerprint('Bearer short')).toBe('Bearer ••••')
  })

  it('knows the credential headers case-insensitively', () => {
    expect(isSecretHeader('X-API-KEY')).toBe(true)
    expect(isSecretHeader('proxy-authorization')).toBe(true)
    expect(isSecretHeader('user-agent')).toBe(false)
  })
})
