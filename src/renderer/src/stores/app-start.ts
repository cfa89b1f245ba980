/**
 * Boot sequence: pick the transport, follow its connection (a reconnect means
 * pushes may have been missed, so the stream catches up), load capture info
 * and the first page, then mark the document ready for tests and tooling.
 */
import { getTransport } from '../api/client'
import { useConnectionStore } from './connection-store'
import { useSettingsStore } from './settings-store'
import { useStreamStore } from './stream-store'

let started = false

export async function startApp(): Promise<void> {
  if (started) return
  started = true
  const transport = getTransport()
  const connection = useConnectionStore.getState()
  if (!transport) {
    connection.setStatus('no-token')
    return
  }
  connection.setTransport(transport.kind)
  transport.onConnectionChange((state) => {
    useConnectionStore.getState().setStatus(state)
    if (state === 'open') void useStreamStore.getState().catchUp()
  })
  const [infoLoaded, pageLoaded] = await Promise.all([
    useSettingsStore.getState().loadInfo(),
    useStreamStore.getState().start(),
  ])
  useSettingsStore.getState().startStatsPolling()
  document.documentElement.dataset.appState = infoLoaded && pageLoaded ? 'ready' : 'error'
}
