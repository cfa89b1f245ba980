/**
 * The `environments` table: where sends and forwards go. The three built-in
 * rows are seeded by migration 3; their name and URL are fixed (only their
 * variables and credentials change), and 'local' has no stored URL because
 * the capture port is only known at run time.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { EnvironmentInput } from '../../../shared/contract/send.schemas'
import type { Db } from '../db/database'

export interface EnvironmentRow {
  id: string
  name: string
  baseUrl: string
  builtin: boolean
  variables: Record<string, string>
}

interface Row {
  id: string
  name: string
  base_url: string
  builtin: number
  variables: string
}

const variablesSchema = z.record(z.string(), z.string())

function toRow(row: Row, localUrl: string): EnvironmentRow {
  let variables: Record<string, string> = {}
  try {
    variables = variablesSchema.parse(JSON.parse(row.variables))
  } catch {
    // A hand-edited value must not hide the environment.
  }
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.id === 'local' ? localUrl : row.base_url,
    builtin: row.builtin === 1,
    variables,
  }
}

export class EnvironmentRepository {
  private readonly listStmt
  private readonly getStmt
  private readonly insertStmt
  private readonly updateStmt
  private readonly updateVariablesStmt
  private readonly deleteStmt
  private readonly nameTakenStmt

  constructor(
    db: Db,
    private readonly localUrl: () => string,
  ) {
    this.listStmt = db.prepare('SELECT * FROM environments ORDER BY position, created_at')
    this.getStmt = db.prepare('SELECT * FROM environments WHERE id = ?')
    this.insertStmt =
      db.prepare(`INSERT INTO environments (id, name, base_url, builtin, variables, position, created_at)
      VALUES (@id, @name, @baseUrl, 0, @variables, (SELECT coalesce(max(position), 0) + 1 FROM environments), @now)`)
    this.updateStmt = db.prepare(
      'UPDATE environments SET name = @name, base_url = @baseUrl, variables = @variables WHERE id = @id AND builtin = 0',
    )
    this.updateVariablesStmt = db.prepare('UPDATE environments SET variables = ? WHERE id = ?')
    this.deleteStmt = db.prepare('DELETE FROM environments WHERE id = ? AND builtin = 0')
    this.nameTakenStmt = db
      .prepare('SELECT 1 FROM environments WHERE lower(name) = lower(?) AND id != ?')
      .pluck()
  }

  list(): EnvironmentRow[] {
    return (this.listStmt.all() as Row[]).map((r) => toRow(r, this.localUrl()))
  }

  get(id: string): EnvironmentRow | null {
    const row = this.getStmt.get(id) as Row | undefined
    return row ? toRow(row, this.localUrl()) : null
  }

  /** By id, or by name (case-insensitive), as the command line names them. */
  find(idOrName: string): EnvironmentRow | null {
    return (
      this.get(idOrName) ?? this.list().find((e) => e.name.toLowerCase() === idOrName.toLowerCase()) ?? null
    )
  }

  /** Create or update; returns the id. Throws a plain Error with a user-facing message on conflict. */
  save(input: EnvironmentInput): string {
    const id = input.id ?? `env_${randomBytes(6).toString('hex')}`
    const variables = JSON.stringify(input.variables)
    const existing = input.id ? this.get(input.id) : null
    if (input.id && !existing) throw new Error(`There is no environment "${input.id}".`)
    if (existing?.builtin) {
      // Built-ins keep their name and URL; only their variables are the user's.
      this.updateVariablesStmt.run(variables, id)
      return id
    }
    if (this.nameTakenStmt.get(input.name, id))
      throw new Error(`An environment named "${input.name}" already exists.`)
    const params = {
      id,
      name: input.name,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      variables,
      now: Date.now(),
    }
    if (existing) this.updateStmt.run(params)
    else this.insertStmt.run(params)
    return id
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0
  }
}
