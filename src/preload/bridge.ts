/**
 * Builds the renderer's `Api` from the shared contract, over IPC.
 *
 * Threat model: whatever this object exposes is reachable by any script in
 * the page, including one smuggled in through captured data. So it exposes
 * exactly one function per contract method (channel names derived from
 * METHOD_NAMES, never taken from the caller) and `on` for the contract's push
 * names; never `ipcRenderer`, a raw `invoke(channel)`, or an IPC event object
 * (its `sender` is `ipcRenderer`).
 *
 * `ipcRenderer` is passed in (its real type fits `RendererIpc`), so unit
 * tests can drive this without Electron.
 */
import {
  METHOD_NAMES,
  PUSH_NAMES,
  ipcChannel,
  ipcPushChannel,
  type Api,
  type ApiPushes,
  type MethodName,
  type PushName,
} from '../shared/api'
import { DESKTOP_FILE_METHODS, desktopFilesChannel, type DesktopFiles } from '../shared/desktop-files'

/** The parts of `ipcRenderer` the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

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

type AnyListener = (payload: unknown) => void

export function buildApi(ipc: RendererIpc): Api {
  const listeners = new Map<string, Set<AnyListener>>(PUSH_NAMES.map((name) => [name, new Set()]))

  // One IPC listener for all pushes, fanned out here: the renderer's many
  // subscribers never pile up on ipcRenderer (nor trip its leak warning).
  ipc.on(ipcPushChannel, (_event, name, payload) => {
    const subscribers = typeof name === 'string' ? listeners.get(name) : undefined
    for (const listener of subscribers ?? []) {
      // A throwing subscriber must not starve the ones after it.
      try {
        listener(payload)
      } catch (error) {
        console.error(`[track-debugger] a ${String(name)} listener failed:`, error)
      }
    }
  })

  const method = (name: MethodName) => async (input: unknown) => {
    try {
      return await ipc.invoke(ipcChannel(name), input)
    } catch (error) {
      throw toRendererError(error)
    }
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
    // Payloads on a name's channel are that name's type: the main process sends them straight from the engine.
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
