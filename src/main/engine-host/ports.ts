/**
 * `HostPort` over what each runtime offers. Electron's objects are described
 * by the few members used (their real types fit), so nothing here imports
 * Electron and the same host runs in a Node worker thread in tests.
 */
import type { HostConnection } from './engine-client'
import type { HostPort } from './protocol'

/** A Node `MessagePort` (worker_threads), or a worker's `parentPort`. */
export interface NodeMessagePort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
}

export function nodePort(port: NodeMessagePort): HostPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', listener),
  }
}

/** Electron's `process.parentPort` in a utility process: messages arrive as events with `data`. */
export interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
}

export function parentPortOf(port: ParentPort): HostPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
  }
}

/** Electron's `UtilityProcess` as main sees it (or a Node `Worker`, whose events are the same). */
export interface ChildHost {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): unknown
}

export function childConnection(child: ChildHost): HostConnection {
  return {
    port: nodePort(child),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  }
}
