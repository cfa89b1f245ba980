/**
 * `--validation strict|lenient`: parsed before anything starts, applied to a
 * real engine through the contract, persisted; absent, the saved setting stands.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { parseServeArgs, UsageError } from '../../../src/main/headless/cli'
import { applyValidationFlag } from '../../../src/main/headless/validation-flag'
import { cleanup, post, startEngine, tempDir, trackEvent, type TestEngine } from '../../helpers/engine'

const TOKEN = { TRACK_DEBUGGER_TOKEN: 't'.repeat(24) }

describe('--validation flag', () => {
  it('parses strict and lenient, and leaves the setting alone when absent', () => {
    expect(parseServeArgs(['serve', '--validation', 'lenient'], TOKEN)).toMatchObject({
      validation: 'lenient',
    })
    expect(parseServeArgs(['--validation', 'STRICT'], TOKEN)).toMatchObject({ validation: 'strict' })
    expect(parseServeArgs([], TOKEN)).toMatchObject({ validation: undefined })
  })

  it('rejects anything else as a usage error naming the flag', () => {
    expect(() => parseServeArgs(['--validation', 'loose'], TOKEN)).toThrow(UsageError)
    expect(() => parseServeArgs(['--validation', 'loose'], TOKEN)).toThrow(
      /--validation must be strict or lenient, got "loose"/,
    )
    expect(() => parseServeArgs(['--validation', ''], TOKEN)).toThrow(/--validation/)
  })
})

describe('applying --validation to an engine', () => {
  let t: TestEngine | null = null
  const dataDir = tempDir()
  afterEach(async () => {
    await t?.stop()
    t = null
  })
  afterEach(() => cleanup(dataDir))

  const invalidCall = (): Promise<{ status: number }> =>
    post(`${t?.captureUrl}/track`, JSON.stringify([trackEvent('', { timestamp: 'yesterday' })]))

  it('sets the mode, persists it, and the capture server answers by it', async () => {
    t = await startEngine(dataDir)
    expect(await applyValidationFlag(t.engine, undefined)).toMatch(/^strict/)
    expect((await invalidCall()).status).toBe(400)

    expect(await applyValidationFlag(t.engine, 'lenient')).toMatch(/^lenient/)
    expect((await invalidCall()).status).toBe(200)
    await t.stop()

    // Next run without the flag: the saved setting stands.
    t = await startEngine(dataDir)
    expect(await applyValidationFlag(t.engine, undefined)).toMatch(/^lenient/)
    expect((await t.engine.call('validation.mode.get', {})).mode).toBe('lenient')
    expect((await invalidCall()).status).toBe(200)

    expect(await applyValidationFlag(t.engine, 'strict')).toMatch(/^strict/)
    expect((await invalidCall()).status).toBe(400)
  })
})
