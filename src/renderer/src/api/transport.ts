/**
 * What the renderer holds: the contract `Api` plus the health of its push
 * channel. Stores use the connection state to catch up after a reconnect and
 * to show the "open the URL with ?token=" screen; nothing else depends on
 * which transport is behind the `Api`.
 */
import type { Api } from '../../../shared/api'
import type { DesktopFiles } from '../../../shared/desktop-files'

/**
 * `reconnecting`: the push channel dropped (headless) or the engine's process
 * is being restarted (desktop); `stopped`: the desktop engine could not be
 * restarted.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'stopped'

export type TransportKind = 'ipc' | 'http'

export interface Transport {
  readonly kind: TransportKind
  readonly api: Api
  /** Desktop only: native file dialogs, the engine streaming to and from the chosen file. */
  readonly files?: DesktopFiles
  /**
   * Called at once with the current state, then on every change, with what
   * happened in words when there is something to say. Returns an unsubscribe function.
   */
  onConnectionChange(listener: (state: ConnectionState, detail: string | null) => void): () => void
}
