/**
 * The engine host's wire: what the process that owns the window (Electron's
 * main process, or a test) and the process that runs the engine (Electron's
 * utility process, or a Node worker thread) say over one message port.
 *
 * It carries the contract as it is declared once in shared/api.ts: a call
 * names a contract method and its input, which the engine parses at this
 * boundary as at every other (engine.call). Calls have ids; answers carry
 * the id and either a value or an error with a code; pushes carry a
 * contract push name. Two more requests exist only here, for the host that
 * owns native dialogs (export to and import from a path it chose), and one
 * goes the other way: the engine asks main to encrypt or decrypt a
 * credential, because the OS keychain (safeStorage) lives in main.
 *
 * Main may also hand the host a port for a window (`client`, the port
 * travelling in the message's transfer list): on it the window calls the
 * contract and receives its pushes directly, so they never pass through
 * main. A window's port carries only calls, cancels, answers and pushes
 * (`ClientToHost`, `FromHost`); the host-only requests stay on main's.
 *
 * Pure types and guards: both sides import this without importing each other.
 */
import type { ApiPushes, MethodName, PushName } from '../../shared/api'
import type { EngineOptions } from '../engine/types'
import type { SendOptions } from '../engine/send/send-options'

export type HostErrorCode =
  'bad_input' | 'not_found' | 'port_in_use' | 'not_started' | 'engine_stopped' | 'cancelled' | 'internal'

/** An error as it crosses the port: a code to tell it apart, the message to show, and what a code needs. */
export interface HostError {
  code: HostErrorCode
  message: string
  /** port_in_use: where, and how the user picks another port. */
  host?: string
  port?: number
  hint?: string | null
}

/** How the engine's credentials are protected: the cipher stays in main, the engine knows its name. */
export interface CipherInfo {
  scheme: string
  description: string
}

/** What the engine is built from: its options, less what cannot cross a process (functions). */
export type HostEngineOptions = Omit<EngineOptions, 'send'> & {
  send?: Omit<SendOptions, 'cipher' | 'random' | 'resolve'>
  /** Set when main keeps the credentials' cipher (the desktop keychain). */
  cipher?: CipherInfo
  /**
   * Whether main hears the engine's pushes on its port (default true). The
   * desktop app says no: its window hears them on its own port, and main has
   * no use for them.
   */
  mainPushes?: boolean
}

export type Reply = { type: 'reply'; id: number } & (
  { ok: true; value: unknown } | { ok: false; error: HostError }
)

/** Main → engine host. */
export type ToHost =
  | { type: 'start'; id: number; options: HostEngineOptions }
  | { type: 'call'; id: number; method: MethodName; input: unknown }
  | { type: 'exportToFile'; id: number; input: unknown; target: string }
  | { type: 'importFromFile'; id: number; path: string }
  /** The caller no longer waits: the call's signal is aborted (a wait ends at once) and no answer is sent. */
  | { type: 'cancel'; id: number }
  /** Drain and close the engine (capture answers what is in flight, the log commits), then exit. */
  | { type: 'close'; id: number }
  /** Serve the contract on the port transferred with this message: a window's own line to the engine. */
  | { type: 'client'; id: number }
  | Reply

/** A window → engine host, on its own port: the contract's calls, and cancels. */
export type ClientToHost = Extract<ToHost, { type: 'call' | 'cancel' }>

/** Engine host → main. */
export type FromHost =
  | Reply
  | { type: 'push'; name: PushName; payload: ApiPushes[PushName] }
  | { type: 'cipher'; id: number; op: 'encrypt' | 'decrypt'; value: string }

/** One end of a message port, whatever carries it (see ports.ts for the adapters). */
export interface HostPort {
  postMessage(message: unknown): void
  /** Every message that arrives, in order, with the ports transferred with it. */
  onMessage(listener: (message: unknown, ports: HostPort[]) => void): void
  /** The other end is gone (a window reloaded or closed). Not every port can tell. */
  onClose?(listener: () => void): void
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** True for a message shaped like one of `ToHost` (its fields are checked where they are used). */
export function isToHost(v: unknown): v is ToHost {
  if (!isObject(v) || typeof v['type'] !== 'string' || typeof v['id'] !== 'number') return false
  switch (v['type']) {
    case 'start':
      return isObject(v['options'])
    case 'call':
      return typeof v['method'] === 'string'
    case 'exportToFile':
      return typeof v['target'] === 'string'
    case 'importFromFile':
      return typeof v['path'] === 'string'
    case 'cancel':
    case 'close':
    case 'client':
      return true
    case 'reply':
      return typeof v['ok'] === 'boolean'
    default:
      return false
  }
}

/** True for a message shaped like one of `FromHost`. */
export function isFromHost(v: unknown): v is FromHost {
  if (!isObject(v)) return false
  switch (v['type']) {
    case 'reply':
      return typeof v['id'] === 'number' && typeof v['ok'] === 'boolean'
    case 'push':
      return typeof v['name'] === 'string'
    case 'cipher':
      return typeof v['id'] === 'number' && typeof v['value'] === 'string'
    default:
      return false
  }
}
