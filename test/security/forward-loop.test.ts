/**
 * Forward mode never loops: an upstream that leads back to the capture port
 * (by any local address, or a name that resolves to one) is refused when it
 * is chosen, and a call that comes back anyway (two debuggers forwarding to
 * each other) is answered 508 after one round, never sent again.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, trackEvent, type TestEngine } from '../helpers/engine'
import { startSendEngine } from '../helpers/upstream'

const engines: TestEngine[] = []
afterEach(async () => {
  for (const t of engines.splice(0)) {
    await t.stop()
    cleanup(t.dataDir)
  }
})

async function engine(opts: Parameters<typeof startSendEngine>[0] = {}): Promise<TestEngine> {
  const t = await startSendEngine(opts)
  engines.push(t)
  return t
}

async function environment(t: TestEngine, baseUrl: string, name = baseUrl): Promise<string> {
  return (await t.engine.call('environments.save', { name, baseUrl, variables: {} })).id
}

const BODY = JSON.stringify([trackEvent('loop_check')])

describe('forward loop', () => {
  it.each(['localhost', '127.0.0.1', '127.0.0.2', '0.0.0.0', '[::1]'])(
    'refuses an upstream at %s on the capture port when it is chosen',
    async (host) => {
      const t = await engine()
      const port = new URL(t.captureUrl).port
      const id = await environment(t, `http://${host}:${port}/api`)
      await expect(
        t.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: id }),
      ).rejects.toThrow(/is this debugger's own capture port/)
      expect((await t.engine.call('capture.getMode', {})).mode).toBe('capture')
    },
  )

  it('refuses a name that resolves to this machine, by its resolved address', async () => {
    const t = await engine({
      resolve: async (host) => (host === 'api.app.thrivestack.ai' ? ['127.0.0.1'] : []),
    })
    const port = new URL(t.captureUrl).port
    const id = await environment(t, `http://api.app.thrivestack.ai:${port}/api`, 'Looks real')
    await expect(
      t.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: id }),
    ).rejects.toThrow(
      /Forward mode cannot use "Looks real": .*api\.app\.thrivestack\.ai \(127\.0\.0\.1\) is this machine/,
    )
  })

  it('accepts a local upstream on another port (a dev server is a real use)', async () => {
    const t = await engine()
    const id = await environment(t, 'http://127.0.0.1:1/api')
    await expect(
      t.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: id }),
    ).resolves.toMatchObject({
      mode: 'forward',
    })
  })

  it('answers 508 after one round when two debuggers forward to each other', async () => {
    const a = await engine()
    const b = await engine()
    await a.engine.call('capture.setMode', {
      mode: 'forward',
      upstreamEnvironmentId: await environment(a, b.captureUrl),
    })
    await b.engine.call('capture.setMode', {
      mode: 'forward',
      upstreamEnvironmentId: await environment(b, a.captureUrl),
    })
    const res = await fetch(`${a.captureUrl}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    })
    expect(res.status).toBe(508)
    expect(await res.text()).toMatch(/forward loop/)
    // A: the app's call, then the call coming back from B. B: the call from A. Nothing more.
    const rowsA = await a.engine.call('events.list', {})
    const rowsB = await b.engine.call('events.list', {})
    expect(rowsA.items).toHaveLength(2)
    expect(rowsB.items).toHaveLength(1)
  })

  it('catches an upstream edited to point here after forward mode was turned on', async () => {
    const t = await engine()
    const id = await environment(t, 'http://127.0.0.1:1/api', 'Dev')
    await t.engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: id })
    await t.engine.call('environments.save', { id, name: 'Dev', baseUrl: t.captureUrl, variables: {} })
    const res = await fetch(`${t.captureUrl}/track`, { method: 'POST', body: BODY })
    expect(res.status).toBe(508)
    expect((await t.engine.call('events.list', {})).items).toHaveLength(1)
  })
})
