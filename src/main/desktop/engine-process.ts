/**
 * The engine in its own process: Electron's `utilityProcess` runs
 * out/main/engine-host.js (engine-host/utility-entry.ts), and main holds an
 * EngineClient to it. Capture, SQLite, validation, imports and reports
 * never share a thread with menus, dialogs and window events; a long job
 * or a pathological plan cannot freeze the window, and a crash of the
 * engine is survived (the client restarts it; the window is told).
 *
 * `fork` is passed in (Electron's `utilityProcess.fork` fits), so tests
 * start the same wiring without Electron.
 */
import { join } from 'node:path'
import type { SecretCipher } from '../engine/send/secret-cipher'
import { EngineClient, type EngineStatus } from '../engine-host/engine-client'
import { childConnection, type ChildHost } from '../engine-host/ports'
import type { HostEngineOptions } from '../engine-host/protocol'

/** The built host entry, beside the main bundle (electron.vite.config.ts). */
export const ENGINE_HOST_FILE = 'engine-host.js'

export type ForkUtility = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: 'inherit' },
) => ChildHost

export function engineProcess(opts: {
  fork: ForkUtility
  options: Omit<HostEngineOptions, 'cipher'>
  cipher: SecretCipher
  onStatus: (status: EngineStatus) => void
}): EngineClient {
  const entry = join(import.meta.dirname, ENGINE_HOST_FILE)
  return new EngineClient({
    options: opts.options,
    cipher: opts.cipher,
    onStatus: opts.onStatus,
    connect: () =>
      childConnection(opts.fork(entry, [], { serviceName: 'Track Debugger engine', stdio: 'inherit' })),
  })
}
