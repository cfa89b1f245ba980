/**
 * The engine host over a real port: serveEngine in a Node worker thread (the
 * code the desktop app's utility process runs), driven by EngineClient (the
 * code main runs) through the worker's MessagePort. A real engine, a real
 * SQLite file, the real capture server on port 0 and a real upstream on
 * loopback receiving the resend.
 */
import { join } from 'node:path'
import { MessageChannel, Worker } from 'node:worker_threads'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ApiPushes, PushName } from '../../src/shared/api'
import type { SessionDetail } from '../../src/shared/contract/sessions'
import { BadInputError, NotFoundError } from '../../src/main/engine/errors'
import type { SecretCipher } from '../../src/main/engine/send/secret-cipher'
import {
  EngineClient,
  type EngineStatus,
  type HostConnection,
} from '../../src/main/engine-host/engine-client'
import { HostCallError } from '../../src/main/engine-host/errors'
import { workerConnection } from '../../src/main/engine-host/ports'
import { buildWorker } from '../unit/engine/build-worker'
import { cleanup, post, tempDir, trackEvent } from '../helpers/engine'
import { startHttpUpstream, type Upstream } from '../helpers/upstream'

let hostFile = ''
beforeAll(async () => {
  const dir = join(import.meta.dirname, '../../node_modules/.cache/track-debugger-test/engine-host')
  await buildWorker('src/main/engine/writer/checkpoint-worker.ts', dir)
  hostFile = await buildWorker('test/helpers/engine-host-worker.ts', dir)
}, 60_000)

/** A reversible cipher kept on the client's side, as the desktop keychain is kept in main. */
const asked: string[] = []
const testCipher: SecretCipher = {
  scheme: 'test-rot',
  description: 'a test cipher in the caller',
  encrypt: async (plain) => (asked.push('encrypt'), `sealed:${Buffer.from(plain).toString('base64')}`),
  decrypt: async (stored) => (asked.push('decrypt'), Buffer.from(stored.slice(7), 'base64').toString()),
}

let dataDir = ''
let up: Upstream
let workers: Worker[] = []
let client: EngineClient
let statuses: EngineStatus[] = []

function connect(): HostConnection {
  const worker = new Worker(hostFile)
  workers.push(worker)
  return workerConnection(worker)
}

beforeEach(async () => {
  dataDir = tempDir('td-host-')
  up = await startHttpUpstream()
  workers = []
  statuses = []
  asked.length = 0
  client = new EngineClient({
    options: { dataDir, capturePort: 0, version: 'host-test', transport: 'ipc' },
    connect,
    cipher: testCipher,
    onStatus: (s) => statuses.push(s),
    restartDelayMs: 50,
  })
  await client.start()
})
afterEach(async () => {
  await client.close()
  await up.close()
  cleanup(dataDir)
})

function nextPush<P extends PushName>(name: P): Promise<ApiPushes[P]> {
  return new Promise((resolve) => {
    const off = client.subscribe((n: PushName, payload: unknown) => {
      if (n !== name) return
      off()
      resolve(payload as ApiPushes[P])
    })
  })
}

