/**
 * Export files are written under `<data dir>/exports/` so the UI can hand
 * them over, and would pile up there for ever: at each engine start, the
 * export files older than a week are deleted. Only this app's own export
 * files (by name) are touched; anything else a user put there stays.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { exportsDir } from './export-service'

export const EXPORT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000

const EXPORT_FILE = /^track-export-.+\.(ndjson|json|csv|har)$/

/** Deletes export files last written more than `maxAgeMs` ago; returns how many. Never throws. */
export function pruneExports(dataDir: string, now = Date.now(), maxAgeMs = EXPORT_MAX_AGE_MS): number {
  const dir = exportsDir(dataDir)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return 0 // no export yet (or unreadable): nothing to clean
  }
  let removed = 0
  for (const name of names) {
    if (!EXPORT_FILE.test(name)) continue
    const path = join(dir, name)
    try {
      const st = statSync(path)
      if (st.isFile() && now - st.mtimeMs > maxAgeMs) {
        unlinkSync(path)
        removed++
      }
    } catch {
      // Gone already or not ours to delete: cleaning is best effort and must never stop the engine.
    }
  }
  return removed
}
