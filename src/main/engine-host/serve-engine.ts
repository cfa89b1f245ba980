/**
 * The engine host: runs one engine and serves it over a port. Written
 * against `HostPort` only, so the same code runs in Electron's utility
 * process (utility-entry.ts) and in a Node worker thread in tests.
 *
 * Two kinds of peer: main, on the port the host was started with, which
 * starts and closes the engine, runs the file transfers and keeps the
 * credentials' cipher; and each window, on a port main handed over
 * (`client`), which may only call the contract, cancel, and hear pushes.
 *
 * Threat model: main is trusted; a window's port came from main, which
 * gives one only to the app's own page. Still, each message is checked for
 * shape, anything a window may not send gets an error answer, and contract
 * inputs are parsed by engine.call as at every boundary. Errors cross as a
 * code and a message, never a stack.
 */
import type { Engine, EngineOptions } from '../engine/types'
import type { SecretCipher } from '../engine/send/secret-cipher'
import { HostCallError, toHostError } from './errors'
import {
  isToHost,
  type CipherInfo,
  type FromHost,
  type HostEngineOptions,
  type HostPort,
  type ToHost,
} from './protocol'

export interface ServeOptions {
  /** Builds the engine (createEngine; a test may wrap it). */
  create: (options: EngineOptions) => Engine
  /** Called once the engine has closed on main's request: the process ends here. */
  exit: () => void
}

/** Answers on one port: each call with the controller a cancel aborts (a wait ends at once). */
class Answers {
  private readonly inFlight = new Map<number, AbortController>()
  private readonly cancelled = new Set<number>()

  constructor(private readonly port: HostPort) {}

  send(message: FromHost): void {
    this.port.postMessage(message)
  }

  async answer(id: number, work: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    const controller = new AbortController()
    this.inFlight.set(id, controller)
    let reply: FromHost
    try {
      reply = { type: 'reply', id, ok: true, value: await work(controller.signal) }
    } catch (error) {
      reply = { type: 'reply', id, ok: false, error: toHostError(error) }
    }
    this.inFlight.delete(id)
    if (!this.cancelled.delete(id)) this.send(reply)
  }

  refuse(message: unknown, why: string): void {
    const id = (message as { id?: unknown } | null)?.id
    if (typeof id === 'number')
      this.send({ type: 'reply', id, ok: false, error: { code: 'bad_input', message: why } })
  }

  cancel(id: number): void {
    const running = this.inFlight.get(id)
    if (!running) return
    this.cancelled.add(id)
    running.abort()
  }

  /** The peer is gone: nothing it asked for is worth finishing. */
  cancelAll(): void {
    for (const id of [...this.inFlight.keys()]) this.cancel(id)
  }
}

export function serveEngine(port: HostPort, { create, exit }: ServeOptions): void {
  let engine: Engine | null = null
  let closing = false
  const main = new Answers(port)
  /** The windows' ports, each hearing every push. */
  const clients = new Set<Answers>()
  const asked = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>()
  let nextAsk = 1

  /** The keychain lives in main: each encrypt or decrypt is a question to it. */
  const remoteCipher = (info: CipherInfo): SecretCipher => {
    const ask = (op: 'encrypt' | 'decrypt', value: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const id = nextAsk++
        asked.set(id, { resolve, reject })
        main.send({ type: 'cipher', id, op, value })
      })
    return {
      scheme: info.scheme,
      description: info.description,
      encrypt: (plain) => ask('encrypt', plain),
      decrypt: (stored) => ask('decrypt', stored),
    }
  }

  const started = (): Engine => {
    if (!engine || closing) throw new HostCallError('not_started', 'The engine is not running.')
    return engine
  }

  const start = async (options: HostEngineOptions): Promise<unknown> => {
    if (engine) throw new HostCallError('bad_input', 'The engine is already started.')
    const { cipher, send: sendOptions, mainPushes = true, ...rest } = options
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
    built.subscribe((name, payload) => {
      const push: FromHost = { type: 'push', name, payload }
      if (mainPushes) main.send(push)
      for (const client of clients) client.send(push)
    })
    return built.info
  }

  /** What every peer may ask: a contract call, or to stop waiting for one. */
  const serveCall = (answers: Answers, message: Extract<ToHost, { type: 'call' | 'cancel' }>): void => {
    if (message.type === 'cancel') return answers.cancel(message.id)
    void answers.answer(message.id, (signal) => started().call(message.method, message.input, signal))
  }

  const serveClient = (client: HostPort): void => {
    const answers = new Answers(client)
    clients.add(answers)
    client.onMessage((message) => {
      if (isToHost(message) && (message.type === 'call' || message.type === 'cancel'))
        return serveCall(answers, message)
      answers.refuse(message, 'A window may only call the contract and cancel its calls.')
    })
    client.onClose?.(() => {
      clients.delete(answers)
      answers.cancelAll()
    })
  }

  port.onMessage((message, ports) => {
    if (!isToHost(message)) return main.refuse(message, 'Unknown message.')
    switch (message.type) {
      case 'start':
        return void main.answer(message.id, () => start(message.options))
      case 'call':
      case 'cancel':
        return serveCall(main, message)
      case 'exportToFile':
        return void main.answer(message.id, () => started().exportToFile(message.input, message.target))
      case 'importFromFile':
        return void main.answer(message.id, () => started().importFromFile(message.path))
      case 'client':
        return void main.answer(message.id, async () => {
          const given = ports[0]
          if (!given) throw new HostCallError('bad_input', 'A client message carries the port to serve.')
          serveClient(given)
        })
      case 'close':
        closing = true
        return void main
          .answer(message.id, async () => {
            await engine?.close()
            engine = null
          })
          .then(exit)
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
