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
 * got that pack open already. A connection keeps the packs it opened last
 * (a query that reads the log through once keeps only the one it is in), so
 * a query walking old rows in id order opens each pack once, and a filter
 * typed again or paged finds its packs open.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type Database from 'better-sqlite3'

/** Events a pack holds: 128 fill about one page and a half compressed (36 bytes an event, measured). */
export const PACK_EVENTS = 128

/**
 * The text of the packs a connection keeps open, in UTF-16 code units: 32 M (32 MB of ASCII)
 * hold about 730 packs of SDK-sized events, more than the 50,000 newest ids a filter's count
 * looks at, so that paging and typing do not inflate them again. With 16 MB of inflated bytes (360
 * packs) a count's scan went round the cache and every pack was opened again on every query.
 */
const OPEN_UNITS = 32 * 1024 * 1024
/** Packs nothing has read for this long are let go of. */
const IDLE_MS = 30_000

/**
 * A pack is the length of its inflated bytes (u32), then those bytes deflated. Inflated: the first
 * event's id (f64), the count (u32), per event its id's distance from the first and the length of
 * its JSON in bytes (u32 each), then the events' JSON, one after another, in UTF-8. Knowing the
 * length lets zlib inflate into one buffer: in its default 16 KB chunks, joined after, a pack took
 * twice as long to open (87 against 43 µs).
 */
const LENGTH_BYTES = 4
/** One inflate buffer at most (a pack's events are as large as the bodies capture keeps). */
const MAX_CHUNK = 64 * 1024 * 1024
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
  const head = Buffer.alloc(LENGTH_BYTES + HEAD_BYTES + ENTRY_BYTES * events.length)
  head.writeDoubleLE(first.id, LENGTH_BYTES)
  head.writeUInt32LE(events.length, LENGTH_BYTES + 8)
  events.forEach((e, i) => {
    const at = LENGTH_BYTES + HEAD_BYTES + ENTRY_BYTES * i
    head.writeUInt32LE(e.id - first.id, at)
    head.writeUInt32LE((texts[i] as Buffer).length, at + 4)
  })
  const inflated = Buffer.concat([head.subarray(LENGTH_BYTES), ...texts])
  head.writeUInt32LE(inflated.length, 0)
  return Buffer.concat([head.subarray(0, LENGTH_BYTES), deflateRawSync(inflated)])
}

/**
 * A pack opened: its events' ids and texts. Each text is a string of its own, decoded when the
 * pack is opened: SQLite takes it faster than a substring of the whole pack's text (0.24 µs an
 * event), and the inflated bytes need not be kept beside the strings made from them.
 */
export class OpenPack {
  private readonly ids: Float64Array
  private readonly texts: string[]
  /** The length of its texts, in UTF-16 code units. */
  readonly size: number

  constructor(data: Buffer) {
    const length = data.readUInt32LE(0)
    const bytes = inflateRawSync(data.subarray(LENGTH_BYTES), {
      chunkSize: Math.min(Math.max(length, 64), MAX_CHUNK),
      maxOutputLength: Math.max(length, 1),
    })
    if (bytes.length !== length)
      throw new Error('A pack of events is damaged: it does not inflate to its length.')
    const first = bytes.readDoubleLE(0)
    const count = bytes.readUInt32LE(8)
    this.ids = new Float64Array(count)
    this.texts = new Array<string>(count)
    let at = HEAD_BYTES + ENTRY_BYTES * count
    let size = 0
    for (let i = 0; i < count; i++) {
      const entry = HEAD_BYTES + ENTRY_BYTES * i
      const end = at + bytes.readUInt32LE(entry + 4)
      if (end > bytes.length) throw new Error('A pack of events is damaged: its lengths do not add up.')
      this.ids[i] = first + bytes.readUInt32LE(entry)
      const text = bytes.toString('utf8', at, end)
      this.texts[i] = text
      size += text.length
      at = end
    }
    if (at !== bytes.length) throw new Error('A pack of events is damaged: its lengths do not add up.')
    this.size = size
  }

