/**
 * The engine's public face: what the desktop shell and the headless server
 * hold. Both hand method calls and push subscriptions straight through, so
 * neither knows anything about capture or storage.
 */
import type { ApiPushes, MethodName, MethodOutput, PushName } from '../../shared/api'
import type { ExportResult, ImportResult } from '../../shared/contract/transfer'
import type { CaptureInfo } from '../../shared/model'
import type { SendOptions } from './send/send-options'

export interface EngineOptions {
  /** Folder holding the SQLite log (created if missing). */
  dataDir: string
  /** Capture server bind address; 127.0.0.1 unless the user asks otherwise. */
  captureHost?: string
  /** Capture server port; 0 picks a free one. Default 8787. */
  capturePort?: number
  /** How the user picks another capture port (`--capture-port <port>`), for the port-in-use message. */
  capturePortHint?: string
  /** Capture proxy port (HTTPS interception of Track hosts); 0 picks a free one; left out, no proxy. */
  proxyPort?: number | null
  /** How the user picks another proxy port (`--proxy-port <port>`), for the port-in-use message. */
  proxyPortHint?: string
  /** App version shown in the UI. */
  version: string
  /** Which transport the UI uses, reported in `app.info`. */
  transport: 'ipc' | 'http'
  /** Body bytes the capture port's requests in flight may hold together; default a share of the machine's memory. */
  bodyBudgetBytes?: number
  /** Credentials protection, headless credentials and upstream timeouts for sends and forward mode. */
  send?: SendOptions
}

export type PushListener = <P extends PushName>(name: P, payload: ApiPushes[P]) => void

export interface Engine {
  /** Capture URL, ports and paths; valid after `start()`. */
  readonly info: CaptureInfo
  /** Open (and migrate) the log, then start the capture server. Throws PortInUseError if the port is taken. */
  start(): Promise<void>
  /**
   * Run one contract method. The input is checked at runtime; a bad one throws BadInputError.
   * `signal` ends a long method (a wait) early when the caller stops waiting.
   */
  call<M extends MethodName>(name: M, input: unknown, signal?: AbortSignal): Promise<MethodOutput<M>>
  /**
   * Host-only file transfer (the desktop app's native dialogs): export straight
   * to a path the user chose, import straight from one. Not part of the UI
   * contract, so no page and no HTTP client can name a path.
   */
  exportToFile(input: unknown, target: string): Promise<ExportResult>
  importFromFile(path: string): Promise<ImportResult>
  /** Receive pushed events (coalesced stream updates, clears). Returns an unsubscribe function. */
  subscribe(listener: PushListener): () => void
  /** Stop accepting, answer what is in flight, commit everything, close the log. Idempotent. */
  close(): Promise<void>
}
