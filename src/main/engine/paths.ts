/** Where the headless engine keeps its data when the user does not say. */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const DB_FILE_NAME = 'track-debugger.db'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env['TRACK_DEBUGGER_DATA_DIR']) return env['TRACK_DEBUGGER_DATA_DIR']
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'track-debugger')
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'track-debugger')
  const xdg = env['XDG_DATA_HOME']
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share'), 'track-debugger')
}
