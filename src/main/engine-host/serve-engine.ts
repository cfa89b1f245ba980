/**
 * The engine host: runs one engine and serves it over a port. Written
 * against `HostPort` only, so the same code runs in Electron's utility
 * process (utility-entry.ts) and in a Node worker thread in tests.
 *
 * Threat model: the peer is main, which this process trusts; still, each
 * message is checked for shape, an unknown one gets an error answer, and
 * contract inputs are parsed by engine.call as at every boundary. Errors
 * cross as a code and a message, never a stack.
 */
import type { Engine, EngineOptions } from '../engine/types'
import type { SecretCipher } from '../engine/send/secret-cipher'
import { HostCallError, toHostError } from './errors'
import { isToHost, type CipherInfo, type FromHost, type HostEngineOptions, type HostPort } from './protocol'

export interface ServeOptions {
  /** Builds the engine (createEngine; a test may wrap it). */
  create: (options: EngineOptions) => Engine
  /** Called once the engine has closed on main's request: the process ends here. */
  exit: () => void
}

export function serveEngine(port: HostPort, { create, exit }: ServeOptions): void {
  let engine: Engine | null = null
  let closing = false
  /** Calls being answered, each with the controller a cancel aborts (a wait ends at once). */
  const inFlight = new Map<number, AbortController>()
  const cancelled = new Set<number>()
  const asked = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>()
  let nextAsk = 1
  const send = (message: FromHost): void => port.postMessage(message)

  /** The keychain lives in main: each encrypt or decrypt is a question to it. */
  const remoteCipher = (info: CipherInfo): SecretCipher => {
    const ask = (op: 'encrypt' | 'decrypt', value: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const id = nextAsk++
        asked.set(id, { resolve, reject })
        send({ type: 'cipher', id, op, value })
      })
    return {
      scheme: info.scheme,
      description: info.description,
      encrypt: (plain) => ask('encrypt', plain),
      decrypt: (stored) => ask('decrypt', stored),
    }
  }

  const answer = async (id: number, work: (signal: AbortSignal) => Promise<unknown>): Promise<void> => {
    const controller = new AbortController()
    inFlight.set(id, controller)
    let reply: FromHost
    try {
      reply = { type: 'reply', id, ok: true, value: await work(controller.signal) }
    } catch (error) {
      reply = { type: 'reply', id, ok: false, error: toHostError(error) }
    }
    inFlight.delete(id)
    if (!cancelled.delete(id)) send(reply)
  }

  const started = (): Engine => {
    if (!engine || closing) throw new HostCallError('not_started', 'The engine is not running.')
    return engine
  }

  const start = async (options: HostEngineOptions): Promise<unknown> => {
    if (engine) throw new HostCallError('bad_input', 'The engine is already started.')
    const { cipher, send: sendOptions, ...rest } = options
    const built = create({
      ...rest,
      send: { ...sendOptions, ...(cipher ? { cipher: remoteCipher(cipher) } : {}) },
    })
    engine = built
    try {
      await built.start()
    } catch (error) {
      engine = null
      await built.close().catch(() => undefined)
      throw error
    }
    built.subscribe((name, payload) => send({ type: 'push', name, payload }))
    return built.info
  }

  port.onMessage((message) => {
    if (!isToHost(message)) {
      const id = (message as { id?: unknown } | null)?.id
      if (typeof id === 'number')
        send({ type: 'reply', id, ok: false, error: { code: 'bad_input', message: 'Unknown message.' } })
      return
    }
    switch (message.type) {
      case 'start':
        return void answer(message.id, () => start(message.options))
      case 'call':
        return void answer(message.id, (signal) => started().call(message.method, message.input, signal))
      case 'exportToFile':
        return void answer(message.id, () => started().exportToFile(message.input, message.target))
      case 'importFromFile':
        return void answer(message.id, () => started().importFromFile(message.path))
      case 'cancel': {
        const running = inFlight.get(message.id)
        if (!running) return
        cancelled.add(message.id)
        running.abort()
        return
      }
      case 'close':
        closing = true
        return void answer(message.id, async () => {
          await engine?.close()
          engine = null
        }).then(exit)
      case 'reply': {
        const waiting = asked.get(message.id)
        asked.delete(message.id)
        if (!waiting) return
        if (message.ok) waiting.resolve(String(message.value))
        else waiting.reject(new Error(message.error.message))
        return
      }
    }
  })
}
