import { describe, expect, it } from 'vitest'
import { parseModeFlags } from '../../../src/main/headless/mode-flags'
import { resolveVariables } from '../../../src/main/engine/send/variables'
import { faultApplies } from '../../../src/main/engine/send/intercept'

describe('command-line mode flags', () => {
  it('reads --mode, --upstream, --fault and --delay', () => {
    expect(parseModeFlags({ mode: 'forward', upstream: 'http://127.0.0.1:9000/api' })).toEqual({
      mode: 'forward',
      upstream: 'http://127.0.0.1:9000/api',
    })
    expect(parseModeFlags({ upstream: 'Production' }).mode).toBe('forward')
    expect(parseModeFlags({ fault: '429@0.25' })).toEqual({
      mode: 'fault',
      fault: { action: 'status', status: 429, percent: 25 },
    })
    expect(parseModeFlags({ fault: 'drop@40%', delay: '1500' })).toEqual({
      mode: 'fault',
      fault: { action: 'drop', status: 500, percent: 40 },
      delayMs: 1500,
    })
    expect(parseModeFlags({ delay: '200' })).toEqual({ mode: 'fault', delayMs: 200 })
  })

  it('rejects what it cannot honour, with the flag named', () => {
    expect(() => parseModeFlags({ mode: 'mirror' })).toThrow(/--mode/)
    expect(() => parseModeFlags({ fault: '418' })).toThrow(/--fault status/)
    expect(() => parseModeFlags({ fault: '500@2%x' })).toThrow(/--fault must look like/)
    expect(() => parseModeFlags({ fault: '500@0' })).toThrow(/share/)
    expect(() => parseModeFlags({ delay: '-5' })).toThrow(/--delay/)
    expect(() => parseModeFlags({ mode: 'forward', fault: '500' })).toThrow(/cannot be combined/)
  })
})

describe('composer variables', () => {
  const at = new Date('2025-09-22T11:04:05.123Z')
  it('resolves built-ins once per send and escapes environment values for JSON', () => {
    const out = resolveVariables(
      '{"a":"{{$now}}","b":{{$timestamp}},"u":"{{ user }}"}',
      { user: 'a"b\\c' },
      () => at,
    )
    expect(JSON.parse(out)).toEqual({ a: '2025-09-22T11:04:05.123Z', b: at.getTime(), u: 'a"b\\c' })
    const ids = JSON.parse(resolveVariables('["{{$uuid}}","{{$uuid}}"]', {})) as string[]
    expect(ids[0]).not.toBe(ids[1])
  })
  it('names every unknown variable', () => {
    expect(() => resolveVariables('{{a}} {{$nope}} {{b}}', { b: '1' })).toThrow('{{$nope}}, {{a}}')
  })
})

describe('fault matching', () => {
  const base = {
    action: 'status',
    status: 500,
    retryAfterSeconds: 0,
    delayMs: 0,
    percent: 100,
    eventName: '',
  } as const
  it('matches by event name and by share', () => {
    expect(faultApplies({ ...base, eventName: 'checkout' }, ['signed_up'], () => 0)).toBe(false)
    expect(faultApplies({ ...base, eventName: 'checkout' }, ['signed_up', 'checkout'], () => 0)).toBe(true)
    expect(faultApplies({ ...base, percent: 30 }, [], () => 0.29)).toBe(true)
    expect(faultApplies({ ...base, percent: 30 }, [], () => 0.3)).toBe(false)
    expect(faultApplies({ ...base, percent: 0 }, [], () => 0)).toBe(false)
  })
})
