import type { Api } from '../../../shared/api'
import type { DesktopFiles } from '../../../shared/desktop-files'
import type { Transport } from './transport'

/** Desktop: the preload bridge already is an `Api`; IPC has no connection to lose. */
export function createIpcTransport(bridge: Api, files?: DesktopFiles): Transport {
  return {
    kind: 'ipc',
    api: bridge,
    files,
    onConnectionChange(listener) {
      listener('open')
      return () => {}
    },
  }
}
