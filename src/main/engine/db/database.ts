/**
 * Opens the SQLite event log and brings its schema up to date.
 *
 * Safety rules: migrations run forward only, each in a transaction; a
 * database written by a newer version of the app (or with a migration
 * history we do not recognise) is refused with a clear error and left
 * untouched — a user's log is never deleted or "repaired" on failure.
 */
import Database from 'better-sqlite3'
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { registerEventPacks } from './event-packs'
import { MIGRATIONS, type Migration } from './migrations/index'

export type Db = Database.Database

/** The log failed SQLite's integrity check: nothing is written to it. */
export class DamagedLogError extends Error {
  constructor(path: string, problems: string[]) {
    super(
      `The event log ${path} is damaged (SQLite found: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}). ` +
        'Nothing was written to it, so what it holds is as it was. To keep working now, start with another data folder ' +
        '(--data-dir, or TRACK_DEBUGGER_DATA_DIR). To copy out what can be read, close the app and run ' +
        `\`sqlite3 "${path}" ".recover" | sqlite3 recovered.db\`, then move recovered.db into place as ${basename(path)}.`,
    )
    this.name = 'DamagedLogError'
  }
}

/**
 * SQLite's quick_check reads every page once: linear in the log's size,
 * which retention caps (2 GB by default), so it stays a bounded part of the
 * start. It runs before any migration or write, so a damaged log is refused
 * untouched, like a log from a newer version.
 */
function checkIntegrity(db: Db, path: string): void {
  let rows: { quick_check: string }[]
  try {
    rows = db.pragma('quick_check(20)') as { quick_check: string }[]
  } catch (error) {
    // "file is not a database", "database disk image is malformed": damaged before a page could be read.
    throw new DamagedLogError(path, [(error as Error).message])
  }
  // A row may hold several lines under a "*** in database main ***" heading: one problem a line.
  const problems = rows
    .flatMap((r) => r.quick_check.split('\n'))
    .map((m) => m.trim())
    .filter((m) => m !== 'ok' && m !== '' && !/^\*\*\*.*\*\*\*$/.test(m))
  if (problems.length > 0) throw new DamagedLogError(path, problems)
}

export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaMismatchError'
  }
}

/**
 * The log holds captured payloads (user ids, emails): only its owner may read
 * it. The folder is created 0700; the database is created (or tightened to)
 * 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the
 * database file's mode.
 */
function prepareFiles(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  closeSync(openSync(path, 'a', 0o600))
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600)
    } catch {
      // -wal and -shm exist only while a connection is open.
    }
  }
}

export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (path !== ':memory:') prepareFiles(path)
  let db: Db
  try {
    db = new Database(path)
  } catch (error) {
    throw new DamagedLogError(path, [(error as Error).message])
  }
  try {
    if (path !== ':memory:') checkIntegrity(db, path)
    // WAL + NORMAL: a committed transaction survives the process being
    // killed (it is in the WAL file); only an OS crash can lose the last few.
    // Only takes effect on a new, empty file (so before WAL writes its header): retention then
    // hands freed pages back to the OS in small steps.
    if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('temp_store = MEMORY')
    db.pragma('cache_size = -32000')
    migrate(db, migrations)
    registerEventPacks(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * The log opened for reading only, beside the app that writes it (WAL lets
 * readers and the writer share it): for tools that look, never change. It
 * must exist and carry exactly the schema this version knows; nothing is
 * migrated or written.
 */
export function openLogReadOnly(path: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new SchemaMismatchError(
      `There is no event log at ${path} (${(error as Error).message}). Start Track Debugger once, or give the data folder it uses (--data-dir).`,
    )
  }
  try {
    db.pragma('busy_timeout = 5000')
    registerEventPacks(db)
    const applied = db.prepare('SELECT version, name FROM schema_migrations').all() as {
      version: number
      name: string
    }[]
    const known = new Set(migrations.map((m) => `${m.version}:${m.name}`))
    const same = applied.length === known.size && applied.every((r) => known.has(`${r.version}:${r.name}`))
    if (!same)
      throw new SchemaMismatchError(
        `The event log at ${path} was written by another version of Track Debugger (schema ${Math.max(0, ...applied.map((r) => r.version))}, ` +
          `this one reads ${migrations.length}). Start this version of the app once to bring it up to date, or use the matching version.`,
      )
    return db
  } catch (error) {
    db.close()
    if (error instanceof SchemaMismatchError) throw error
    throw new DamagedLogError(path, [(error as Error).message])
  }
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`)
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number
    name: string
  }[]
  const known = new Map(migrations.map((m) => [m.version, m]))
  for (const row of applied) {
    const m = known.get(row.version)
    if (!m) {
      throw new SchemaMismatchError(
        `The event log was written by a newer Track Debugger (schema version ${row.version} is unknown to this one). ` +
          `Upgrade the app, or point it at another data directory; the log was left untouched.`,
      )
    }
    if (m.name !== row.name) {
      throw new SchemaMismatchError(
        `Schema version ${row.version} in the event log is "${row.name}", expected "${m.name}". ` +
          `The log was left untouched.`,
      )
    }
  }
  const done = new Set(applied.map((r) => r.version))
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, Date.now())
    })()
  }
}

/** Bytes the log takes on disk, WAL included. */
export function databaseBytes(db: Db): number {
  const pages = db.pragma('page_count', { simple: true }) as number
  const size = db.pragma('page_size', { simple: true }) as number
  return pages * size
}
