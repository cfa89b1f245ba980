/**
 * The `tracking_plan` table: the one current plan, stored as the user wrote
 * it. It is parsed again on every start, so a plan always means what the
 * running version of the parser says it means.
 */
import type { PlanFormat } from '../../../shared/contract/validation'
import type { Db } from './database'

export interface StoredPlan {
  format: PlanFormat
  source: string
  updatedAt: number
}

interface PlanRowDb {
  format: string
  source: string
  updated_at: number
}

export class PlanRepository {
  private readonly getStmt
  private readonly saveStmt
  private readonly clearStmt

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT format, source, updated_at FROM tracking_plan WHERE id = 1')
    this.saveStmt = db.prepare(
      `INSERT INTO tracking_plan (id, format, source, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET format = excluded.format, source = excluded.source, updated_at = excluded.updated_at`,
    )
    this.clearStmt = db.prepare('DELETE FROM tracking_plan')
  }

  get(): StoredPlan | null {
    const row = this.getStmt.get() as PlanRowDb | undefined
    return row ? { format: row.format as PlanFormat, source: row.source, updatedAt: row.updated_at } : null
  }

  save(plan: StoredPlan): void {
    this.saveStmt.run(plan.format, plan.source, plan.updatedAt)
  }

  clear(): boolean {
    return this.clearStmt.run().changes > 0
  }
}
