/**
 * The `upstream_exchanges` table: what went upstream beside a request and
 * what came back (or the fault that was injected instead). Sent headers are
 * stored with credentials already masked.
 */
import { redactBody, redactHeaderPairs, redactQuery } from '../capture/redact'
import type { UpstreamErrorCode, UpstreamExchange } from '../../../shared/contract/send'
import type { HeaderPair } from '../../../shared/model'
import type { Db } from '../db/database'

interface Row {
  request_id: number
  kind: string
  environment_id: string | null
  environment_name: string | null
  url: string
  method: string
  sent_headers: string
  sent_body: Buffer | null
  status: number | null
  headers: string
  body: Buffer | null
  latency_ms: number | null
  error: string | null
  error_code: string | null
  fault: string | null
  started_at: number
}

export type NewExchange = Omit<UpstreamExchange, 'sentBody' | 'body'> & {
  sentBody: Buffer | null
  body: Buffer | null
}

export class ExchangeRepository {
  private readonly insertStmt
  private readonly getStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(`INSERT OR REPLACE INTO upstream_exchanges (
        request_id, kind, environment_id, environment_name, url, method, sent_headers, sent_body,
        status, headers, body, latency_ms, error, error_code, fault, started_at)
      VALUES (@requestId, @kind, @environmentId, @environmentName, @url, @method, @sentHeaders, @sentBody,
        @status, @headers, @body, @latencyMs, @error, @errorCode, @fault, @startedAt)`)
    this.getStmt = db.prepare('SELECT * FROM upstream_exchanges WHERE request_id = ?')
  }

  insert(e: NewExchange): void {
    // The same rules as the log's own rows (capture/redact.ts): a key in the URL, a header or a body is fingerprinted.
    const query = e.url.indexOf('?')
    const url = query === -1 ? e.url : e.url.slice(0, query) + redactQuery(e.url.slice(query))
    this.insertStmt.run({
      ...e,
      url,
      sentBody: redactBody(e.sentBody),
      body: redactBody(e.body),
      sentHeaders: JSON.stringify(redactHeaderPairs(e.sentHeaders)),
      headers: JSON.stringify(redactHeaderPairs(e.headers)),
    })
  }

  get(requestId: number): UpstreamExchange | null {
    const row = this.getStmt.get(requestId) as Row | undefined
    if (!row) return null
    return {
      requestId: row.request_id,
      kind: row.kind as UpstreamExchange['kind'],
      environmentId: row.environment_id,
      environmentName: row.environment_name,
      url: row.url,
      method: row.method,
      sentHeaders: JSON.parse(row.sent_headers) as HeaderPair[],
      sentBody: row.sent_body?.toString('utf8') ?? '',
      status: row.status,
      headers: JSON.parse(row.headers) as HeaderPair[],
      body: row.body?.toString('utf8') ?? '',
      latencyMs: row.latency_ms,
      error: row.error,
      errorCode: row.error_code as UpstreamErrorCode | null,
      fault: row.fault,
      startedAt: row.started_at,
    }
  }
}
