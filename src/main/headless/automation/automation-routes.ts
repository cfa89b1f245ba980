/**
 * The automation API, `/automation/v1/…` on the UI server: what a CI job
 * calls to reset the log, open a session with expectations, wait for events,
 * read events and verdicts, and fetch a report to gate the build on. Documented in
 * docs/automation-api.md and docs/openapi.yaml.
 *
 * Threat model: the UI server has already checked Host, Origin and the
 * per-run bearer token before a request reaches these routes. Inputs are
 * still untrusted: every query and body is checked with zod, bodies are
 * bounded, and a bad request gets a JSON error, never a crash.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ExpectationInput, SessionDetail } from '../../../shared/contract/sessions'
import type { ImportResult } from '../../../shared/contract/transfer'
import type { TrackEngine } from '../../engine/engine'
import { BadInputError, NotFoundError } from '../../engine/errors'
import { MAX_IMPORT_CHARS, MAX_IMPORT_LINES_PER_CALL } from '../../../shared/contract/transfer.schemas'
import { sendError, sendJson, type ExtraRoute } from '../ui-server'
import {
  automationSessionSchema,
  eventsQuerySchema,
  importQuerySchema,
  reportQuerySchema,
  summaryQuerySchema,
} from './automation-schemas'
import { waitSchema } from '../../../shared/contract/sessions.schemas'
import { streamEventPage } from './event-stream'
import {
  HttpError,
  methodNotAllowed,
  parseQuery,
  readBounded,
  readJson,
  requestLines,
  sendHttpError,
} from './http-io'

export const AUTOMATION_PREFIX = '/automation/v1'

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: string[]) => Promise<void> | void

export interface Route {
  method: 'GET' | 'POST'
  /** As docs/openapi.yaml writes it (`/sessions/{id}`); a test holds the two to the same list. */
  path: string
  handle: Handler
}

