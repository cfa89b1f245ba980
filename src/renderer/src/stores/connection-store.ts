import { create } from 'zustand'
import type { ConnectionState, TransportKind } from '../api/transport'

/** `no-token`: served headless but opened without the `?token=` URL the CLI printed. */
export type ConnectionStatus = ConnectionState | 'no-token'

interface ConnectionStoreState {
  status: ConnectionStatus
  /** What happened, in words, while the status is not `open` (the desktop engine's restart). */
  detail: string | null
  transport: TransportKind | null
  setStatus: (status: ConnectionStatus, detail?: string | null) => void
  setTransport: (transport: TransportKind) => void
}

export const useConnectionStore = create<ConnectionStoreState>()((set) => ({
  status: 'connecting',
  detail: null,
  transport: null,
  setStatus: (status, detail = null) => set({ status, detail }),
  setTransport: (transport) => set({ transport }),
}))
