/**
 * Boot sequence: pick the transport and report its connection, start the
 * stores that follow the log (each subscribes to the pushes and the
 * connection changes it cares about), load capture info and the first page,
 * then mark the document ready for tests and tooling.
 */
import { getTransport } from '../api/client'
import { useConnectionStore } from './connection-store'
import { usePlanStore } from './plan-store'
import { useSelectionStore } from './selection-store'
import { useSettingsStore } from './settings-store'
import { useStreamStore } from './stream-store'
import { useValidationStore } from './validation-store'

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

/** Resolves once the browser has painted the frame after now; in a hidden tab (no frames) after 100 ms. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100)
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback)
        resolve()
      }, 0),
    )
  })
}

export async function startApp(): Promise<void> {
  const connection = useConnectionStore.getState()
  // Started once: the transport is chosen at the first start.
  if (connection.transport !== null || connection.status === 'no-token') return
  const transport = getTransport()
  if (!transport) {
    connection.setStatus('no-token')
    return
  }
  connection.setTransport(transport.kind)
  transport.onConnectionChange((state, detail) => useConnectionStore.getState().setStatus(state, detail))
  useSelectionStore.getState().start()
  await Promise.all([useSettingsStore.getState().loadInfo(), useStreamStore.getState().start()])
  // The first rows are painted before anything else is asked for: sending these calls took the
  // browser 15–25 ms of the task that renders the rows. Stats count the whole log: asked once
  // the first page is in, never ahead of it.
  await afterNextPaint()
  useSettingsStore.getState().start()
  void useValidationStore.getState().load()
  void usePlanStore.getState().load()
  markReadyWhenLoaded()
}
