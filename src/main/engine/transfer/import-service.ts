/**
 * Imports a file into the log: a HAR (browser devtools, proxies), or this
 * app's own NDJSON / JSON exports. Plain Track payloads (an array of events,
 * or one event a line) are accepted too. Every call goes through the same
 * parse-and-validate path as a live one and is marked `imported`; whatever
 * is not a Track call is counted by reason and left out.
 */
import type { ImportFormat, ImportResult } from '../../../shared/contract/transfer'
import type { HeaderPair } from '../../../shared/model'
import type { EngineContext } from '../context'
import type { Entry } from '../entry'
import { BadInputError } from '../errors'
import { MAX_JSON_DEPTH, scanJson } from '../capture/json-scan'
import { isHar, readHar } from './har'
import { importedEntry, trackCallType, type ImportedCall } from './imported-call'

/**
 * Plain events are imported as calls of this many: well inside the API's
 * 1,000-event limit, and small enough that one call's commit is a short
 * transaction (the browser SDK itself sends batches of 10).
 */
const PLAIN_BATCH = 20

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** Why a line or document is too deeply nested to import, or null. Checked before anything recursive runs. */
function tooDeep(text: string): string | null {
  return scanJson(text).tooDeep ? `nested deeper than ${MAX_JSON_DEPTH} levels` : null
}

/** Counts one thing left out of an import, by reason. */
function countSkip(skipped: Map<string, number>, reason: string): void {
  skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
}

/** A record written by this app's exporter. */
function isExportRecord(v: unknown): boolean {
  const o = obj(v)
  return !!o && typeof o['callType'] === 'string' && obj(o['request']) !== null && 'event' in o
}

/** The key that groups export records of one request (rows of a request are written together). */
function recordGroupKey(record: unknown, line: number): string {
  const id = (obj(record) as Record<string, unknown>)['requestId']
  return typeof id === 'number' ? `r${id}` : `line${line}`
}

/** Rebuild calls from export records: rows of one request become one call again. */
function callsFromRecords(records: unknown[], skipped: Map<string, number>, now: number): ImportedCall[] {
  const groups = new Map<string, Record<string, unknown>[]>()
  records.forEach((v, i) => {
    const key = recordGroupKey(v, i)
    const g = groups.get(key)
    if (g) g.push(obj(v) as Record<string, unknown>)
    else groups.set(key, [obj(v) as Record<string, unknown>])
  })
  const calls: ImportedCall[] = []
  for (const rows of groups.values()) {
    const call = callFromRecordGroup(rows, skipped, now)
    if (call) calls.push(call)
  }
  return calls
}

/** One request's export records back into the call that carried them, or null (counted in `skipped`). */
function callFromRecordGroup(
  rows: Record<string, unknown>[],
  skipped: Map<string, number>,
  now: number,
): ImportedCall | null {
  const skip = (reason: string): null => {
    countSkip(skipped, reason)
    return null
  }
  const head = rows[0] as Record<string, unknown>
  const request = obj(head['request']) as Record<string, unknown>
  const path = typeof request['path'] === 'string' ? request['path'] : `/api/${String(head['callType'])}`
  const callType = trackCallType(path)
  if (!callType) return skip('not a Track API call (preflight, status check or unknown path)')
  let body: string
  if (head['kind'] === 'request') {
    if (typeof request['body'] !== 'string' || request['body'] === '')
      return skip('a request without events and without its body')
    body = request['body']
  } else {
    const ordered = [...rows].sort((a, b) => Number(a['index'] ?? 0) - Number(b['index'] ?? 0))
    body = `[${ordered.map((r) => JSON.stringify(r['event'] ?? null)).join(',')}]`
  }
  const headers: HeaderPair[] = Array.isArray(request['headers'])
    ? (request['headers'] as unknown[]).filter(
        (h): h is HeaderPair => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === 'string'),
      )
    : []
  const at = typeof head['receivedAt'] === 'string' ? Date.parse(head['receivedAt']) : NaN
  const status = request['responseStatus']
  return {
    callType,
    method: 'POST',
    path,
    query: typeof request['query'] === 'string' ? request['query'] : '',
    headers,
    body: Buffer.from(body, 'utf8'),
    receivedAt: Number.isFinite(at) ? at : now,
    responseStatus: typeof status === 'number' && Number.isInteger(status) ? status : 200,
    responseBody: '',
    remoteAddress: null,
  }
}

/** Plain Track events (what an SDK sends) become one track call, as the SDK would have sent them. */
function plainCall(events: unknown[], now: number): ImportedCall {
  return {
    callType: 'track',
    method: 'POST',
    path: '/api/track',
    query: '',
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from(JSON.stringify(events), 'utf8'),
    receivedAt: now,
    responseStatus: 200,
    responseBody: '',
    remoteAddress: null,
  }
}

