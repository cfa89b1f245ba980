/**
 * Response header sets stored once (migration 13): the capture port answers
 * every call with one of a few sets, so a set met a second time goes to
 * `header_sets` and requests keep its id; a set met once stays inline with
 * its request, so upstream answers (a Date and a request id each) do not
 * fill the table. Used inside the writer's transaction only, by the log's
 * one writer of `header_sets` (the commit queue's `CaptureRows`): what it
 * remembers is only checked against the table's highest id.
 */
import type { Db } from '../db/database'

/** Sets remembered either way; past this the memory starts over (the table keeps them). */
const REMEMBERED = 512

export class HeaderSets {
  private readonly ids = new Map<string, number>()
  private readonly seenOnce = new Set<string>()
  /** The highest id handed out since the memory was last forgotten (kept when `ids` starts over at its bound). */
  private highest = 0
  private readonly insertStmt
  private readonly findStmt
  private readonly maxStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO header_sets (json) VALUES (?) ON CONFLICT (json) DO NOTHING')
    this.findStmt = db.prepare('SELECT id FROM header_sets WHERE json = ?').pluck()
    this.maxStmt = db.prepare('SELECT coalesce(max(id), 0) FROM header_sets').pluck()
  }

  /**
   * At the start of each write transaction: when the table lacks a set this
   * writer remembers, forget them all. Both ways that happens leave the
   * highest remembered id above the table's: a batch that rolled back (its
   * sets were inserted after every row the table keeps) and a cleared log.
   */
  check(): void {
    if (this.highest > 0 && this.highest > (this.maxStmt.get() as number)) this.forget()
  }

  private forget(): void {
    this.ids.clear()
    this.seenOnce.clear()
    this.highest = 0
  }

  /** A set's id when it is (now) stored once, or null when it stays inline. */
  place(json: string): number | null {
    const known = this.ids.get(json)
    if (known !== undefined) return known
    if (!this.seenOnce.has(json)) {
      if (this.seenOnce.size >= REMEMBERED) this.seenOnce.clear()
      this.seenOnce.add(json)
      return null
    }
    this.insertStmt.run(json)
    const id = this.findStmt.get(json) as number
    if (this.ids.size >= REMEMBERED) this.ids.clear()
    this.ids.set(json, id)
    this.highest = Math.max(this.highest, id)
    this.seenOnce.delete(json)
    return id
  }
}
