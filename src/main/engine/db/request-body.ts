/**
 * One copy of each event. An SDK's body is a JSON array of events, and each
 * event's JSON is also kept in its own row (events.json), which the stream's
 * filters, the full-text index, QA sessions and reports read without a join.
 * Storing the body as well kept every event twice. So when a request is
 * written, each event's JSON is cut out of the body, and what is stored is
 * the rest (the brackets, commas and any wrapper) with, for each event,
 * where its bytes go back (events.body_at, an offset into the rest).
 * Reading the body splices them back: the bytes are the ones received,
 * exactly, whatever they held.
 *
 * An event's JSON is a slice of the body the parser took it from, so it is
 * found in order in the body. When one is not (a body that was cut short,
 * redacted differently from its events, or an import that built its own
 * JSON), the body is kept whole, as before migration 11.
 */
import type { Db } from './database'
import { eventJsonSql } from './event-packs'

export interface CutBody {
  /** The body without the events' bytes. */
  rest: Buffer
  /** For each event, the offset in `rest` its bytes go back at; null for an event without JSON. */
  at: (number | null)[]
}

/** Cuts each event's JSON out of `body`, in order; null when one is not there. */
export function cutEvents(body: Buffer, jsons: readonly (string | null)[]): CutBody | null {
  const parts: Buffer[] = []
  const at: (number | null)[] = []
  let cursor = 0
  let restLength = 0
  for (const json of jsons) {
    if (json === null || json === '') {
      at.push(null)
      continue
    }
    // Encoded once: searched for, then stepped over.
    const bytes = Buffer.from(json)
    const found = body.indexOf(bytes, cursor)
    if (found < 0) return null
    parts.push(body.subarray(cursor, found))
    restLength += found - cursor
    at.push(restLength)
    cursor = found + bytes.length
  }
  parts.push(body.subarray(cursor))
  restLength += body.length - cursor
  return { rest: Buffer.concat(parts, restLength), at }
}

export interface CutPiece {
  at: number
  json: string
}

/** The body as received: `rest` with each piece put back, pieces in the order they were cut. */
export function joinEvents(rest: Buffer, pieces: readonly CutPiece[]): Buffer {
  const parts: Buffer[] = []
  let cursor = 0
  for (const p of pieces) {
    parts.push(rest.subarray(cursor, p.at), Buffer.from(p.json))
    cursor = p.at
  }
  parts.push(rest.subarray(cursor))
  return Buffer.concat(parts)
}

/** Reads stored bodies back whole, for every reader of `requests.body`. */
export class BodyReader {
  private readonly piecesStmt

  constructor(db: Db) {
    this.piecesStmt = db.prepare(
      `SELECT body_at AS at, ${eventJsonSql('events', 'once')} AS json FROM events WHERE request_id = ? AND body_at IS NOT NULL ORDER BY id`,
    )
  }

  /** The body of request `id` as received, from its stored row's `body` and `body_cut`. */
  body(id: number, stored: Buffer | null, cut: number): Buffer | null {
    if (stored === null || cut === 0) return stored
    return joinEvents(stored, this.piecesStmt.all(id) as CutPiece[])
  }
}
