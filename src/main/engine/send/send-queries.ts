/**
 * Read-only queries the send screens need: the links between an entry and
 * its resends, and the event and property names seen in the log (for the
 * editor's autocomplete). Bounded so they stay cheap on a big log.
 */
import type { RelatedEntries, RelatedEntry, Vocabulary } from '../../../shared/contract/send'
import type { Db } from '../db/database'
import { eventJsonSql } from '../db/event-packs'

interface RelatedRow {
  id: number
  entry_origin: string
  received_at: number
  response_status: number
  event_id: number | null
}

const RECENT_EVENTS = 2000
const MAX_NAMES = 500
/** An event's JSON, packed or not (db/event-packs.ts). */
const EVENT_JSON = eventJsonSql()

export class SendQueries {
  private readonly requestStmt
  private readonly childrenStmt
  private readonly eventNamesStmt
  private readonly propertyNamesStmt
  private readonly parentStmt

  constructor(db: Db) {
    this.parentStmt = db.prepare('SELECT parent_id FROM requests WHERE id = ?').pluck()
    const select = `SELECT r.id, r.entry_origin, r.received_at, r.response_status,
        (SELECT min(e.id) FROM events e WHERE e.request_id = r.id) AS event_id FROM requests r`
    this.requestStmt = db.prepare(`${select} WHERE r.id = ?`)
    this.childrenStmt = db.prepare(`${select} WHERE r.parent_id = ? ORDER BY r.id LIMIT 200`)
    this.eventNamesStmt = db
      .prepare(
        `SELECT DISTINCT event_name FROM (SELECT event_name FROM events WHERE kind = 'event' AND call_type = 'track'
          AND event_name IS NOT NULL ORDER BY id DESC LIMIT ${RECENT_EVENTS}) ORDER BY event_name LIMIT ${MAX_NAMES}`,
      )
      .pluck()
    this.propertyNamesStmt = db
      .prepare(
        `SELECT DISTINCT p.key FROM (SELECT ${EVENT_JSON} AS json FROM events WHERE kind = 'event' AND json_valid(${EVENT_JSON})
          ORDER BY id DESC LIMIT ${RECENT_EVENTS}) AS e,
          json_each(e.json, CASE WHEN json_type(e.json, '$.properties') = 'object' THEN '$.properties' ELSE '$.traits' END) AS p
         WHERE json_type(e.json, '$.properties') = 'object' OR json_type(e.json, '$.traits') = 'object'
         ORDER BY p.key LIMIT ${MAX_NAMES}`,
      )
      .pluck()
  }

  related(requestId: number): RelatedEntries {
    const parentId = (this.parentStmt.get(requestId) as number | null | undefined) ?? null
    const parent = parentId === null ? null : (this.requestStmt.get(parentId) as RelatedRow | undefined)
    return {
      parent: parent ? toEntry(parent) : null,
      children: (this.childrenStmt.all(requestId) as RelatedRow[]).map(toEntry),
    }
  }

  vocabulary(): Vocabulary {
    return {
      eventNames: this.eventNamesStmt.all() as string[],
      propertyNames: this.propertyNamesStmt.all() as string[],
    }
  }
}

function toEntry(r: RelatedRow): RelatedEntry {
  return {
    requestId: r.id,
    eventId: r.event_id,
    origin: r.entry_origin,
    receivedAt: r.received_at,
    responseStatus: r.response_status,
  }
}
