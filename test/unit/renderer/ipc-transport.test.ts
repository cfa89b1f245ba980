/** The desktop transport follows the engine's process: main's engine.status pushes become connection states. */
import { describe, expect, it } from 'vitest'
import type { Api, ApiPushes } from '../../../src/shared/api'
import { createIpcTransport } from '../../../src/renderer/src/api/ipc-transport'
import type { ConnectionState } from '../../../src/renderer/src/api/transport'

/** Only `on` is used by the transport; pushes are delivered by `emit`. */
function fakeBridge(): { bridge: Api; emit: (payload: ApiPushes['engine.status']) => void } {
  const listeners = new Set<(payload: ApiPushes['engine.status']) => void>()
  const bridge = {
    on: (name: string, listener: (payload: ApiPushes['engine.status']) => void) => {
      if (name !== 'engine.status') return () => {}
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  } as unknown as Api
  return { bridge, emit: (payload) => listeners.forEach((l) => l(payload)) }
}

describe('createIpcTransport', () => {
  it('is open at once, reconnecting while the engine restarts, stopped if it cannot, open again after', () => {
    const { bridge, emit } = fakeBridge()
    const seen: [ConnectionState, string | null][] = []
    const off = createIpcTransport(bridge).onConnectionChange((state, detail) => seen.push([state, detail]))
    emit({
      state: 'restarting',
      message: 'The engine process ended unexpectedly (exit code 9); restarting it.',
    })
    emit({ state: 'running', message: null })
    emit({ state: 'failed', message: 'It keeps ending.' })
    off()
    emit({ state: 'running', message: null })
    expect(seen).toEqual([
      ['open', null],
      ['reconnecting', 'The engine process ended unexpectedly (exit code 9); restarting it.'],
      ['open', null],
      ['stopped', 'It keeps ending.'],
    ])
  })
})
