import { describe, expect, it } from 'vitest'
import type { EnvironmentView } from '../../../src/shared/contract/send'
import { needsCredentials, preflight } from '../../../src/shared/preflight'

const env = (over: Partial<EnvironmentView> = {}): EnvironmentView => ({
  id: 'production',
  name: 'Production',
  baseUrl: 'https://api.app.thrivestack.ai/api',
  builtin: true,
  variables: {},
  apiKey: null,
  bearerToken: null,
  ...over,
})
const key = { masked: '••••a1b2', source: 'stored' as const }
const codes = (w: { code: string }[]): string[] => w.map((x) => x.code)

describe('pre-send checks', () => {
  it('flags a send to a remote environment with no usable key, and names it', () => {
    const [w] = preflight({ environment: env(), body: '[]' })
    expect(w?.code).toBe('no-key')
    expect(w?.message).toContain('Sending to Production without a key')
    expect(preflight({ environment: env({ apiKey: key }), body: '[]' })).toEqual([])
    expect(preflight({ environment: env({ bearerToken: key }), body: '[]' })).toEqual([])
    expect(
      codes(preflight({ environment: env({ apiKey: { masked: '', source: 'unreadable' } }), body: '[]' })),
    ).toEqual(['unreadable-key'])
  })

  it('needs no key on this machine', () => {
    for (const url of ['http://127.0.0.1:8787/api', 'http://localhost:1/api', 'http://[::1]:9/api'])
      expect(needsCredentials(url), url).toBe(false)
    expect(needsCredentials('https://dev.example.com/api')).toBe(true)
    expect(preflight({ environment: env({ baseUrl: 'http://127.0.0.1:8787/api' }), body: '[]' })).toEqual([])
  })

  it('flags a body over 2 MB and more than 1,000 events, as the real API answers 400', () => {
    const big = JSON.stringify([{ event_name: 'x', properties: { pad: 'a'.repeat(2 * 1024 * 1024) } }])
    expect(codes(preflight({ environment: env({ apiKey: key }), body: big }))).toEqual(['body-too-large'])
    const many = JSON.stringify(Array.from({ length: 1_001 }, () => ({ event_name: 'x' })))
    const [w] = preflight({ environment: env({ apiKey: key }), body: many })
    expect(w?.code).toBe('too-many-events')
    expect(w?.message).toContain('1,001 events')
    expect(preflight({ environment: env({ apiKey: key }), eventCount: 1_000 })).toEqual([])
    // Multi-byte text counts in bytes, as it goes over the wire.
    const wide = JSON.stringify([{ event_name: 'x', properties: { t: 'é'.repeat(1_100_000) } }])
    expect(codes(preflight({ environment: env({ apiKey: key }), body: wide }))).toEqual(['body-too-large'])
  })

  it('flags a resend of a call that went as form or text', () => {
    const e = env({ apiKey: key })
    expect(
      codes(preflight({ environment: e, body: '[]', originalContentType: 'text/plain;charset=UTF-8' })),
    ).toEqual(['content-type'])
    expect(
      codes(
        preflight({ environment: e, body: '[]', originalContentType: 'application/x-www-form-urlencoded' }),
      ),
    ).toEqual(['content-type'])
    expect(
      preflight({ environment: e, body: '[]', originalContentType: 'application/json; charset=utf-8' }),
    ).toEqual([])
  })
})
