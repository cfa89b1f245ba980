/**
 * Main's side of the engine host: an `Engine` whose work happens in another
 * process. Main keeps using the interface it always used (start, call,
 * subscribe, the two file transfers, close); the calls travel over the port
 * (protocol.ts) and the pushes come back over it.
 *
 * If the host process ends without being asked to, every call waiting on it
 * fails with `engine_stopped`, `onStatus` says so, and the host is started
 * again on the same data folder: the log is SQLite in WAL mode, so what was
 * committed is there when it opens again. Calls made while it restarts wait
 * for it. A host that keeps dying (more than `maxRestarts` in a minute) is
 * left stopped, and `onStatus` says that too.
 */
import type { MethodName, MethodOutput } from '../../shared/api'
import type { EngineProcessStatus } from '../../shared/contract/stream'
import type { ExportResult, ImportResult } from '../../shared/contract/transfer'
import type { CaptureInfo } from '../../shared/model'
import type { SecretCipher } from '../engine/send/secret-cipher'
import type { Engine, PushListener } from '../engine/types'
import { fromHostError, HostCallError, toHostError } from './errors'
import { isFromHost, type FromHost, type HostEngineOptions, type HostPort, type ToHost } from './protocol'

/** A started host (a utility process, a worker thread) and its port. */
export interface HostConnection {
  readonly port: HostPort
  /** Sends a message with a port in its transfer list (a window's own line to the engine). */
  transfer(message: unknown, port: unknown): void
  /** Called once, when the host ends (exit code, or null when it was killed). */
  onExit(listener: (code: number | null) => void): void
  /** Ends the host at once. */
  kill(): void
}

/** What the window is told: the same shape main pushes as `engine.status`. */
export type EngineStatus = EngineProcessStatus

export interface EngineClientOptions {
  options: Omit<HostEngineOptions, 'cipher'>
  /** Starts a host; called again for each restart. */
  connect: () => HostConnection
  /** The cipher for credentials, kept on this side (the desktop keychain). */
  cipher?: SecretCipher
  onStatus?: (status: EngineStatus) => void
  /** Wait before a restart. Default 300 ms. */
  restartDelayMs?: number
  /** Restarts allowed within a minute before giving up. Default 3. */
  maxRestarts?: number
  /** How long close waits for the host to exit after it closed the engine. Default 2 s. */
  exitWaitMs?: number
}

type Outgoing = ToHost extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

export class EngineClient implements Engine {
  private connection: HostConnection | null = null
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Set<PushListener>()
  private nextId = 1
  private captureInfo: CaptureInfo | null = null
  private state: 'idle' | 'running' | 'restarting' | 'failed' | 'closing' | 'closed' = 'idle'
  /** Settles when a restart has finished (or failed); calls made meanwhile wait on it. */
  private restarting: Promise<void> | null = null
  private restarts: number[] = []
  private exited: (() => void) | null = null

  constructor(private readonly opts: EngineClientOptions) {}

  get info(): CaptureInfo {
    if (!this.captureInfo) throw new Error('The engine is not started.')
    return this.captureInfo
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error('The engine was already started.')
    await this.boot()
    this.state = 'running'
  }

  async call<M extends MethodName>(name: M, input: unknown, signal?: AbortSignal): Promise<MethodOutput<M>> {
    await this.ready()
    return (await this.request({ type: 'call', method: name, input }, signal)) as MethodOutput<M>
  }

  async exportToFile(input: unknown, target: string): Promise<ExportResult> {
    await this.ready()
    return (await this.request({ type: 'exportToFile', input, target })) as ExportResult
  }

  async importFromFile(path: string): Promise<ImportResult> {
    await this.ready()
    return (await this.request({ type: 'importFromFile', path })) as ImportResult
  }