/** Plain events in calls of PLAIN_BATCH. */
function callsFromPlainEvents(events: unknown[], now: number): ImportedCall[] {
  const calls: ImportedCall[] = []
  for (let i = 0; i < events.length; i += PLAIN_BATCH)
    calls.push(plainCall(events.slice(i, i + PLAIN_BATCH), now))
  return calls
}

/**
 * Records imported calls through the group commit, a bounded slice at a
 * time, and counts what was recorded. A slice is the work done between two
 * turns of the event loop: reading and validating calls, then committing
 * them in one transaction. It ends after a few milliseconds of work or a
 * bounded number of events, whichever comes first, so a capture that
 * arrives meanwhile waits for one short slice, never for the import.
 *
 * Measured (bench part 4, an 8 MB NDJSON import into a 200,000-event log
 * on 2 shared cores): windows of 64 KB of bodies held capture back up to
 * 180 ms at a time (a CPU profile showed the transaction's index and
 * full-text inserts); smaller fixed windows only moved the cost into more
 * per-call overhead. Bounding each slice's time is what keeps p99 low.
 */
class ImportTally {
  requests = 0
  events = 0
  invalid = 0
  firstEventId: number | null = null
  lastEventId: number | null = null
  private pending: Entry[] = []
  private pendingEvents = 0
  private pendingBytes = 0
  private sliceStarted = performance.now()

  constructor(
    private readonly ctx: EngineContext,
    /** Work per slice before the event loop gets a turn (validation and the commit's rows). */
    private readonly sliceMs = 6,
    private readonly sliceEvents = 60,
    private readonly sliceBytes = 64 * 1024,
  ) {}

  /** Validates a call and queues it; commits (and yields to the event loop) when the slice is spent. */
  async add(call: ImportedCall): Promise<void> {
    const entry = importedEntry(call, this.ctx.validation)
    this.pending.push(entry)
    this.pendingEvents += Math.max(1, entry.events.length)
    this.pendingBytes += call.body.length
    if (
      this.pendingEvents >= this.sliceEvents ||
      this.pendingBytes >= this.sliceBytes ||
      performance.now() - this.sliceStarted >= this.sliceMs
    )
      await this.flush()
  }

  async flush(): Promise<void> {
    const slice = this.pending
    this.pending = []
    this.pendingEvents = 0
    this.pendingBytes = 0
    if (slice.length > 0) {
      const committed = await Promise.all(slice.map((e) => this.ctx.record({ ...e, background: true })))
      this.requests += slice.length
      for (const c of committed) {
        for (const s of c.summaries) {
          if (s.kind === 'event') this.events++
          if (s.status === 'invalid') this.invalid++
          this.firstEventId ??= s.id
          this.lastEventId = s.id
        }
      }
    }
    // Capture (first) and the UI get the event loop between slices.
    await this.ctx.yieldToCapture()
    this.sliceStarted = performance.now()
  }

  result(format: ImportFormat, skipped: Map<string, number>): ImportResult {
    return {
      format,
      requests: this.requests,
      events: this.events,
      invalid: this.invalid,
      skipped: [...skipped.entries()].map(([reason, count]) => ({ reason, count })),
      firstEventId: this.firstEventId,
      lastEventId: this.lastEventId,
    }
  }
}

const DEEP_REASON = `lines nested deeper than ${MAX_JSON_DEPTH} levels`

