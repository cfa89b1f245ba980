/**
 * Main's IPC handlers: what only main can do for the window (the native file
 * dialogs, desktop/file-handlers.ts). The contract itself does not pass
 * through here: the window calls the engine on a port of its own
 * (renderer-port.ts).
 *
 * Threat model (the IPC boundary): a handler can be invoked by any frame in
 * any WebContents of this process. Only the top frame of one of our own
 * windows, showing an app URL, is served: an iframe, a page the window was
 * somehow navigated to, or a devtools extension gets a refusal. The input is
 * untrusted; each handler checks it before use.
 * Errors cross as plain `Error`s carrying only a name and message, so no
 * stack or internal object leaks to the renderer.
 *
 * Nothing here imports Electron: `ipcMain` and windows are passed in (their
 * real types fit the small interfaces below), so unit tests drive it with fakes.
 */
import { BadInputError } from '../engine/errors'

/** The parts of an IPC event the trust check reads (an `IpcMainInvokeEvent` fits). */
export interface SenderInfo {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

/** The parts of `ipcMain` used here. */
export interface InvokeRegistry {
  handle(channel: string, listener: (event: SenderInfo, input: unknown) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export interface SenderPolicy {
  /** True for the WebContents of a window this app created. */
  isOwnWebContents(id: number): boolean
  /** True for the app's own page (see app-origin.ts `isAppPage`). */
  isAppPage(url: string): boolean
}

export function isTrustedSender(event: SenderInfo, policy: SenderPolicy): boolean {
  const frame = event.senderFrame
  // null: the frame navigated away or was destroyed while the call was in flight.
  if (frame === null || frame.parent !== null) return false
  return policy.isOwnWebContents(event.sender.id) && policy.isAppPage(frame.url)
}

/**
 * Reduce any thrown value to a plain Error. Electron sends `error.toString()`
 * ("Name: message") to the renderer; the preload strips it back to the message.
 */
export function toIpcError(error: unknown): Error {
  const plain = new Error(error instanceof Error ? error.message : String(error))
  if (error instanceof BadInputError) plain.name = 'BadInputError'
  return plain
}

/**
 * Handle one channel for trusted senders only, with errors reduced to plain
 * messages. Every channel the renderer can reach is registered through this.
 */
export function handleTrusted(
  ipcMain: InvokeRegistry,
  channel: string,
  label: string,
  policy: SenderPolicy,
  run: (input: unknown) => Promise<unknown>,
): void {
  ipcMain.handle(channel, async (event, input) => {
    if (!isTrustedSender(event, policy)) {
      console.warn(`[track-debugger] refused IPC ${label} from ${event.senderFrame?.url ?? 'a gone frame'}`)
      throw new Error(`${label} refused: the call did not come from the Track Debugger window`)
    }
    try {
      return await run(input)
    } catch (error) {
      // Bad input is the caller's mistake and is reported to it; anything else is ours, so log it here too.
      if (!(error instanceof BadInputError)) console.error(`[track-debugger] ${label} failed:`, error)
      throw toIpcError(error)
    }
  })
}
