/**
 * Patterns users write (plan `pattern`, session `matches`) run in linear
 * time: the textbook catastrophic pattern `^(a+)+$` against forty `a`s and a
 * `!` would take JavaScript's RegExp hours; here the verdict comes at once.
 * Constructs RE2 cannot run in linear time are refused when saved, with a
 * message that says why. Real engine, real capture server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { patternProblem } from '../../src/shared/linear-regex'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine
beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

const EVIL = '^(a+)+$'
const ATTACK = `${'a'.repeat(40)}!`

describe('user patterns', () => {
  it('judge a session condition on a pathological input without backtracking', async () => {
    const session = await t.engine.call('sessions.start', {
      name: 'redos',
      expectations: [
        { eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'matches', value: EVIL }] },
      ],
    })
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('signed_up', { properties: { plan: ATTACK } })]),
    )
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('signed_up', { properties: { plan: 'aaaa' } })]),
    )
    const detail = await t.engine.call('sessions.get', { id: session.id })
    expect(detail?.results[0]?.verdict).toBe('met')
    expect(detail?.results[0]?.matchCount).toBe(1)
  })

  it('validate a plan pattern on a pathological input without backtracking', async () => {
    await t.engine.call('validation.mode.set', { mode: 'lenient' })
    const plan = JSON.stringify({
      signed_up: { type: 'object', properties: { plan: { type: 'string', pattern: EVIL } } },
    })
    expect((await t.engine.call('plan.save', { source: plan })).ok).toBe(true)
    const res = await post(
      `${t.captureUrl}/track`,
      JSON.stringify([trackEvent('signed_up', { properties: { plan: ATTACK } })]),
    )
    expect(res.status).toBe(200)
    expect((await t.engine.call('events.list', { rules: ['plan.schema'] })).items).toHaveLength(1)
  })

  it('refuse backreferences and lookaround when saved, saying why', async () => {
    await expect(
      t.engine.call('sessions.start', {
        name: 'x',
        expectations: [
          { eventName: 'a', conditions: [{ path: 'properties.p', op: 'matches', value: '(a)\\1' }] },
        ],
      }),
    ).rejects.toThrow(/backreference or lookaround, which can take exponential time/)
    const saved = await t.engine.call('plan.save', {
      source: JSON.stringify({
        a: { type: 'object', properties: { p: { type: 'string', pattern: '^(?=x)x' } } },
      }),
    })
    expect(saved.ok).toBe(false)
    expect(saved.errors[0]?.message).toMatch(/lookaround/)
    expect(patternProblem('[unclosed')).toMatch(/not a valid regular expression/)
    expect(patternProblem('x'.repeat(501))).toMatch(/longer than 500/)
    expect(patternProblem('^user_\\d+$')).toBeNull()
  })
})