export function detectFormat(fileName: string, content: string): { format: ImportFormat; value: unknown } {
  const lower = fileName.toLowerCase()
  const trimmed = content.trimStart()
  if (
    !lower.endsWith('.ndjson') &&
    !lower.endsWith('.jsonl') &&
    (trimmed.startsWith('{') || trimmed.startsWith('['))
  ) {
    const deep = tooDeep(content)
    // One object a line may still be NDJSON whose lines are fine; a single document this deep is refused.
    if (deep && !(trimmed.startsWith('{') && /\n\s*\{/.test(trimmed)))
      throw new BadInputError(`${fileName} is ${deep}; it was not imported.`)
    try {
      const value: unknown = JSON.parse(content)
      return { format: isHar(value) ? 'har' : 'json', value }
    } catch (error) {
      // One JSON object a line is NDJSON even when named .json.
      if (!trimmed.startsWith('{') || !/\n\s*\{/.test(trimmed)) {
        throw new BadInputError(`${fileName} is not valid JSON: ${(error as Error).message}`)
      }
    }
  }
  return { format: 'ndjson', value: null }
}

export async function importFile(
  ctx: EngineContext,
  fileName: string,
  content: string,
): Promise<ImportResult> {
  if (!/\S/.test(content)) throw new BadInputError(`${fileName || 'The file'} is empty.`)
  const now = Date.now()
  const { format, value } = detectFormat(fileName, content)
  const skipped = new Map<string, number>()
  let calls: ImportedCall[]
  if (format === 'har') {
    const read = readHar(value, now)
    calls = read.calls
    for (const [k, v] of read.skipped) skipped.set(k, v)
  } else {
    if (format === 'ndjson') return importLines(ctx, linesOf(content))
    const o = obj(value)
    const values: unknown[] = Array.isArray(value)
      ? value
      : Array.isArray(o?.['events'])
        ? (o['events'] as unknown[])
        : o
          ? [o]
          : []
    const records = values.filter(isExportRecord)
    const plain = values.filter((v) => !isExportRecord(v) && obj(v) !== null)
    const other = values.length - records.length - plain.length
    if (other > 0) skipped.set('values that are not objects', other)
    calls = [...callsFromRecords(records, skipped, now), ...callsFromPlainEvents(plain, now)]
  }

  const tally = new ImportTally(ctx)
  for (const call of calls) await tally.add(call)
  await tally.flush()
  return tally.result(format, skipped)
}

/** A longer line is not one event or record: skipped, not buffered without bound. */
const MAX_LINE_CHARS = 8 * 1024 * 1024

/**
 * Imports one JSON value a line (this app's NDJSON exports, or plain SDK
 * events): records of one request, which an export writes together, become
 * that call again; plain events become calls of PLAIN_BATCH. Calls are
 * committed in small windows that yield, so capture keeps answering.
 *
 * Lines are given as they arrive (`add`), from a file, an upload or a
 * caller across the contract (`transfer.importLines`); `finish` commits the
 * last calls and says what was recorded.
 */
export class LineImport {
  private readonly now = Date.now()
  private readonly skipped = new Map<string, number>()
  private readonly tally: ImportTally
  private group: Record<string, unknown>[] = []
  private groupKey: string | null = null
  private plain: unknown[] = []
  private lineNo = 0

  constructor(ctx: EngineContext) {
    this.tally = new ImportTally(ctx)
  }

  /** Lines read so far, blank ones included. */
  get lines(): number {
    return this.lineNo
  }

  async add(line: string): Promise<void> {
    this.lineNo++
    if (line.trim() === '') return
    if (line.length > MAX_LINE_CHARS) return this.skip('lines longer than 8 MB')
    if (tooDeep(line)) return this.skip(DEEP_REASON)
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      return this.skip('lines that are not JSON')
    }
    if (isExportRecord(value)) {
      const key = recordGroupKey(value, this.lineNo)
      if (key !== this.groupKey) await this.flushGroup()
      this.groupKey = key
      this.group.push(obj(value) as Record<string, unknown>)
    } else if (obj(value) !== null) {
      this.plain.push(value)
      if (this.plain.length >= PLAIN_BATCH) await this.flushPlain()
    } else {
      this.skip('values that are not objects')
    }
  }

  async finish(): Promise<ImportResult> {
    await this.flushGroup()
    await this.flushPlain()
    await this.tally.flush()
    return this.tally.result('ndjson', this.skipped)
  }

  private skip(reason: string): void {
    countSkip(this.skipped, reason)
  }

  private async flushGroup(): Promise<void> {
    if (this.group.length === 0) return
    const call = callFromRecordGroup(this.group, this.skipped, this.now)
    this.group = []
    this.groupKey = null
    if (call) await this.tally.add(call)
  }

  private async flushPlain(): Promise<void> {
    if (this.plain.length === 0) return
    const call = plainCall(this.plain, this.now)
    this.plain = []
    await this.tally.add(call)
  }
}

/** Imports every line of `lines` (a file read a line at a time, an upload as it arrives). */
export async function importLines(ctx: EngineContext, lines: AsyncIterable<string>): Promise<ImportResult> {
  const run = new LineImport(ctx)
  for await (const line of lines) await run.add(line)
  return run.finish()
}

/** The lines of a text, yielding to the event loop every few thousand so capture keeps answering. */
async function* linesOf(content: string): AsyncGenerator<string> {
  let start = 0
  let n = 0
  while (start <= content.length) {
    let end = content.indexOf('\n', start)
    if (end === -1) end = content.length
    const line = content.slice(start, end > start && content.charCodeAt(end - 1) === 13 ? end - 1 : end)
    start = end + 1
    if (++n % 2000 === 0) await new Promise((r) => setImmediate(r))
    yield line
  }
}
