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
import { BadInputError } from '../types'
import { MAX_JSON_DEPTH, scanJson } from '../capture/json-scan'
import { isHar, readHar } from './har'
import { importedEntry, trackCallType, type ImportedCall } from './imported-call'

/** The API's own batch limit: plain events are imported as calls of at most this many. */
export const PLAIN_BATCH = 1000

export function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** Why a line or document is too deeply nested to import, or null. Checked before anything recursive runs. */
export function tooDeep(text: string): string | null {
  return scanJson(text).tooDeep ? `nested deeper than ${MAX_JSON_DEPTH} levels` : null
}

function parseLines(content: string): { values: unknown[]; bad: number; deep: number } {
  const values: unknown[] = []
  let bad = 0
  let deep = 0
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue
    if (tooDeep(line)) {
      deep++
      continue
    }
    try {
      values.push(JSON.parse(line))
    } catch {
      bad++
    }
  }
  return { values, bad, deep }
}

/** A record written by this app's exporter. */
export function isExportRecord(v: unknown): boolean {
  const o = obj(v)
  return !!o && typeof o['callType'] === 'string' && obj(o['request']) !== null && 'event' in o
}

/** The key that groups export records of one request (rows of a request are written together). */
export function recordGroupKey(record: unknown, line: number): string {
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
export function callFromRecordGroup(
  rows: Record<string, unknown>[],
  skipped: Map<string, number>,
  now: number,
): ImportedCall | null {
  const skip = (reason: string): null => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
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
export function plainCall(events: unknown[], now: number): ImportedCall {
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

/** Plain events in calls of at most the API's batch limit. */
function callsFromPlainEvents(events: unknown[], now: number): ImportedCall[] {
  const calls: ImportedCall[] = []
  for (let i = 0; i < events.length; i += PLAIN_BATCH)
    calls.push(plainCall(events.slice(i, i + PLAIN_BATCH), now))
  return calls
}

/**
 * Records imported calls through the group commit, a bounded window at a
 * time (each window is one transaction), and counts what was recorded. The
 * window is bounded by calls and by body bytes: 500 calls of 1,000 events
 * each would otherwise hold a quarter of a gigabyte.
 */
export class ImportTally {
  requests = 0
  events = 0
  invalid = 0
  firstEventId: number | null = null
  lastEventId: number | null = null
  private pending: ImportedCall[] = []
  private pendingBytes = 0

  constructor(
    private readonly ctx: EngineContext,
    private readonly window = 500,
    private readonly windowBytes = 4 * 1024 * 1024,
  ) {}

  /** Queue a call; commits (and yields to the event loop) when a window is full. */
  async add(call: ImportedCall): Promise<void> {
    this.pending.push(call)
    this.pendingBytes += call.body.length
    if (this.pending.length >= this.window || this.pendingBytes >= this.windowBytes) await this.flush()
  }

  async flush(): Promise<void> {
    const slice = this.pending
    this.pending = []
    this.pendingBytes = 0
    if (slice.length === 0) return
    const committed = await Promise.all(
      slice.map((c) => this.ctx.record(importedEntry(c, this.ctx.validation))),
    )
    this.requests += slice.length
    for (const c of committed) {
      for (const s of c.summaries) {
        if (s.kind === 'event') this.events++
        if (s.status === 'invalid') this.invalid++
        this.firstEventId ??= s.id
        this.lastEventId = s.id
      }
    }
    // Capture and the UI get the event loop between windows.
    await new Promise((r) => setImmediate(r))
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

export const DEEP_REASON = `lines nested deeper than ${MAX_JSON_DEPTH} levels`

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
  if (content.trim() === '') throw new BadInputError(`${fileName || 'The file'} is empty.`)
  const now = Date.now()
  const { format, value } = detectFormat(fileName, content)
  const skipped = new Map<string, number>()
  let calls: ImportedCall[]
  if (format === 'har') {
    const read = readHar(value, now)
    calls = read.calls
    for (const [k, v] of read.skipped) skipped.set(k, v)
  } else {
    let values: unknown[]
    if (format === 'ndjson') {
      const lines = parseLines(content)
      values = lines.values
      if (lines.bad > 0) skipped.set('lines that are not JSON', lines.bad)
      if (lines.deep > 0) skipped.set(DEEP_REASON, lines.deep)
    } else {
      const o = obj(value)
      values = Array.isArray(value)
        ? value
        : Array.isArray(o?.['events'])
          ? (o['events'] as unknown[])
          : o
            ? [o]
            : []
    }
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