describe('the engine in a host of its own, over a MessagePort', () => {
  it('captures, lists, resends and judges a session through the port', async () => {
    expect(client.info.transport).toBe('ipc')
    const session = await client.call('sessions.start', {
      name: 'Through the port',
      expectations: [
        { eventName: 'signed_up', conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }] },
      ],
    })
    const pushed = nextPush('events.added')
    expect(
      (await post(`${client.info.captureUrl}/track`, JSON.stringify([trackEvent('signed_up')]))).status,
    ).toBe(200)
    expect((await pushed).length).toBeGreaterThan(0)

    const page = await client.call('events.list', {})
    const row = page.items.find((r) => r.eventName === 'signed_up')
    expect(row?.origin).toBe('captured')

    const env = await client.call('environments.save', {
      name: 'Loopback',
      baseUrl: up.baseUrl,
      variables: {},
    })
    await client.call('environments.setCredentials', { id: env.id, apiKey: 'tsk_test_host_key_0042' })
    expect(asked).toContain('encrypt') // the key was sealed by the caller's cipher, across the port
    const body = JSON.stringify([trackEvent('signed_up', { properties: { plan: 'team' } })])
    const outcome = await client.call('send.request', {
      environmentId: env.id,
      callType: 'track',
      body,
      origin: 'resend',
      parentRequestId: row!.requestId,
    })
    expect(outcome.exchange.status).toBe(200)
    expect(up.arrived).toHaveLength(1)
    expect(up.arrived[0]!.body.toString()).toBe(body)
    expect(up.arrived[0]!.rawHeaders.find(([n]) => n.toLowerCase() === 'x-api-key')?.[1]).toBe(
      'tsk_test_host_key_0042',
    )

    const stopped: SessionDetail = await client.call('sessions.stop', { id: session.id })
    expect(stopped.results.map((r) => r.verdict)).toEqual(['met'])
    const report = await client.call('sessions.report', { id: session.id, format: 'md' })
    expect(report.content).toContain('**PASSED**')
  })

  it('serves a window on a port of its own: its calls, every push, and nothing a window may not ask', async () => {
    const { port1, port2 } = new MessageChannel()
    await client.attachClient(port1)
    const replies = new Map<
      number,
      (reply: { ok: boolean; value?: unknown; error?: { code: string } }) => void
    >()
    const pushes: string[] = []
    port2.on('message', (m: { type: string; id: number; name: string }) => {
      if (m.type === 'push') pushes.push(m.name)
      else replies.get(m.id)?.(m as never)
    })
    const ask = (message: Record<string, unknown> & { id: number }) =>
      new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) => {
        replies.set(message.id, resolve as never)
        port2.postMessage(message)
      })
    try {
      await post(`${client.info.captureUrl}/track`, JSON.stringify([trackEvent('seen_by_window')]))
      const page = await ask({ type: 'call', id: 1, method: 'events.list', input: {} })
      expect(page.ok).toBe(true)
      expect((page.value as { items: { eventName: string }[] }).items[0]?.eventName).toBe('seen_by_window')
      await expect.poll(() => pushes).toContain('events.added')
      // Only main starts, closes or moves files: a window asking gets a refusal, and the engine runs on.
      for (const [id, type] of [
        [2, 'close'],
        [3, 'start'],
        [4, 'importFromFile'],
      ] as const) {
        const refused = await ask({ type, id, options: {}, path: '/etc/passwd' })
        expect(refused).toMatchObject({ ok: false, error: { code: 'bad_input' } })
        expect(refused.error?.message).toMatch(/only call the contract/)
      }
      const bad = await ask({ type: 'call', id: 5, method: 'events.get', input: { id: 'x' } })
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } })
      expect((await client.call('log.stats', {})).events).toBe(1)
    } finally {
      port2.close()
    }
    // A window that went away is forgotten: pushes keep flowing to main alone.
    const pushed = nextPush('events.added')
    await post(`${client.info.captureUrl}/track`, JSON.stringify([trackEvent('after_window')]))
    await pushed
  })

  it('sends pushes to the windows alone when main says it has no use for them', async () => {
    const quietDir = tempDir('td-host-quiet-')
    const quiet = new EngineClient({
      options: {
        dataDir: quietDir,
        capturePort: 0,
        version: 'host-test',
        transport: 'ipc',
        mainPushes: false,
      },
      connect,
    })
    await quiet.start()
    const { port1, port2 } = new MessageChannel()
    try {
      await quiet.attachClient(port1)
      const toMain: string[] = []
      quiet.subscribe((name) => toMain.push(name))
      const toWindow = new Promise<string>((resolve) =>
        port2.on('message', (m: { type: string; name: string }) => m.type === 'push' && resolve(m.name)),
      )
      await post(`${quiet.info.captureUrl}/track`, JSON.stringify([trackEvent('window_only')]))
      expect(await toWindow).toBe('events.added')
      await new Promise((r) => setTimeout(r, 200))
      expect(toMain).toEqual([])
    } finally {
      port2.close()
      await quiet.close()
      cleanup(quietDir)
    }
  })

  it('gives the engine’s errors back as the same classes, with their codes', async () => {
    await expect(client.call('events.get', { id: 'seven' })).rejects.toBeInstanceOf(BadInputError)
    await expect(client.call('sessions.stop', { id: 999 })).rejects.toBeInstanceOf(NotFoundError)
    await expect(client.call('no.such.method' as 'app.info', {})).rejects.toThrow(/Unknown method/)
  })

  it('cancels a wait the caller stopped waiting for, and keeps serving', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const waiting = client.call(
      'events.wait',
      { expectation: { eventName: 'never_sent' }, timeoutMs: 60_000 },
      controller.signal,
    )
    await new Promise((r) => setTimeout(r, 100))
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    expect(performance.now() - started).toBeLessThan(5_000)
    // A wait for an event that does come still answers.
    const next = client.call('events.wait', { expectation: { eventName: 'arrives' }, timeoutMs: 10_000 })
    await post(`${client.info.captureUrl}/track`, JSON.stringify([trackEvent('arrives')]))
    expect((await next).met).toBe(true)
  })

  it('restarts an engine that died, with the log and the credentials it had', async () => {
    expect(
      (await post(`${client.info.captureUrl}/track`, JSON.stringify([trackEvent('before_crash')]))).status,
    ).toBe(200)
    const env = await client.call('environments.save', {
      name: 'Loopback',
      baseUrl: up.baseUrl,
      variables: {},
    })
    await client.call('environments.setCredentials', { id: env.id, apiKey: 'tsk_test_host_key_0099' })

    const restarted = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (statuses.some((s) => s.state === 'running')) resolve(clearInterval(check))
      }, 10)
    })
    asked.length = 0
    await workers[0]!.terminate() // the engine process dies
    expect(statuses[0]).toMatchObject({ state: 'restarting' })
    expect((statuses[0] as { message: string }).message).toMatch(/ended unexpectedly.*restarting it/)
    // A call made meanwhile waits for the new engine instead of failing.
    const list = await client.call('events.list', {})
    expect(list.items.map((r) => r.eventName)).toContain('before_crash')
    await restarted
    expect(workers).toHaveLength(2)
    expect(asked).toContain('decrypt') // the new engine unlocked the stored key through the caller's cipher

    const outcome = await client.call('send.request', {
      environmentId: env.id,
      callType: 'track',
      body: JSON.stringify([trackEvent('after_crash')]),
      origin: 'composed',
    })
    expect(outcome.exchange.status).toBe(200)
    expect(up.arrived.at(-1)!.rawHeaders.find(([n]) => n.toLowerCase() === 'x-api-key')?.[1]).toBe(
      'tsk_test_host_key_0099',
    )
  })

  it('fails what was waiting on an engine that died, with engine_stopped', async () => {
    const env = await client.call('environments.save', { name: 'Slow', baseUrl: up.baseUrl, variables: {} })
    up.behave(() => {}) // never answers: the send is still waiting when the engine dies
    const sending = client.call('send.request', {
      environmentId: env.id,
      callType: 'track',
      body: JSON.stringify([trackEvent('lost')]),
      origin: 'composed',
    })
    await new Promise((r) => setTimeout(r, 100))
    await workers[0]!.terminate()
    const error = await sending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostCallError)
    expect(error).toMatchObject({ code: 'engine_stopped' })
  })

  it('closes on request: the engine drains and the host exits', async () => {
    const exited = new Promise<number>((resolve) => workers[0]!.once('exit', resolve))
    await client.close()
    expect(await exited).toBe(0)
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'not_started' })
  })
})
