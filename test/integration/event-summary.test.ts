/**
 * The log summary (automation API /summary, the MCP server's summarize tool)
 * counts window by window of ids, with capture's turn between windows. Small
 * windows must give the very same answer as one window over the whole log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { summarize } from '../../src/main/engine/db/event-summary'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine
beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

describe('the log summary', () => {
  it('gives the same counts window by window as in one go, and capture its turn between windows', async () => {
    await t.engine.call('plan.save', {
      source: 'event,property,type,required,allowed values\nsigned_up,plan,string,yes,free|pro\n',
    })
    const names = ['signed_up', 'page_visit', 'checkout_started', 'page_visit', 'signed_up']
    for (let i = 0; i < 12; i++) {
      const batch = names.map((n, j) =>
        trackEvent(n, { properties: { plan: (i + j) % 3 === 0 ? 'gold' : 'pro' } }),
      )
      expect((await post(`${t.captureUrl}/track`, JSON.stringify(batch))).status).toBeLessThan(500)
    }
    const identify = [
      { user_id: 'u1', traits: { email: 'a@example.com' }, timestamp: new Date().toISOString() },
    ]
    await post(`${t.captureUrl}/identify`, JSON.stringify(identify))
    await post(`${t.captureUrl}/track`, '{not json')

    const db = t.engine.internals.db
    const whole = await summarize({ db }, {}, { windowIds: 1_000_000 })
    let turns = 0
    const windowed = await summarize(
      {
        db,
        yieldToCapture: async () => {
          turns++
          await new Promise((r) => setImmediate(r))
        },
      },
      {},
      { windowIds: 4, stepMs: 0 },
    )
    expect(windowed).toEqual(whole)
    expect(whole.total).toBe(62)
    expect(whole.byEventName[0]).toMatchObject({ eventName: 'page_visit', count: 24 })
    expect(whole.byStatus.invalid).toBeGreaterThan(0)
    // 62 rows in windows of 4 ids: a turn after each window.
    expect(turns).toBeGreaterThanOrEqual(15)

    // Through the engine: the same answer.
    expect(await t.engine.call('events.summary', {})).toEqual(whole)
  })
})
