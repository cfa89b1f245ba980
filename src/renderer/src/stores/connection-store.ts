import { create } from 'zustand'
import type { ConnectionState, TransportKind } from '../api/transport'

/** `no-token`: served headless but opened without the `?token=` URL the CLI printed. */
export type ConnectionStatus = ConnectionState | 'no-token'

interface ConnectionStoreState {
  status: ConnectionStatus
  transport: TransportKind | null
  setStatus: (status: ConnectionStatus) => void
  setTransport: (transport: TransportKind) => void
}

export const useConnectionStore = create<ConnectionStoreState>()((set) => ({
  status: 'connecting',
  transport: null,
  setStatus: (status) => set({ status }),
  setTransport: (transport) => set({ transport }),
}))
