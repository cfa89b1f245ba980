/** The `saved_payloads` table: named composer payloads, grouped into collections. */
import type { SavedPayload, SendCallType } from '../../../shared/contract/send'
import type { SavedPayloadInput } from '../../../shared/contract/send.schemas'
import type { Db } from '../db/database'

interface Row {
  id: number
  name: string
  collection: string
  call_type: string
  body: string
  updated_at: number
}

const toPayload = (r: Row): SavedPayload => ({
  id: r.id,
  name: r.name,
  collection: r.collection,
  callType: r.call_type as SendCallType,
  body: r.body,
  updatedAt: r.updated_at,
})

export class CollectionRepository {
  private readonly listStmt
  private readonly getStmt
  private readonly insertStmt
  private readonly updateStmt
  private readonly deleteStmt
  private readonly takenStmt

  constructor(db: Db) {
    this.listStmt = db.prepare(
      'SELECT * FROM saved_payloads ORDER BY collection COLLATE NOCASE, name COLLATE NOCASE',
    )
    this.getStmt = db.prepare('SELECT * FROM saved_payloads WHERE id = ?')
    this.insertStmt =
      db.prepare(`INSERT INTO saved_payloads (name, collection, call_type, body, created_at, updated_at)
      VALUES (@name, @collection, @callType, @body, @now, @now)`)
    this.updateStmt = db.prepare(`UPDATE saved_payloads SET name = @name, collection = @collection,
      call_type = @callType, body = @body, updated_at = @now WHERE id = @id`)
    this.deleteStmt = db.prepare('DELETE FROM saved_payloads WHERE id = ?')
    this.takenStmt = db.prepare('SELECT id FROM saved_payloads WHERE collection = ? AND name = ?').pluck()
  }

  list(): SavedPayload[] {
    return (this.listStmt.all() as Row[]).map(toPayload)
  }

  /** Saving under a name that exists in the collection overwrites it, as "Save" does in an editor. */
  save(input: SavedPayloadInput): SavedPayload {
    const now = Date.now()
    const taken = this.takenStmt.get(input.collection, input.name) as number | undefined
    const id = input.id ?? taken
    if (input.id !== undefined && !this.getStmt.get(input.id))
      throw new Error(`There is no saved payload ${input.id}.`)
    if (input.id !== undefined && taken !== undefined && taken !== input.id)
      throw new Error(`"${input.name}" already exists in ${input.collection}.`)
    const params = { ...input, now }
    let rowId: number
    if (id !== undefined) {
      this.updateStmt.run({ ...params, id })
      rowId = id
    } else rowId = Number(this.insertStmt.run(params).lastInsertRowid)
    return toPayload(this.getStmt.get(rowId) as Row)
  }

  delete(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0
  }
}
