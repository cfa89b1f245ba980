import type { Api } from '../../../shared/api'
import type { DesktopFiles } from '../../../shared/desktop-files'
import type { Transport } from './transport'

/**
 * Desktop: the preload bridge already is an `Api`. IPC has no connection to
 * lose, but the engine runs in a process of its own: main says when that
 * process died and is restarting (`engine.status`), and when it runs again.
 */
export function createIpcTransport(bridge: Api, files?: DesktopFiles): Transport {
  return {
    kind: 'ipc',
    api: bridge,
    files,
    onConnectionChange(listener) {
      listener('open', null)
      return bridge.on('engine.status', ({ state, message }) => {
        listener(state === 'running' ? 'open' : state === 'restarting' ? 'reconnecting' : 'stopped', message)
      })
    },
  }
}