  /**
   * Hands the host a port for a window: on it the window calls the contract
   * and hears pushes itself. Waits for a restart in progress; the port is
   * served once this resolves. After a restart, a window needs a new one.
   */
  async attachClient(port: unknown): Promise<void> {
    await this.ready()
    const connection = this.connection
    if (!connection) throw new HostCallError('not_started', 'The engine is not running.')
    await this.request({ type: 'client' }, undefined, (message) => connection.transfer(message, port))
  }

  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Asks the host to drain and close the engine, waits for it to exit, and kills it if it does not. */
  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return
    await this.restarting?.catch(() => undefined)
    this.state = 'closing'
    const connection = this.connection
    if (connection) {
      const gone = new Promise<void>((resolve) => (this.exited = resolve))
      try {
        await this.request({ type: 'close' })
      } catch (error) {
        // It ended before answering: nothing is left to drain. Any other failure is worth a line.
        if (!(error instanceof HostCallError))
          console.error('[track-debugger] closing the engine failed:', error)
      }
      const timer = setTimeout(() => connection.kill(), this.opts.exitWaitMs ?? 2_000)
      await gone
      clearTimeout(timer)
    }
    this.state = 'closed'
  }

  private async ready(): Promise<void> {
    if (this.state === 'restarting') await this.restarting
    if (this.state === 'failed')
      throw new HostCallError('engine_stopped', 'The engine stopped and could not be restarted.')
    if (this.state !== 'running') throw new HostCallError('not_started', 'The engine is not running.')
  }

  private async boot(): Promise<void> {
    const connection = this.opts.connect()
    this.connection = connection
    connection.port.onMessage((message) => this.receive(message))
    connection.onExit((code) => this.hostExited(connection, code))
    const cipher = this.opts.cipher
    this.captureInfo = (await this.request({
      type: 'start',
      options: {
        ...this.opts.options,
        ...(cipher ? { cipher: { scheme: cipher.scheme, description: cipher.description } } : {}),
      },
    })) as CaptureInfo
  }

  private request(
    message: Outgoing,
    signal?: AbortSignal,
    post?: (message: ToHost) => void,
  ): Promise<unknown> {
    const connection = this.connection
    if (!connection) return Promise.reject(new HostCallError('not_started', 'The engine is not running.'))
    if (signal?.aborted) return Promise.reject(new HostCallError('cancelled', 'The call was cancelled.'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(id)
        connection.port.postMessage({ type: 'cancel', id } satisfies ToHost)
        reject(new HostCallError('cancelled', 'The call was cancelled.'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.pending.set(id, {
        resolve: (v) => (signal?.removeEventListener('abort', onAbort), resolve(v)),
        reject: (e) => (signal?.removeEventListener('abort', onAbort), reject(e)),
      })
      const full = { ...message, id } as ToHost
      if (post) post(full)
      else connection.port.postMessage(full)
    })
  }

  private receive(message: unknown): void {
    if (!isFromHost(message)) return
    switch (message.type) {
      case 'reply': {
        const waiting = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (!waiting) return
        if (message.ok) waiting.resolve(message.value)
        else waiting.reject(fromHostError(message.error))
        return
      }
      case 'push':
        for (const listener of this.listeners) {
          try {
            listener(message.name, message.payload)
          } catch (error) {
            console.error(`[track-debugger] a ${message.name} listener failed:`, error)
          }
        }
        return
      case 'cipher':
        return void this.runCipher(message)
    }
  }

  private async runCipher(message: Extract<FromHost, { type: 'cipher' }>): Promise<void> {
    const cipher = this.opts.cipher
    let reply: ToHost
    try {
      if (!cipher) throw new Error('No cipher is kept here.')
      const value =
        message.op === 'encrypt' ? await cipher.encrypt(message.value) : await cipher.decrypt(message.value)
      reply = { type: 'reply', id: message.id, ok: true, value }
    } catch (error) {
      reply = { type: 'reply', id: message.id, ok: false, error: toHostError(error) }
    }
    this.connection?.port.postMessage(reply)
  }

  private hostExited(connection: HostConnection, code: number | null): void {
    if (connection !== this.connection) return
    this.connection = null
    const why = `The engine process ended unexpectedly (${code === null ? 'killed' : `exit code ${code}`})`
    for (const [, waiting] of this.pending) waiting.reject(new HostCallError('engine_stopped', `${why}.`))
    this.pending.clear()
    if (this.state !== 'running') {
      // Asked to close, never started, or already given up on: nothing to restart.
      this.exited?.()
      return
    }
    const now = Date.now()
    this.restarts = this.restarts.filter((at) => now - at < 60_000)
    if (this.restarts.length >= (this.opts.maxRestarts ?? 3)) {
      this.state = 'failed'
      this.opts.onStatus?.({
        state: 'failed',
        message: `${why}, and it keeps ending: it was not restarted again. Restart Track Debugger.`,
      })
      return
    }
    this.restarts.push(now)
    this.state = 'restarting'
    this.opts.onStatus?.({
      state: 'restarting',
      message: `${why}; restarting it. What it had committed is kept.`,
    })
    this.restarting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, this.opts.restartDelayMs ?? 300))
      try {
        await this.boot()
        this.state = 'running'
        this.opts.onStatus?.({ state: 'running', message: null })
      } catch (error) {
        this.state = 'failed'
        this.connection?.kill()
        const message = error instanceof Error ? error.message : String(error)
        this.opts.onStatus?.({ state: 'failed', message: `The engine could not be restarted: ${message}` })
      } finally {
        this.restarting = null
      }
    })()
  }
}
