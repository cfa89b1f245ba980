/**
 * The window's own line to the engine: a `MessageChannelMain` whose one end
 * goes to the engine's process and the other to the window's preload, the
 * way Electron documents it for a renderer talking to a utility process.
 * The window's calls, their answers and the engine's pushes then travel
 * between those two processes without passing through main.
 *
 * A port is offered each time the app's page has loaded (a reload gets a
 * new one, and the old one closes), and after each restart of the engine's
 * process (the old port died with it). Only the app's own page gets one:
 * a window somehow showing another page gets nothing to call.
 *
 * Nothing here imports Electron: the channel, the window's contents and the
 * engine are passed in (their real types fit), so tests drive it with fakes.
 */
import { enginePortChannel } from '../../shared/api'

/** The parts of a window's `webContents` used here. */
export interface PortContents<Port> {
  getURL(): string
  isDestroyed(): boolean
  postMessage(channel: string, message: unknown, transfer?: Port[]): void
}

export interface RendererPortDeps<Port> {
  /** `new MessageChannelMain()`. */
  newChannel(): { port1: Port; port2: Port }
  /** Hands the engine's process its end (EngineClient.attachClient). */
  attach(port: Port): Promise<void>
  isAppPage(url: string): boolean
}

/** Connects `contents` to the engine; false when it was not offered one (not the app's page, gone, no engine). */
export async function offerEnginePort<Port>(
  contents: PortContents<Port>,
  deps: RendererPortDeps<Port>,
): Promise<boolean> {
  if (contents.isDestroyed() || !deps.isAppPage(contents.getURL())) return false
  const { port1, port2 } = deps.newChannel()
  try {
    await deps.attach(port1)
  } catch (error) {
    // The engine stopped for good: the window already says so (engine.status).
    console.error('[track-debugger] the window could not be connected to the engine:', error)
    return false
  }
  if (contents.isDestroyed()) return false
  contents.postMessage(enginePortChannel, null, [port2])
  return true
}
