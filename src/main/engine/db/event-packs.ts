/**
 * Reading packed events' JSON (migration 16; written by db/event-packer.ts).
 *
 * A pack holds the JSON of up to PACK_EVENTS consecutive events, deflated
 * together: one event at a time compresses 348 bytes to about 230, and in
 * blocks of 128 each event takes about 36 (docs/performance.md). A packed event row has
 * `json` NULL and `pack` set; every reader of an event's JSON reads it
 * through `eventJsonSql()`, which is the row's own `json` while it has one
 * and the event's slice of its pack once it is packed.
 *
 * SQLite calls back into JavaScript for a packed row, and a callback cannot
 * run a statement of its own on the connection, so the pack's bytes come in
 * as an argument, fetched by a subquery only when the connection has not
 * got that pack open already. A connection keeps the packs it opened last,
 * so a query walking old rows in id order opens each pack once.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type Database from 'better-sqlite3'

/** Events a pack holds: 128 fill about one page and a half compressed (36 bytes an event, measured). */
export const PACK_EVENTS = 128

/** Packs a connection keeps open: each is about 45 KB of text. */
const OPEN_PACKS = 32

/** The header: the first event's id (f64), the count (u32), then per event its id's distance from the first and its length (u32 each). */
const HEAD_BYTES = 12
const ENTRY_BYTES = 8

export interface PackedEvent {
  id: number
  json: string
}

/** One pack's bytes: the events in id order, their JSON deflated together. */
export function encodePack(events: readonly PackedEvent[]): Buffer {
  const first = events[0]
  if (!first) throw new Error('A pack holds at least one event.')
  const texts = events.map((e) => Buffer.from(e.json, 'utf8'))
  const head = Buffer.alloc(HEAD_BYTES + ENTRY_BYTES * events.length)
  head.writeDoubleLE(first.id, 0)
  head.writeUInt32LE(events.length, 8)
  events.forEach((e, i) => {
    const at = HEAD_BYTES + ENTRY_BYTES * i
    head.writeUInt32LE(e.id - first.id, at)
    head.writeUInt32LE((texts[i] as Buffer).length, at + 4)
  })
  return deflateRawSync(Buffer.concat([head, ...texts]))
}

/** A pack opened: its events' ids and where each one's JSON lies in the inflated bytes. */
export class OpenPack {
  private readonly ids: Float64Array
  private readonly starts: Uint32Array
  private readonly ends: Uint32Array
  private readonly bytes: Buffer

  constructor(data: Buffer) {
    this.bytes = inflateRawSync(data)
    const first = this.bytes.readDoubleLE(0)
    const count = this.bytes.readUInt32LE(8)
    this.ids = new Float64Array(count)
    this.starts = new Uint32Array(count)
    this.ends = new Uint32Array(count)
    let at = HEAD_BYTES + ENTRY_BYTES * count
    for (let i = 0; i < count; i++) {
      const entry = HEAD_BYTES + ENTRY_BYTES * i
      this.ids[i] = first + this.bytes.readUInt32LE(entry)
      this.starts[i] = at
      at += this.bytes.readUInt32LE(entry + 4)
      this.ends[i] = at
    }
    if (at !== this.bytes.length) throw new Error('A pack of events is damaged: its lengths do not add up.')
  }

  /** The JSON of event `id`, or undefined if the pack does not hold it. */
  json(id: number): string | undefined {
    let lo = 0
    let hi = this.ids.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const at = this.ids[mid] as number
      if (at === id) return this.bytes.toString('utf8', this.starts[mid], this.ends[mid])
      if (at < id) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }

  get events(): PackedEvent[] {
    return Array.from(this.ids, (id, i) => ({
      id,
      json: this.bytes.toString('utf8', this.starts[i], this.ends[i]),
    }))
  }
}

/**
 * The SQL expression for an event's JSON, for a query whose events table is
 * named (or aliased) `table`: the row's `json`, or its slice of its pack.
 */
export function eventJsonSql(table = 'events'): string {
  return (
    `coalesce(${table}.json, event_json(${table}.pack, ${table}.id, ` +
    `CASE WHEN event_pack_open(${table}.pack) THEN NULL ELSE (SELECT p.data FROM event_packs p WHERE p.id = ${table}.pack) END))`
  )
}

/**
 * Gives connection `db` the two functions eventJsonSql() calls:
 * `event_pack_open(pack)`, whether the connection has the pack open, and
 * `event_json(pack, id, data)`, the event's JSON from the pack (opening it
 * from `data` when given). Every connection that reads events needs them.
 */
export function registerEventPacks(db: Database.Database): void {
  // Most recently used last: a Map keeps insertion order, and a hit moves the pack to the end.
  const open = new Map<number, OpenPack>()
  const touch = (pack: number, opened: OpenPack): OpenPack => {
    open.delete(pack)
    open.set(pack, opened)
    if (open.size > OPEN_PACKS) open.delete(open.keys().next().value as number)
    return opened
  }
  db.function('event_pack_open', { varargs: false }, (pack: unknown) => {
    if (typeof pack !== 'number' && typeof pack !== 'bigint') return 0
    const opened = open.get(Number(pack))
    if (opened === undefined) return 0
    touch(Number(pack), opened)
    return 1
  })
  db.function('event_json', { varargs: false }, (pack: unknown, id: unknown, data: unknown) => {
    if (pack === null || id === null) return null
    const key = Number(pack)
    let opened = open.get(key)
    if (opened === undefined) {
      if (!Buffer.isBuffer(data))
        throw new Error(`Event ${String(id)}: its pack ${key} is missing from the log.`)
      opened = touch(key, new OpenPack(data))
    }
    const json = opened.json(Number(id))
    if (json === undefined) throw new Error(`Event ${String(id)} is not in its pack ${key}.`)
    return json
  })
}