/** A path template as a pattern: each `{name}` is one path segment, captured. */
function patternOf(path: string): RegExp {
  const source = path
    .split(/(\{[a-z]+\})/i)
    .map((part) => (/^\{[a-z]+\}$/i.test(part) ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

/** The automation API's routes (handlers call `engine` only when a request comes). */
export function automationRouteTable(engine: TrackEngine): Route[] {
  /** The session named in the path, through the contract: 400 for a bad id, 404 for an unknown one. */
  const session = async (raw: string | number | undefined): Promise<SessionDetail> => {
    const id = Number(raw)
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new HttpError(400, 'bad_input', `"${raw}" is not a session id.`)
    const found = await engine.call('sessions.get', { id })
    if (!found) throw new HttpError(404, 'not_found', `There is no session ${id}.`)
    return found
  }

  return [
    {
      method: 'GET',
      path: '/health',
      handle: async (_req, res) => {
        const [active, stats] = await Promise.all([
          engine.call('sessions.active', {}),
          engine.call('log.stats', {}),
        ])
        sendJson(res, 200, {
          ok: true,
          version: engine.info.version,
          captureUrl: engine.info.captureUrl,
          activeSession: active?.id ?? null,
          events: stats.events,
          lastEventId: stats.lastEventId,
        })
      },
    },
    {
      method: 'GET',
      path: '/events',
      handle: async (_req, res, url) => {
        const q = parseQuery(eventsQuerySchema, url)
        const filter = {
          eventName: q.event_name,
          userId: q.user_id,
          types: q.type,
          statuses: q.status,
          session: q.session,
          testId: q.test,
          since: q.since,
          until: q.until,
          q: q.q,
        }
        await streamEventPage(res, url, engine, filter, {
          limit: q.limit,
          before: q.before,
          after: q.after,
          maxBytes: q.max_bytes,
        })
      },
    },
    {
      method: 'GET',
      path: '/summary',
      handle: async (_req, res, url) => {
        const q = parseQuery(summaryQuerySchema, url)
        sendJson(res, 200, await engine.call('events.summary', q))
      },
    },
    {
      method: 'POST',
      path: '/reset',
      handle: async (_req, res) => {
        const cleared = await engine.call('events.clear', {})
        let deletedSessions = 0
        for (const s of await engine.call('sessions.list', {}))
          if ((await engine.call('sessions.delete', { id: s.id })).deleted) deletedSessions++
        sendJson(res, 200, { deletedRequests: cleared.deletedRequests, deletedSessions })
      },
    },
    {
      method: 'GET',
      path: '/sessions',
      handle: async (_req, res) => sendJson(res, 200, { items: await engine.call('sessions.list', {}) }),
    },
    {
      method: 'POST',
      path: '/sessions',
      handle: async (req, res) => {
        const body = await readJson(req, automationSessionSchema)
        const { fromPlan, ...input } = body
        const expectations: ExpectationInput[] = [...(input.expectations ?? [])]
        if (fromPlan !== undefined && fromPlan !== false) {
          const planned = await engine.call('sessions.planExpectations', {
            eventNames: Array.isArray(fromPlan) ? fromPlan : undefined,
          })
          if (!planned.available)
            throw new HttpError(400, 'bad_input', 'fromPlan was asked for, but no tracking plan is loaded.')
          expectations.push(...planned.expectations)
        }
        const detail = await engine.call('sessions.start', { ...input, expectations })
        sendJson(res, 201, detail)
      },
    },
    {
      method: 'GET',
      path: '/sessions/{id}',
      handle: async (_req, res, _url, [raw]) => sendJson(res, 200, await session(raw)),
    },
    {
      method: 'POST',
      path: '/sessions/{id}/stop',
      handle: async (_req, res, _url, [raw]) => {
        const s = await session(raw)
        if (s.stoppedAt !== null)
          throw new HttpError(409, 'bad_input', `Session ${s.id} was already stopped.`)
        sendJson(res, 200, await engine.call('sessions.stop', { id: s.id }))
      },
    },
    {
      method: 'GET',
      path: '/sessions/{id}/assert',
      handle: async (_req, res, _url, [raw]) => {
        const detail = await session(raw)
        const unmet = detail.results
          .filter((r) => r.verdict !== 'met')
          .map((r) => ({
            id: r.expectation.id,
            eventName: r.expectation.eventName,
            verdict: r.verdict,
            reason: r.reason,
          }))
        sendJson(res, detail.passed ? 200 : 422, {
          passed: detail.passed,
          met: detail.met,
          failed: detail.failed,
          pending: detail.pending,
          unmet,
        })
      },
    },
    {
      method: 'GET',
      path: '/sessions/{id}/report',
      handle: async (_req, res, url, [raw]) => {
        const { id } = await session(raw)
        const { format } = parseQuery(reportQuerySchema, url)
        const report = await engine.call('sessions.report', { id, format })
        const body = Buffer.from(report.content, 'utf8')
        res.writeHead(200, {
          'Content-Type': report.mimeType,
          'Content-Length': body.length,
          'Content-Disposition': `attachment; filename="${report.fileName}"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          // The HTML report holds captured (untrusted) values: never let it run anything here.
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        })
        res.end(body)
      },
    },
    {
      method: 'POST',
      path: '/wait',
      handle: async (req, res) => {
        const body = await readJson(req, waitSchema)
        // The caller hanging up ends the wait: nothing is left holding a listener.
        const gone = new AbortController()
        res.on('close', () => gone.abort())
        const outcome = await engine.call('events.wait', body, gone.signal)
        if (gone.signal.aborted && !res.writable) return
        const r = outcome.result
        sendJson(res, outcome.met ? 200 : 422, {
          met: outcome.met,
          verdict: r.verdict,
          matchCount: r.matchCount,
          matchedIds: r.matchedIds,
          nearMisses: r.nearMisses,
          similarNames: outcome.similarNames,
          waitedMs: outcome.waitedMs,
          lastEventId: outcome.lastEventId,
          message: outcome.message,
        })
      },
    },
    {
      method: 'POST',
      path: '/import',
      handle: async (req, res, url) => {
        const { name } = parseQuery(importQuerySchema, url)
        // NDJSON is imported as it arrives, a batch of lines at a time: no 32 MB string to build and decode at once.
        if (/\.(ndjson|jsonl)$/i.test(name)) {
          sendJson(res, 200, await importStreamed(engine, name, requestLines(req, MAX_IMPORT_CHARS)))
          return
        }
        const text = await readBounded(req, MAX_IMPORT_CHARS)
        if (!/\S/.test(text)) throw new BadInputError(`${name} is empty.`)
        sendJson(res, 200, await engine.call('transfer.import', { fileName: name, content: text }))
      },
    },
  ]
}

/** Lines are sent on in batches of this many characters at most (or MAX_IMPORT_LINES_PER_CALL lines). */
const IMPORT_BATCH_CHARS = 1024 * 1024

/** An upload's lines into one `transfer.importOpen … importClose`, a bounded batch per call. */
async function importStreamed(
  engine: TrackEngine,
  fileName: string,
  lines: AsyncIterable<string>,
): Promise<ImportResult> {
  const { importId } = await engine.call('transfer.importOpen', { fileName })
  let batch: string[] = []
  let chars = 0
  const send = async (): Promise<void> => {
    if (batch.length > 0) await engine.call('transfer.importLines', { importId, lines: batch })
    batch = []
    chars = 0
  }
  try {
    for await (const line of lines) {
      batch.push(line)
      chars += line.length
      if (chars >= IMPORT_BATCH_CHARS || batch.length >= MAX_IMPORT_LINES_PER_CALL) await send()
    }
    await send()
  } catch (error) {
    // The upload broke off (too large, hung up): what arrived is kept, as the caller can see in the log.
    await engine.call('transfer.importClose', { importId }).catch(() => undefined)
    throw error
  }
  return engine.call('transfer.importClose', { importId })
}

export function automationRoutes(engine: TrackEngine): ExtraRoute {
  const routes = automationRouteTable(engine).map((r) => ({ ...r, pattern: patternOf(r.path) }))
  return async (req, res, url) => {
    if (url.pathname !== AUTOMATION_PREFIX && !url.pathname.startsWith(`${AUTOMATION_PREFIX}/`)) return false
    const path = url.pathname.slice(AUTOMATION_PREFIX.length) || '/'
    const matching = routes
      .map((r) => ({ r, m: r.pattern.exec(path) }))
      .filter((x): x is { r: (typeof routes)[number]; m: RegExpExecArray } => x.m !== null)
    try {
      if (matching.length === 0)
        throw new HttpError(404, 'not_found', `No automation endpoint ${req.method} ${url.pathname}.`)
      const hit = matching.find((x) => x.r.method === req.method)
      if (!hit) {
        res.setHeader('Allow', matching.map((x) => x.r.method).join(', '))
        throw methodNotAllowed(matching.map((x) => x.r.method).join(', '))
      }
      await hit.r.handle(req, res, url, hit.m.slice(1))
    } catch (error) {
      if (res.headersSent) res.destroy()
      else if (error instanceof HttpError) sendHttpError(res, error)
      else if (error instanceof NotFoundError) sendError(res, 404, 'not_found', error.message)
      else if (error instanceof BadInputError) sendError(res, 400, 'bad_input', error.message)
      else sendError(res, 500, 'internal', (error as Error).message)
    }
    return true
  }
}