  /** The JSON of event `id`, or undefined if the pack does not hold it. */
  json(id: number): string | undefined {
    let lo = 0
    let hi = this.ids.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const at = this.ids[mid] as number
      if (at === id) return this.texts[mid]
      if (at < id) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }

  get events(): PackedEvent[] {
    return Array.from(this.ids, (id, i) => ({ id, json: this.texts[i] as string }))
  }
}

/**
 * The SQL expression for an event's JSON, for a query whose events table is
 * named (or aliased) `table`: the row's `json`, or its slice of its pack.
 * A query that reads the log through once (an export, a re-validation, the
 * search index) passes `once`: the packs it opens are not kept beyond the
 * one it is reading, so they neither push out the packs interactive queries
 * keep nor hold memory after it (an export's peak RSS: 446 MB keeping them,
 * 380 MB with a cache of almost nothing).
 */
export function eventJsonSql(table = 'events', reading: 'again' | 'once' = 'again'): string {
  const keep = reading === 'again' ? 1 : 0
  return (
    `coalesce(${table}.json, event_json(${table}.pack, ${table}.id, ` +
    `CASE WHEN event_pack_open(${table}.pack) THEN NULL ELSE (SELECT p.data FROM event_packs p WHERE p.id = ${table}.pack) END, ${keep}))`
  )
}

/**
 * The packs a connection has open, most recently used last (a Map keeps insertion order, and a
 * hit moves the pack to the end), up to OPEN_UNITS, and let go of once nothing has read them for
 * IDLE_MS. A query reads a pack's events one after another, so the last pack read is kept at hand.
 */
class OpenPacks {
  private readonly open = new Map<number, OpenPack>()
  private units = 0
  private lastKey = -1
  private last: OpenPack | undefined
  private usedAt = 0
  private timer: NodeJS.Timeout | null = null

  find(key: number): OpenPack | undefined {
    this.usedAt = Date.now()
    if (key === this.lastKey) return this.last
    const opened = this.open.get(key)
    if (opened === undefined) return undefined
    this.open.delete(key)
    this.open.set(key, opened)
    this.lastKey = key
    this.last = opened
    return opened
  }

  /** The pack just opened, kept among the open ones or (`keep` false) only until the next. */
  add(key: number, opened: OpenPack, keep: boolean): OpenPack {
    if (keep) {
      this.open.set(key, opened)
      this.units += opened.size
      for (const [oldest, pack] of this.open) {
        if (this.units <= OPEN_UNITS || oldest === key) break
        this.open.delete(oldest)
        this.units -= pack.size
      }
    }
    this.lastKey = key
    this.last = opened
    this.usedAt = Date.now()
    if (this.timer === null) {
      this.timer = setInterval(() => this.releaseIfIdle(), IDLE_MS / 2)
      this.timer.unref()
    }
    return opened
  }

  private releaseIfIdle(): void {
    if (Date.now() - this.usedAt < IDLE_MS) return
    this.open.clear()
    this.units = 0
    this.lastKey = -1
    this.last = undefined
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }
}

/**
 * Gives connection `db` the two functions eventJsonSql() calls:
 * `event_pack_open(pack)`, whether the connection has the pack open, and
 * `event_json(pack, id, data, keep)`, the event's JSON from the pack
 * (opening it from `data` when given, and keeping it open if `keep`).
 * Every connection that reads events needs them.
 */
export function registerEventPacks(db: Database.Database): void {
  const open = new OpenPacks()
  db.function('event_pack_open', { varargs: false }, (pack: unknown) =>
    pack !== null && open.find(Number(pack)) !== undefined ? 1 : 0,
  )
  db.function(
    'event_json',
    { varargs: false },
    (pack: unknown, id: unknown, data: unknown, keep: unknown) => {
      if (pack === null || id === null) return null
      const key = Number(pack)
      let opened = open.find(key)
      if (opened === undefined) {
        if (!Buffer.isBuffer(data))
          throw new Error(`Event ${String(id)}: its pack ${key} is missing from the log.`)
        opened = open.add(key, new OpenPack(data), keep !== 0)
      }
      const json = opened.json(Number(id))
      if (json === undefined) throw new Error(`Event ${String(id)} is not in its pack ${key}.`)
      return json
    },
  )
}
