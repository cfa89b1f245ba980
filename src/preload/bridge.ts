/**
 * Builds the renderer's `Api` from the shared contract, over the window's
 * own port to the engine.
 *
 * Main hands the preload a MessagePort (`enginePortChannel`) once the app's
 * page has loaded, and a new one after the engine's process restarted. The
 * window's calls go over it with ids, the answers and the engine's pushes
 * come back over it: they never pass through main. Main's own word on the
 * engine's process (`engine.status`) arrives on `ipcPushChannel`: while the
 * engine restarts, calls waiting on the old port fail with the reason, and
 * new calls wait for the next port.
 *
 * Threat model: whatever this object exposes is reachable by any script in
 * the page, including one smuggled in through captured data. So it exposes
 * exactly one function per contract method (method names from METHOD_NAMES,
 * never taken from the caller) and `on` for the contract's push names;
 * never the port, `ipcRenderer`, or an IPC event object. The port stays in
 * this closure, in the preload's isolated world.
 *
 * `ipcRenderer` is passed in (its real type fits `RendererIpc`), so unit
 * tests can drive this without Electron.
 */
import type { EngineProcessStatus } from '../shared/contract/stream'
import { PUSH_NAMES } from '../shared/push-names'
import {
  METHOD_NAMES,
  enginePortChannel,
  ipcPushChannel,
  type Api,
  type ApiPushes,
  type MethodName,
  type PushName,
} from '../shared/api'
import { DESKTOP_FILE_METHODS, desktopFilesChannel, type DesktopFiles } from '../shared/desktop-files'

/** The DOM MessagePort main transfers (the parts used). */
export interface EnginePort {
  postMessage(message: unknown): void
  onmessage: ((event: { data: unknown }) => void) | null
  close(): void
}

/** The parts of `ipcRenderer` the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(
    channel: string,
    listener: (event: { ports?: readonly EnginePort[] }, ...args: unknown[]) => void,
  ): unknown
}

/** A call waits this long for the engine's port before it fails (the engine never came up). */
export const PORT_WAIT_MS = 30_000

/**
 * Electron rejects a failed `invoke` with "Error invoking remote method
 * '<channel>': <Name>: <message>". The UI shows messages as they are, so
 * keep only the engine's own words (and leave anything unrecognised alone).
 */
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:([A-Za-z]*Error): )?/

function messageOf(error: unknown): string {
  // Not `instanceof Error`: the rejection may come from another JS realm.
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined
  return typeof message === 'string' ? message : String(error)
}

export function toRendererError(error: unknown): Error {
  const raw = messageOf(error)
  const match = REMOTE_PREFIX.exec(raw)
  const clean = new Error(match ? raw.slice(match[0].length) : raw)
  if (match?.[1]) clean.name = match[1]
  return clean
}

/** The engine cannot answer: it stopped, is restarting, or never connected. */
const stoppedError = (message: string): Error => engineError({ code: 'engine_stopped', message })

/** An engine error as the port carries it (engine-host/protocol.ts `HostError`), for the page. */
function engineError(error: unknown): Error {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  const plain = new Error(typeof message === 'string' ? message : 'The engine failed.')
  plain.name = code === 'bad_input' || code === 'not_found' ? 'BadInputError' : 'EngineError'
  return plain
}

type AnyListener = (payload: unknown) => void
interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}
interface Call extends Waiting {
  /** The port it was sent on: its answer comes back there. */
  port: EnginePort
}

