/**
 * One engine per data folder. Two instances writing one log interleave
 * their commits and answer calls they cannot record; the second must stop
 * at start and say who holds the folder.
 *
 * The lock is an exclusive SQLite lock on `<data dir>/instance.lock` (a
 * tiny database holding nothing), taken with `BEGIN EXCLUSIVE` and held for
 * the engine's life. It is an OS file lock, so it goes away with the
 * process however that ends (no stale lock file to clean up after a crash),
 * and SQLite enforces it between connections of one process too. Who holds
 * it is written beside it in `instance.json`, for the message.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

export const LOCK_FILE_NAME = 'instance.lock'
export const HOLDER_FILE_NAME = 'instance.json'

export interface Holder {
  pid: number
  /** 'desktop' or 'headless'. */
  app: string
  version: string
  startedAt: number
  captureUrl?: string
}

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | null,
  ) {
    const who = holder
      ? `Track Debugger ${holder.version} (${holder.app}, pid ${holder.pid}${holder.captureUrl ? `, capturing at ${holder.captureUrl}` : ''}, since ${new Date(holder.startedAt).toLocaleString()})`
      : 'another Track Debugger'
    super(
      `${who} is already using the data folder ${dataDir}. Two instances cannot share one event log. ` +
        'Stop that one, or start this one with another data folder (--data-dir, or TRACK_DEBUGGER_DATA_DIR).',
    )
    this.name = 'DataFolderInUseError'
  }
}

export interface DataFolderLock {
  /** Record where this instance captures, for the message another instance shows. */
  describe(patch: Partial<Holder>): void
  release(): void
}

function readHolder(dataDir: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE_NAME), 'utf8')) as Holder
    return typeof parsed.pid === 'number' ? parsed : null
  } catch {
    return null
  }
}

/** Take the folder's lock or throw DataFolderInUseError. The folder must exist. */
export function lockDataFolder(dataDir: string, holder: Omit<Holder, 'pid' | 'startedAt'>): DataFolderLock {
  const db = new Database(join(dataDir, LOCK_FILE_NAME), { timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new DataFolderInUseError(dataDir, readHolder(dataDir))
    throw error
  }
  let current: Holder = { ...holder, pid: process.pid, startedAt: Date.now() }
  const write = (): void =>
    writeFileSync(join(dataDir, HOLDER_FILE_NAME), JSON.stringify(current), { mode: 0o600 })
  write()
  let released = false
  return {
    describe(patch) {
      current = { ...current, ...patch }
      write()
    },
    release() {
      if (released) return
      released = true
      rmSync(join(dataDir, HOLDER_FILE_NAME), { force: true })
      db.close()
    },
  }
}
