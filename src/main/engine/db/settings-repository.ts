/**
 * The `settings` table: small typed values that outlive a restart (capture
 * mode, validation mode, retention limits...). Each domain reads its keys
 * through a zod schema with a default, so an old or hand-edited value can
 * never crash the engine.
 */
import type { z } from 'zod'
import type { Db } from './database'

export class SettingsRepository {
  private readonly getStmt
  private readonly setStmt

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?').pluck()
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = this.getStmt.get(key) as string | undefined
    if (raw === undefined) return fallback
    try {
      const parsed = schema.safeParse(JSON.parse(raw))
      return parsed.success ? parsed.data : fallback
    } catch {
      return fallback
    }
  }

  set<T>(key: string, value: T): void {
    this.setStmt.run(key, JSON.stringify(value))
  }
}