export function buildApi(ipc: RendererIpc): Api {
  const listeners = new Map<string, Set<AnyListener>>(PUSH_NAMES.map((name) => [name, new Set()]))
  let port: EnginePort | null = null
  /** Why calls cannot be made now (the engine stopped for good), or null. */
  let stopped: string | null = null
  const pending = new Map<number, Call>()
  /** Calls made before a port came: each waits for one. */
  const waitingForPort = new Set<Waiting>()
  let nextId = 1

  const deliver = (name: unknown, payload: unknown): void => {
    const subscribers = typeof name === 'string' ? listeners.get(name) : undefined
    for (const listener of subscribers ?? []) {
      // A throwing subscriber must not starve the ones after it.
      try {
        listener(payload)
      } catch (error) {
        console.error(`[track-debugger] a ${String(name)} listener failed:`, error)
      }
    }
  }

  const hasCallsOn = (on: EnginePort): boolean => [...pending.values()].some((c) => c.port === on)

  /** The engine is gone: every call waiting on it fails, and its ports are closed. */
  const dropPorts = (why: string): void => {
    port?.close()
    port = null
    for (const call of pending.values()) {
      call.port.close()
      call.reject(stoppedError(why))
    }
    pending.clear()
  }

  const receive = (from: EnginePort, message: unknown): void => {
    const m = (message ?? {}) as {
      type?: unknown
      id?: unknown
      ok?: unknown
      value?: unknown
      error?: unknown
    }
    // Pushes come from the current port only: an older one still open for its answers would repeat them.
    if (m.type === 'push') {
      if (from === port)
        deliver((message as { name?: unknown }).name, (message as { payload?: unknown }).payload)
      return
    }
    if (m.type !== 'reply' || typeof m.id !== 'number') return
    const call = pending.get(m.id)
    if (!call || call.port !== from) return
    pending.delete(m.id)
    if (m.ok === true) call.resolve(m.value)
    else call.reject(engineError(m.error))
    // A replaced port is closed once its last answer came.
    if (from !== port && !hasCallsOn(from)) from.close()
  }

  ipc.on(enginePortChannel, (event) => {
    const given = event.ports?.[0]
    if (!given) return
    // A port replaced while the engine runs (a second offer) still answers the calls sent on it.
    const previous = port
    if (previous && !hasCallsOn(previous)) previous.close()
    port = given
    stopped = null
    given.onmessage = (e) => receive(given, e.data)
    for (const waiting of waitingForPort) waiting.resolve(undefined)
    waitingForPort.clear()
  })

  // One IPC listener for main's pushes (the engine's process status), fanned out here.
  ipc.on(ipcPushChannel, (_event, name, payload) => {
    if (name === 'engine.status') {
      const status = payload as EngineProcessStatus
      if (status.state !== 'running') dropPorts(status.message ?? 'The engine stopped.')
      if (status.state === 'failed') {
        stopped = status.message ?? 'The engine stopped.'
        for (const waiting of waitingForPort) waiting.reject(stoppedError(stopped))
        waitingForPort.clear()
      }
    }
    deliver(name, payload)
  })

  const portReady = (): Promise<unknown> => {
    if (port) return Promise.resolve()
    if (stopped !== null) return Promise.reject(stoppedError(stopped))
    return new Promise((resolve, reject) => {
      const waiting: Waiting = {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      }
      const timer = setTimeout(() => {
        waitingForPort.delete(waiting)
        reject(stoppedError('The engine did not connect to this window.'))
      }, PORT_WAIT_MS)
      waitingForPort.add(waiting)
    })
  }

  const method = (name: MethodName) => async (input: unknown) => {
    await portReady()
    const current = port
    if (!current) throw stoppedError('The engine stopped.')
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, port: current })
      current.postMessage({ type: 'call', id, method: name, input })
    })
  }
  // The mapping is mechanical over METHOD_NAMES (api.ts proves it complete), and
  // each result is the engine's typed output, so this one assertion is sound.
  const methods = Object.fromEntries(METHOD_NAMES.map((name) => [name, method(name)])) as Omit<Api, 'on'>

  function on<P extends PushName>(name: P, listener: (payload: ApiPushes[P]) => void): () => void {
    const subscribers = listeners.get(name)
    if (!subscribers) {
      throw new TypeError(`Unknown push "${String(name)}"; expected one of: ${PUSH_NAMES.join(', ')}`)
    }
    if (typeof listener !== 'function') throw new TypeError('on(name, listener): listener must be a function')
    // Payloads of a name are that name's type: the engine sends them as the contract declares.
    const entry = listener as AnyListener
    subscribers.add(entry)
    return () => {
      subscribers.delete(entry)
    }
  }

  return Object.freeze({ ...methods, on }) satisfies Api
}

/** The desktop-only file dialogs (shared/desktop-files.ts): one named function each, nothing else. */
export function buildDesktopFiles(ipc: RendererIpc): DesktopFiles {
  const entries = DESKTOP_FILE_METHODS.map((name) => [
    name,
    async (input?: unknown) => {
      try {
        return await ipc.invoke(desktopFilesChannel(name), input)
      } catch (error) {
        throw toRendererError(error)
      }
    },
  ])
  // Each function returns what main's handler of the same name returns (desktop/file-handlers.ts).
  return Object.freeze(Object.fromEntries(entries)) as DesktopFiles
}
