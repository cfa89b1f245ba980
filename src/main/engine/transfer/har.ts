/**
 * HAR 1.2, both ways. Reading: the Track calls (POST to a path ending in
 * /track, /identify or /group) of a HAR saved by browser devtools or a
 * proxy; everything else is counted by reason and left out. Writing: one
 * entry per request, with the body exactly as it was received when every
 * event of the request is exported, or rebuilt from the exported events
 * when only some are.
 */
import type { HeaderPair } from '../../../shared/model'
import { redactQuery, type ExportWriter } from './export-formats'
import type { ExportRow } from './export-rows'
import { trackCallType, type ImportedCall } from './imported-call'

export interface HarRead {
  calls: ImportedCall[]
  skipped: Map<string, number>
}

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

export function isHar(value: unknown): boolean {
  return Array.isArray(obj(obj(value)?.['log'])?.['entries'])
}

export function readHar(value: unknown, now = Date.now()): HarRead {
  const entries = (obj(obj(value)?.['log'])?.['entries'] as unknown[] | undefined) ?? []
  const skipped = new Map<string, number>()
  const skip = (reason: string): void => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
  }
  const calls: ImportedCall[] = []
  for (const raw of entries) {
    const entry = obj(raw)
    const request = obj(entry?.['request'])
    const urlText = request?.['url']
    if (!entry || !request || typeof urlText !== 'string') {
      skip('not a HAR entry with a request URL')
      continue
    }
    let url: URL
    try {
      url = new URL(urlText)
    } catch {
      skip('request URL could not be read')
      continue
    }
    const method = typeof request['method'] === 'string' ? request['method'].toUpperCase() : 'GET'
    const callType = trackCallType(url.pathname)
    if (!callType) {
      skip('not a Track API call')
      continue
    }
    if (method === 'OPTIONS') {
      skip('CORS preflight')
      continue
    }
    if (method !== 'POST') {
      skip(`${method} instead of POST`)
      continue
    }
    const postData = obj(request['postData'])
    const text = postData?.['text']
    if (typeof text !== 'string' || text === '') {
      skip('no request body in the HAR (some tools leave bodies out)')
      continue
    }
    const encoding = postData?.['encoding']
    const body = encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8')
    const headers: HeaderPair[] = Array.isArray(request['headers'])
      ? (request['headers'] as unknown[]).flatMap((h) => {
          const o = obj(h)
          return o && typeof o['name'] === 'string' && typeof o['value'] === 'string'
            ? [[o['name'], o['value']] as HeaderPair]
            : []
        })
      : []
    // HTTP/2 pseudo-headers (:authority, :path...) are not request headers to replay.
    const realHeaders = headers.filter(([n]) => !n.startsWith(':'))
    if (
      !realHeaders.some(([n]) => n.toLowerCase() === 'content-type') &&
      typeof postData?.['mimeType'] === 'string'
    ) {
      realHeaders.push(['Content-Type', postData['mimeType']])
    }
    const started = typeof entry['startedDateTime'] === 'string' ? Date.parse(entry['startedDateTime']) : NaN
    const response = obj(entry['response'])
    const status = typeof response?.['status'] === 'number' ? response['status'] : 0
    const content = obj(response?.['content'])
    const responseText = typeof content?.['text'] === 'string' ? content['text'] : ''
    calls.push({
      callType,
      method,
      path: url.pathname,
      query: redactQuery(url.search),
      headers: realHeaders,
      body,
      receivedAt: Number.isFinite(started) ? started : now,
      responseStatus: Number.isInteger(status) && status >= 0 && status < 1000 ? status : 0,
      responseBody: responseText.length <= 64 * 1024 ? responseText : '',
      remoteAddress: typeof entry['serverIPAddress'] === 'string' ? entry['serverIPAddress'] : null,
    })
  }
  calls.sort((a, b) => a.receivedAt - b.receivedAt)
  return { calls, skipped }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

export class HarWriter implements ExportWriter {
  private first = true
  private pending: ExportRow[] = []

  constructor(
    private readonly origin: string,
    private readonly version: string,
    /** The request's body bytes as stored. */
    private readonly rawBody: (requestId: number) => Buffer | null,
  ) {}

  begin(): string {
    const creator = { name: 'Track Debugger', version: this.version }
    return `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"entries":[\n`
  }

  rows(rows: readonly ExportRow[]): string {
    let out = ''
    for (const r of rows) {
      const head = this.pending[0]
      if (head && head.requestId !== r.requestId) out += this.flush()
      this.pending.push(r)
    }
    return out
  }

  end(): string {
    return `${this.flush()}\n]}}\n`
  }

  private flush(): string {
    const rows = this.pending
    this.pending = []
    const head = rows[0]
    if (!head) return ''
    const req = head.request
    const events = rows.filter((r) => r.kind === 'event')
    let text: string
    if (events.length === 0 || events.length === req.eventCount) {
      const raw = this.rawBody(head.requestId)
      text = raw ? raw.toString('utf8') : ''
    } else {
      text = `[${events.map((e) => e.json ?? 'null').join(',')}]`
    }
    const query = redactQuery(req.query)
    const entry = {
      startedDateTime: new Date(head.receivedAt).toISOString(),
      // Receipt to answer as the debugger measured it (upstream included for a forward or a send).
      time: req.latencyMs ?? 0,
      request: {
        method: req.method,
        url: `${this.origin}${req.path}${query}`,
        httpVersion: 'HTTP/1.1',
        headers: req.headers.map(([name, value]) => ({ name, value })),
        queryString: [...new URLSearchParams(query).entries()].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: Buffer.byteLength(text),
        ...(req.method === 'GET' || req.method === 'OPTIONS'
          ? {}
          : { postData: { mimeType: req.contentType ?? 'application/json', text } }),
      },
      response: {
        status: req.responseStatus,
        statusText: STATUS_TEXT[req.responseStatus] ?? '',
        httpVersion: 'HTTP/1.1',
        headers: (req.responseHeaders ?? [['Content-Type', 'application/json; charset=utf-8']]).map(
          ([name, value]) => ({ name, value }),
        ),
        cookies: [],
        content: {
          size: Buffer.byteLength(req.responseBody),
          mimeType: 'application/json',
          text: req.responseBody,
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: req.latencyMs ?? 0, receive: 0 },
      _trackDebugger: {
        requestId: head.requestId,
        eventIds: events.map((e) => e.id),
        statuses: events.map((e) => e.status),
        origin: head.origin,
      },
    }
    const text2 = `${this.first ? '' : ',\n'}${JSON.stringify(entry)}`
    this.first = false
    return text2
  }
}
