/**
 * The desktop app's few settings, read from the environment: the desktop app
 * has no command line a user types, so the environment is where tests and
 * power users pick a data folder or a capture port. Pure, for unit tests.
 */
import { extname, isAbsolute, resolve } from 'node:path'

export const DATA_DIR_ENV = 'TRACK_DEBUGGER_DATA_DIR'
export const CAPTURE_PORT_ENV = 'TRACK_DEBUGGER_CAPTURE_PORT'
export const DEFAULT_CAPTURE_PORT = 8787
export const PROXY_PORT_ENV = 'TRACK_DEBUGGER_PROXY_PORT'
export const DEFAULT_PROXY_PORT = 8789

export interface DesktopConfig {
  /** Data folder override, absolute; null means Electron's per-user `userData` folder. */
  dataDir: string | null
  /** Capture server port; 0 picks a free one. */
  capturePort: number
  /** Capture proxy port (HTTPS interception for apps that cannot be changed); 0 picks a free one. */
  proxyPort: number
}

/** Read the settings; throws an Error whose message tells the user what to fix. */
export function readDesktopConfig(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): DesktopConfig {
  const dir = env[DATA_DIR_ENV]?.trim()
  const rawPort = env[CAPTURE_PORT_ENV]?.trim()
  const rawProxyPort = env[PROXY_PORT_ENV]?.trim()
  return {
    dataDir: dir ? (isAbsolute(dir) ? dir : resolve(cwd, dir)) : null,
    capturePort: rawPort ? parsePort(rawPort, CAPTURE_PORT_ENV) : DEFAULT_CAPTURE_PORT,
    proxyPort: rawProxyPort ? parsePort(rawProxyPort, PROXY_PORT_ENV) : DEFAULT_PROXY_PORT,
  }
}

function parsePort(raw: string, name: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
  if (!(port >= 0 && port <= 65535)) {
    throw new Error(`${name} must be a port number from 0 to 65535 (0 picks any free port), not "${raw}".`)
  }
  return port
}

/**
 * The engine's PortInUseError names the headless CLI flag; a desktop user
 * picks the port through the environment instead, so say that.
 */
export function portInUseMessage(host: string, port: number): string {
  return (
    `Port ${port} on ${host} is already in use, so the capture server cannot listen there.\n\n` +
    `Stop whatever is using it (a headless "track-debugger serve", perhaps), or start Track Debugger ` +
    `with the environment variable ${CAPTURE_PORT_ENV} set to another port (0 picks any free port).`
  )
}

/** Import formats the app is registered for (electron-builder.yml fileAssociations). */
const OPENABLE = new Set(['.har', '.ndjson', '.jsonl'])

/** Files named on the command line (a double-click on Windows and Linux), never flags or the app itself. */
export function importableArgs(argv: string[]): string[] {
  return argv.slice(1).filter((a) => !a.startsWith('-') && OPENABLE.has(extname(a).toLowerCase()))
}
