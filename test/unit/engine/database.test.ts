import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, SchemaMismatchError } from '../../../src/main/engine/db/database'
import { MIGRATIONS } from '../../../src/main/engine/db/migrations/index'
import { cleanup, tempDir } from '../../helpers/engine'

let dir: string
afterEach(() => cleanup(dir))

describe('event log database', () => {
  it('applies every migration once, in WAL mode with STRICT tables', () => {
    dir = tempDir()
    const path = join(dir, 'log.db')
    const db = openDatabase(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b))
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get() as string
    expect(sql).toMatch(/STRICT/)
    db.close()
    // Re-opening applies nothing twice.
    const again = openDatabase(path)
    expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length)
    again.close()
  })

  it('refuses a log written by a newer version and leaves it untouched', () => {
    dir = tempDir()
    const path = join(dir, 'log.db')
    const db = openDatabase(path)
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from the future', 0)",
    ).run()
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const before = readFileSync(path)
    expect(() => openDatabase(path)).toThrow(SchemaMismatchError)
    expect(() => openDatabase(path)).toThrow(/newer Track Debugger/)
    expect(existsSync(path)).toBe(true)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a history whose names do not match', () => {
    dir = tempDir()
    const path = join(dir, 'log.db')
    openDatabase(path).close()
    const renamed = MIGRATIONS.map((m) => (m.version === 1 ? { ...m, name: 'something else' } : m))
    expect(() => openDatabase(path, renamed)).toThrow(/expected "something else"/)
  })

  it('rolls back a failing migration as a whole', () => {
    dir = tempDir()
    const path = join(dir, 'log.db')
    const broken = [
      ...MIGRATIONS,
      {
        version: 10_000,
        name: 'half broken',
        sql: 'CREATE TABLE half (x INTEGER) STRICT; CREATE TABLE oops (',
      },
    ]
    expect(() => openDatabase(path, broken)).toThrow()
    const db = openDatabase(path)
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0)
    db.close()
  })
})
