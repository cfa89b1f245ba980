/**
 * Group commit for the capture path. Requests that arrive within the same
 * few milliseconds are written in one SQLite transaction; each caller's
 * promise resolves only once its rows are committed, so the app is never
 * told "200" for something that is not yet in the log.
 */
import type { EventSummary } from '../../shared/model'
import type { Db } from './db/database'
import type { EventRepository } from './db/event-repository'
import type { RequestRepository } from './db/request-repository'
import type { Committed, Entry } from './entry'
import { CaptureRows } from './writer/capture-rows'
import { redactBody, redactHeaderPairs, redactJsonText, redactQuery } from './capture/redact'
import { Checkpointer, findCheckpointWorker } from './writer/checkpointer'

interface Pending {
  entry: Entry
  resolve: (c: Committed) => void
  reject: (e: unknown) => void
}

export class CommitQueue {
  private pending: Pending[] = []
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null
  private readonly rows: CaptureRows
  /** WAL checkpoints on a worker thread, when the built worker is there (see checkpointer.ts). */
  readonly checkpointer: Checkpointer | null

  constructor(
    db: Db,
    // Reads go through the repositories; capture inserts through CaptureRows, which writes their columns.
    _requests: RequestRepository,
    _events: EventRepository,
    private readonly onCommitted: (summaries: EventSummary[]) => void,
    /**
     * 0 (the default) commits once the event loop has taken in everything that is ready: under load
     * that batches whole bursts, and an idle server answers at once instead of waiting out a timer,
     * which with keep-alive clients capped throughput at connections / window.
     */
    private readonly windowMs = 0,
    /** The built checkpoint worker; `null` leaves checkpoints to SQLite. Default: found beside the build. */
    checkpointWorker: string | null = findCheckpointWorker(),
  ) {
    this.rows = new CaptureRows(db)
    // An in-memory log has no WAL (and a second connection would open another database).
    this.checkpointer = checkpointWorker && !db.memory ? new Checkpointer(db, checkpointWorker) : null
  }

  /** Commits what is queued and stops the checkpoint worker. */
  async close(): Promise<void> {
    this.flush()
    await this.checkpointer?.close()
  }

  add(entry: Entry): Promise<Committed> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry: redactEntry(entry), resolve, reject })
      this.timer ??=
        this.windowMs > 0 ? setTimeout(() => this.flush(), this.windowMs) : setImmediate(() => this.flush())
    })
  }

  get size(): number {
    return this.pending.length
  }

  /** Write everything queued now, in one transaction. */
  flush(): void {
    if (this.timer) {
      if (this.windowMs > 0) clearTimeout(this.timer as NodeJS.Timeout)
      else clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.timer = null
    let batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    // A live call does not wait for an import's rows to be written with it: they go in the next turn,
    // behind whatever live calls arrive before it.
    const live = batch.filter((p) => !p.entry.background)
    if (live.length > 0 && live.length < batch.length) {
      this.pending = batch.filter((p) => p.entry.background)
      this.timer = setImmediate(() => this.flush())
      batch = live
    }
    let results: Committed[]
    try {
      results = this.rows.write(batch.map((p) => p.entry))
    } catch (error) {
      for (const p of batch) p.reject(error)
      return
    }
    const all: EventSummary[] = []
    batch.forEach((p, i) => {
      const r = results[i] as Committed
      for (const s of r.summaries) all.push(s)
      p.resolve(r)
    })
    this.onCommitted(all)
  }
}

/**
 * Every row passes here on its way into the log, whichever path wrote it
 * (capture, import, send, fault): credentials are replaced by fingerprints
 * by the one rule set in capture/redact.ts. Redaction keeps the JSON's
 * shape, so findings and extracted columns stay true; the full-text index
 * is derived from the redacted text.
 */
export function redactEntry(entry: Entry): Entry {
  const r = entry.request
  const query = redactQuery(r.query)
  const headers = redactHeaderPairs(r.headers)
  const body = redactBody(r.body)
  const responseBody = redactJsonText(r.responseBody)
  const responseHeaders = r.responseHeaders === null ? null : redactHeaderPairs(r.responseHeaders)
  const events =
    body === r.body
      ? entry.events
      : entry.events.map((e) => {
          if (e.json === null) return e
          const json = redactJsonText(e.json)
          if (json === e.json) return e
          return { ...e, json }
        })
  if (
    query === r.query &&
    headers === r.headers &&
    body === r.body &&
    responseBody === r.responseBody &&
    responseHeaders === r.responseHeaders
  )
    return events === entry.events ? entry : { ...entry, events }
  return { ...entry, request: { ...r, query, headers, body, responseBody, responseHeaders }, events }
}
