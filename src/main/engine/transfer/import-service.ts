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
import { isHar, readHar } from './har'
import { importedEntry, trackCallType, type ImportedCall } from './imported-call'

/** The API's own batch limit: plain events are imported as calls of at most this many. */
const PLAIN_BATCH = 1000

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

function parseLines(content: string): { values: unknown[]; bad: number } {
  const values: unknown[] = []
  let bad = 0
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue
    try {
      values.push(JSON.parse(line))
    } catch {
      bad++
    }
  }
  return { values, bad }
}

/** A record written by this app's exporter. */
function isExportRecord(v: unknown): boolean {
  const o = obj(v)
  return !!o && typeof o['callType'] === 'string' && obj(o['request']) !== null && 'event' in o
}

/** Rebuild calls from export records: rows of one request become one call again. */
function callsFromRecords(records: unknown[], skipped: Map<string, number>, now: number): ImportedCall[] {
  const skip = (reason: string): void => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
  }
  const groups = new Map<string, Record<string, unknown>[]>()
  records.forEach((v, i) => {
    const o = obj(v) as Record<string, unknown>
    const key = typeof o['requestId'] === 'number' ? `r${o['requestId']}` : `line${i}`
    const g = groups.get(key)
    if (g) g.push(o)
    else groups.set(key, [o])
  })
  const calls: ImportedCall[] = []
  for (const rows of groups.values()) {
    const head = rows[0] as Record<string, unknown>
    const request = obj(head['request']) as Record<string, unknown>
    const path = typeof request['path'] === 'string' ? request['path'] : `/api/${String(head['callType'])}`
    const callType = trackCallType(path)
    if (!callType) {
      skip('not a Track API call (preflight, status check or unknown path)')
      continue
    }
    let body: string
    if (head['kind'] === 'request') {
      if (typeof request['body'] !== 'string' || request['body'] === '') {
        skip('a request without events and without its body')
        continue
      }
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
    calls.push({
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
    })
  }
  return calls
}

/** Plain Track events (what an SDK sends) become track calls of at most 1,000 events. */
function callsFromPlainEvents(events: unknown[], now: number): ImportedCall[] {
  const calls: ImportedCall[] = []
  for (let i = 0; i < events.length; i += PLAIN_BATCH) {
    calls.push({
      callType: 'track',
      method: 'POST',
      path: '/api/track',
      query: '',
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify(events.slice(i, i + PLAIN_BATCH)), 'utf8'),
      receivedAt: now,
      responseStatus: 200,
      responseBody: '',
      remoteAddress: null,
    })
  }
  return calls
}

export function detectFormat(fileName: string, content: string): { format: ImportFormat; value: unknown } {
  const lower = fileName.toLowerCase()
  const trimmed = content.trimStart()
  if (
    !lower.endsWith('.ndjson') &&
    !lower.endsWith('.jsonl') &&
    (trimmed.startsWith('{') || trimmed.startsWith('['))
  ) {
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

  let events = 0
  let invalid = 0
  let firstEventId: number | null = null
  let lastEventId: number | null = null
  // Queue a bounded number at a time: the group commit writes each slice in one transaction.
  for (let i = 0; i < calls.length; i += 500) {
    const slice = calls.slice(i, i + 500)
    const committed = await Promise.all(slice.map((c) => ctx.record(importedEntry(c, ctx.validation))))
    for (const c of committed) {
      for (const s of c.summaries) {
        if (s.kind === 'event') events++
        if (s.status === 'invalid') invalid++
        firstEventId ??= s.id
        lastEventId = s.id
      }
    }
  }
  return {
    format,
    requests: calls.length,
    events,
    invalid,
    skipped: [...skipped.entries()].map(([reason, count]) => ({ reason, count })),
    firstEventId,
    lastEventId,
  }
}
