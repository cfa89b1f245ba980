/**
 * What the renderer holds: the contract `Api` plus the health of its push
 * channel. Stores use the connection state to catch up after a reconnect and
 * to show the "open the URL with ?token=" screen; nothing else depends on
 * which transport is behind the `Api`.
 */
import type { Api } from '../../../shared/api'
import type { DesktopFiles } from '../../../shared/desktop-files'

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized'

export type TransportKind = 'ipc' | 'http'

export interface Transport {
  readonly kind: TransportKind
  readonly api: Api
  /** Desktop only: native file dialogs, the engine streaming to and from the chosen file. */
  readonly files?: DesktopFiles
  /** Called at once with the current state, then on every change. Returns an unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void
}
