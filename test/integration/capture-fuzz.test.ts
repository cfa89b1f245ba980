/**
 * Property: whatever arrives — random bytes, random JSON, wrong encodings,
 * odd content types, any path and method — the capture server answers
 * (JSON, or an empty 204 for a preflight), writes exactly one log row for
 * it, and keeps running. 2,000 runs against one real server on port 0.
 */
import fc from 'fast-check'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, startEngine, trackEvent, type TestEngine } from '../helpers/engine'
import { rawRequest } from '../helpers/raw-http'

let t: TestEngine

beforeAll(async () => {
  t = await startEngine()
  await t.engine.call('validation.mode.set', { mode: 'strict' })
})
afterAll(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

const event = fc.record(
  {
    event_name: fc.oneof(fc.string(), fc.constantFrom('signed_up', 'page_visit', ''), fc.integer()),
    user_id: fc.oneof(fc.string(), fc.constant(''), fc.integer(), fc.constant(null)),
    properties: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
    context: fc.oneof(
      fc.record({ device_id: fc.string(), source: fc.string() }, { requiredKeys: [] }),
      fc.jsonValue(),
    ),
    timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.integer(),
    ),
  },
  { requiredKeys: [] },
)

const body: fc.Arbitrary<Buffer> = fc.oneof(
  fc.array(event, { maxLength: 5 }).map((v) => Buffer.from(JSON.stringify(v))),
  event.map((v) => Buffer.from(JSON.stringify(v))),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')),
  fc.string().map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 1, max: 3000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
  fc.constant(Buffer.from(JSON.stringify([trackEvent('ok')]))),
)

const encoding = fc.constantFrom('', 'gzip', 'deflate', 'br', 'gzip-but-plain', 'compress', 'identity')
const contentType = fc.constantFrom(
  'application/json',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  'application/json; charset=latin1',
)
const target = fc.oneof(
  fc.constantFrom('/api/track', '/api/identify', '/api/group', '/track', '/api/subscriptionStatus'),
  fc.stringMatching(/^\/[a-zA-Z0-9/_.%-]{0,30}$/),
)
const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'OPTIONS', 'DELETE')

function encode(enc: string, bytes: Buffer): { bytes: Buffer; header: string | null } {
  switch (enc) {
    case 'gzip':
      return { bytes: gzipSync(bytes), header: 'gzip' }
    case 'deflate':
      return { bytes: deflateSync(bytes), header: 'deflate' }
    case 'br':
      return { bytes: brotliCompressSync(bytes), header: 'br' }
    case 'gzip-but-plain':
      return { bytes, header: 'gzip' }
    case '':
      return { bytes, header: null }
    default:
      return { bytes, header: enc }
  }
}

describe('capture fuzzing', () => {
  it('answers everything, records each request exactly once, and never dies', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(method, target, contentType, encoding, body, async (m, path, type, enc, raw) => {
        runs++
        const before = (await t.engine.call('log.stats', {})).requests
        const { bytes, header } = encode(enc, raw)
        const headers: Record<string, string> = {}
        if (type) headers['content-type'] = type
        if (header) headers['content-encoding'] = header
        const res = await rawRequest(t.engine.info.port, { method: m, path, headers, body: bytes })
        expect(res.status).toBeGreaterThanOrEqual(200)
        expect(res.status).toBeLessThan(600)
        if (res.status !== 204) {
          const answer = JSON.parse(res.body) as Record<string, unknown>
          expect(typeof answer).toBe('object')
          if (res.status >= 400) expect(answer).toMatchObject({ success: false, message: expect.any(String) })
        }
        expect((await t.engine.call('log.stats', {})).requests).toBe(before + 1)
      }),
      { numRuns: 2000, seed: Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31) },
    )
    expect(runs).toBe(2000)
    // Still healthy afterwards.
    const ok = await rawRequest(t.engine.info.port, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([trackEvent('after_fuzz')]),
    })
    expect(ok.status).toBe(200)
  }, 120_000)
})
