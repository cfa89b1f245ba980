/**
 * `HostPort` over what each runtime offers. Electron's objects are described
 * by the few members used (their real types fit), so nothing here imports
 * Electron and the same host runs in a Node worker thread in tests.
 *
 * A port travels in a message's transfer list. Electron hands the receiver
 * the transferred ports beside the message (`event.ports`); Node puts them
 * inside the message itself, so a Node sender places its port at `port`.
 */
import type { MessagePort, Worker } from 'node:worker_threads'
import type { HostConnection } from './engine-client'
import type { HostPort } from './protocol'

/** A Node `MessagePort` (worker_threads), or a worker's `parentPort`. */
export interface NodeMessagePort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'close', listener: () => void): unknown
}

const portInside = (message: unknown): NodeMessagePort | null => {
  const port = (message as { port?: unknown } | null)?.port
  return typeof port === 'object' && port !== null && 'postMessage' in port ? (port as NodeMessagePort) : null
}

export function nodePort(port: NodeMessagePort): HostPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) =>
      void port.on('message', (message) => {
        const inside = portInside(message)
        listener(message, inside ? [nodePort(inside)] : [])
      }),
    onClose: (listener) => void port.on('close', listener),
  }
}

/** Electron's `MessagePortMain`: messages arrive as events with `data` once it is started. */
export interface ElectronMessagePort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  on(event: 'close', listener: () => void): unknown
  start(): void
}

export function electronPort(port: ElectronMessagePort): HostPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data, []))
      port.start()
    },
    onClose: (listener) => void port.on('close', listener),
  }
}

/** Electron's `process.parentPort` in a utility process: messages arrive as events with `data` and `ports`. */
export interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown; ports?: ElectronMessagePort[] }) => void): unknown
}

export function parentPortOf(port: ParentPort): HostPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) =>
      void port.on('message', (event) => listener(event.data, (event.ports ?? []).map(electronPort))),
  }
}

/** Electron's `UtilityProcess` as main sees it: it takes ports in a transfer list. */
export interface ChildHost {
  postMessage(message: unknown, transfer?: unknown[]): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): unknown
}

export function childConnection(child: ChildHost): HostConnection {
  return {
    port: {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', (message) => listener(message, [])),
    },
    transfer: (message, port) => child.postMessage(message, [port]),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  }
}

/** A Node `Worker` as a host (tests): a port is sent inside the message. */
export function workerConnection(worker: Worker): HostConnection {
  return {
    port: {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (listener) => void worker.on('message', (message) => listener(message, [])),
    },
    transfer: (message, port) => worker.postMessage({ ...(message as object), port }, [port as MessagePort]),
    onExit: (listener) => void worker.on('exit', (code) => listener(code)),
    kill: () => void worker.terminate(),
  }
}
