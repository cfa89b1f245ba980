/**
 * The export formats, each as a writer that turns rows into text pieces:
 * - ndjson: one row per line; the event's JSON is spliced in exactly as it
 *   was sent (it is JSON already, so nothing is re-serialised);
 * - json: the same rows in `{ exportedBy, events: [...] }`;
 * - csv: fixed columns plus one column per flattened property path
 *   (needs the paths up front: `columns` is filled by a first pass);
 * - har: one HAR 1.2 entry per request, with its body as received.
 * Headers were redacted when captured; query parameters that look like
 * credentials are masked here as well.
 */
import { fingerprint } from '../capture/redact'
import { flatten } from '../sessions/json-path'
import type { ExportRow } from './export-rows'

export const EXPORT_KIND = 'track-debugger-export'

export interface ExportWriter {
  begin(): string
  /** Rows in id order; a writer may hold some back (HAR groups a request's events). */
  rows(rows: readonly ExportRow[]): string
  end(): string
}

const SECRET_PARAM = /key|token|secret|auth|password|signature/i

export function redactQuery(query: string): string {
  if (!query || query === '?') return query
  const params = new URLSearchParams(query)
  let changed = false
  for (const [k, v] of [...params.entries()]) {
    if (SECRET_PARAM.test(k) && !v.includes('••••')) {
      params.set(k, fingerprint(v))
      changed = true
    }
  }
  return changed ? `?${params.toString()}` : query
}

/** One row as an export line (NDJSON) or array element (JSON), with the event's own JSON text spliced in. */
export function recordText(r: ExportRow, body: string | null): string {
  const meta = {
    kind: r.kind,
    id: r.id,
    requestId: r.requestId,
    index: r.index,
    receivedAt: new Date(r.receivedAt).toISOString(),
    callType: r.callType,
    eventName: r.eventName,
    userId: r.userId,
    source: r.source,
    status: r.status,
    findings: r.findings,
    origin: r.origin,
    sessionId: r.sessionId,
    request: {
      method: r.request.method,
      path: r.request.path,
      query: redactQuery(r.request.query),
      headers: r.request.headers,
      contentType: r.request.contentType,
      responseStatus: r.request.responseStatus,
      eventCount: r.request.eventCount,
      ...(body !== null ? { body } : {}),
    },
  }
  const head = JSON.stringify(meta)
  // Valid JSON holds raw line breaks only as whitespace between tokens: a space keeps it one line.
  const event = r.json !== null && isJson(r.json) ? r.json.replace(/[\r\n]+/g, ' ') : 'null'
  return `${head.slice(0, -1)},"event":${event}}`
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export class NdjsonWriter implements ExportWriter {
  constructor(private readonly bodyOf: (r: ExportRow) => string | null) {}
  begin(): string {
    return ''
  }
  rows(rows: readonly ExportRow[]): string {
    return rows.map((r) => `${recordText(r, this.bodyOf(r))}\n`).join('')
  }
  end(): string {
    return ''
  }
}

export class JsonWriter implements ExportWriter {
  private first = true
  constructor(
    private readonly bodyOf: (r: ExportRow) => string | null,
    private readonly version: string,
  ) {}
  begin(): string {
    const head = JSON.stringify({
      kind: EXPORT_KIND,
      exportedBy: `Track Debugger ${this.version}`,
      exportedAt: new Date().toISOString(),
    })
    return `${head.slice(0, -1)},"events":[\n`
  }
  rows(rows: readonly ExportRow[]): string {
    return rows
      .map((r) => {
        const text = `${this.first ? '' : ',\n'}${recordText(r, this.bodyOf(r))}`
        this.first = false
        return text
      })
      .join('')
  }
  end(): string {
    return '\n]}\n'
  }
}

const CSV_FIXED = [
  'id',
  'received_at',
  'call_type',
  'event_name',
  'user_id',
  'status',
  'finding_count',
  'findings',
  'origin',
  'session_id',
  'request_id',
  'timestamp',
] as const

/** Flattened property paths of an event, for CSV columns. */
export function flatProperties(json: string | null): Map<string, string> {
  const out = new Map<string, string>()
  if (json === null) return out
  let root: unknown
  try {
    root = JSON.parse(json)
  } catch {
    return out
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return out
  const obj = root as Record<string, unknown>
  for (const key of ['properties', 'traits', 'context']) if (key in obj) flatten(obj[key], key, out)
  for (const key of ['group_id', 'anonymous_id']) if (key in obj) out.set(key, JSON.stringify(obj[key]))
  return out
}

/** A plain number (negative ones too) cannot be a formula and stays a number. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

export function csvCell(value: string): string {
  // Spreadsheets run cells that start with these as formulas (`-2+3+cmd|…` too); a leading quote keeps them text.
  const safe = /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A flattened value as a cell: strings bare, everything else as JSON. */
function leaf(json: string | undefined): string {
  if (json === undefined) return ''
  if (json.startsWith('"')) {
    try {
      return JSON.parse(json) as string
    } catch {
      return json
    }
  }
  return json
}

export class CsvWriter implements ExportWriter {
  constructor(private readonly columns: readonly string[]) {}
  begin(): string {
    return `${[...CSV_FIXED, ...this.columns].map(csvCell).join(',')}\r\n`
  }
  rows(rows: readonly ExportRow[]): string {
    return rows
      .map((r) => {
        const props = flatProperties(r.json)
        let timestamp = ''
        try {
          const t = r.json ? (JSON.parse(r.json) as { timestamp?: unknown }).timestamp : undefined
          if (typeof t === 'string') timestamp = t
        } catch {
          // Unparseable events still get a row; their findings say why.
        }
        const fixed = [
          String(r.id),
          new Date(r.receivedAt).toISOString(),
          r.callType,
          r.eventName ?? '',
          r.userId ?? '',
          r.status,
          String(r.findings.length),
          r.findings.map((f) => `${f.severity}: ${f.message}`).join('; '),
          r.origin,
          r.sessionId === null ? '' : String(r.sessionId),
          String(r.requestId),
          timestamp,
        ]
        return `${[...fixed, ...this.columns.map((c) => leaf(props.get(c)))].map(csvCell).join(',')}\r\n`
      })
      .join('')
  }
  end(): string {
    return ''
  }
}
