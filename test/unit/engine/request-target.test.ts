import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPlainTarget, parsedTarget, requestTarget } from '../../../src/main/engine/capture/request-target'

// Characters URL parsing treats specially (dots, percent, backslash, quote,
// space, controls, hash, non-ASCII) beside the ones it leaves alone.
const CHARS = [...'/aZ09_-.~%2eE?#&=+,:;@!$()*\'"\\ \t\n<>[]{}|^`é\u0000']

const target = fc
  .array(fc.constantFrom(...CHARS), { maxLength: 24 })
  .map((cs) => cs.join(''))
  .chain((rest) => fc.constantFrom(`/${rest}`, `//${rest}`, rest, `/api/track?${rest}`, `/api/${rest}`))

describe('requestTarget', () => {
  it('reads every target as WHATWG URL parsing does', () => {
    fc.assert(
      fc.property(target, (raw) => {
        expect(requestTarget(raw)).toEqual(parsedTarget(raw))
      }),
      { numRuns: 20_000 },
    )
  })

  it('splits the targets SDKs send without building a URL', () => {
    for (const raw of [
      '/api/track',
      '/api/batch',
      '/v1/identify',
      '/api/track?writeKey=k-1&x=%20y',
      '/api/track?',
    ]) {
      expect(isPlainTarget(raw)).toBe(true)
      expect(requestTarget(raw)).toEqual(parsedTarget(raw))
    }
    expect(requestTarget('/api/track?')).toEqual({ pathname: '/api/track', search: '' })
    expect(requestTarget('/api/track?a=1')).toEqual({ pathname: '/api/track', search: '?a=1' })
  })

  it('leaves targets that URL parsing rewrites to URL parsing', () => {
    const cases: Array<[string, string, string]> = [
      ['/a/../api/track', '/api/track', ''],
      ['/api/%2e%2e/track', '/track', ''],
      ['//evil.example/api/track', '/api/track', ''],
      ['/api\\track', '/api/track', ''],
      ["/api/track?q='x y'", '/api/track', '?q=%27x%20y%27'],
      ['/api/track#frag', '/api/track', ''],
    ]
    for (const [raw, pathname, search] of cases) {
      expect(isPlainTarget(raw)).toBe(false)
      expect(requestTarget(raw)).toEqual({ pathname, search })
    }
    expect(requestTarget(undefined)).toEqual({ pathname: '/', search: '' })
  })
})
