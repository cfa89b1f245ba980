/**
 * Boot sequence: pick the transport, follow its connection (a reconnect means
 * pushes may have been missed, so the stream catches up), load capture info
 * and the first page, then mark the document ready for tests and tooling.
 */
import { getTransport } from '../api/client'
import { useConnectionStore } from './connection-store'
import { useSettingsStore } from './settings-store'
import { usePlanStore } from './plan-store'
import { useStreamStore } from './stream-store'
import { useValidationStore } from './validation-store'

let started = false

/** `data-app-state="ready"` once capture info and a first page are in, however many retries that took. */
function markReadyWhenLoaded(): void {
  const loaded = (): boolean => useSettingsStore.getState().info !== null && useStreamStore.getState().loaded
  const root = document.documentElement
  if (loaded()) {
    root.dataset.appState = 'ready'
    return
  }
  root.dataset.appState = 'error'
  const stop = [useStreamStore.subscribe(() => check()), useSettingsStore.subscribe(() => check())]
  function check(): void {
    if (!loaded()) return
    root.dataset.appState = 'ready'
    for (const unsubscribe of stop) unsubscribe()
  }
}

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
  transport.onConnectionChange((state, detail) => {
    const before = useConnectionStore.getState().status
    useConnectionStore.getState().setStatus(state, detail)
    if (state !== 'open') return
    void useStreamStore.getState().catchUp()
    // Started while the server was unreachable, or the engine came back (maybe on another port): read it again.
    if (before === 'reconnecting' || useSettingsStore.getState().info === null)
      void useSettingsStore.getState().loadInfo()
  })
  await Promise.all([useSettingsStore.getState().loadInfo(), useStreamStore.getState().start()])
  useSettingsStore.getState().startStatsPolling()
  void useValidationStore.getState().load()
  void usePlanStore.getState().load()
  markReadyWhenLoaded()
}
