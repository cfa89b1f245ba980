import type { Api } from '../../../shared/api'
import type { Transport } from './transport'

/** Desktop: the preload bridge already is an `Api`; IPC has no connection to lose. */
export function createIpcTransport(bridge: Api): Transport {
  return {
    kind: 'ipc',
    api: bridge,
    onConnectionChange(listener) {
      listener('open')
      return () => {}
    },
  }
}
