import { describe, expect, it } from 'vitest'
import { callTypeForPath, expectedMethod } from '../../../src/main/engine/capture/routes'

describe('routes', () => {
  it('recognises calls with or without the /api prefix and a trailing slash', () => {
    expect(callTypeForPath('POST', '/api/track')).toBe('track')
    expect(callTypeForPath('POST', '/track/')).toBe('track')
    expect(callTypeForPath('POST', '/api/identify')).toBe('identify')
    expect(callTypeForPath('POST', '/api/group')).toBe('group')
    expect(callTypeForPath('GET', '/api/subscriptionStatus')).toBe('subscription')
    expect(callTypeForPath('OPTIONS', '/api/track')).toBe('preflight')
    // A preflight is one only when it asks about a Track route.
    expect(callTypeForPath('OPTIONS', '/api/admin')).toBe('other')
    expect(callTypeForPath('POST', '/api/page')).toBe('other')
    expect(callTypeForPath('POST', '/apitrack')).toBe('other')
  })

  it('knows the method each call expects', () => {
    expect(expectedMethod('track')).toBe('POST')
    expect(expectedMethod('subscription')).toBe('GET')
    expect(expectedMethod('other')).toBeNull()
  })
})
