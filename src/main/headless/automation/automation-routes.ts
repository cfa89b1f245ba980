/**
 * The automation API, `/automation/v1/…` on the UI server: what a CI job
 * calls to reset the log, open a session with expectations, wait for events,
 * read events and verdicts, and fetch a report to gate the build on. Documented in
 * docs/automation-api.md, and in docs/openapi.yaml, which is generated from this
 * table (`openapi.ts`): each route declares the schemas of its query, its body
 * and its answers, and the router parses the query and body with them.
 *
 * Threat model: the UI server has already checked Host, Origin and the
 * per-run bearer token before a request reaches these routes. Inputs are
 * still untrusted: every query and body is checked with zod, bodies are
 * bounded, and a bad request gets a JSON error, never a crash.
 */
import { z } from 'zod'
import type { ExpectationInput, SessionDetail } from '../../../shared/contract/sessions'
import type { TrackEngine } from '../../engine/engine'
import { BadInputError, NotFoundError } from '../../engine/errors'
import { MAX_IMPORT_CHARS } from '../../../shared/contract/transfer.schemas'
import { importLineByLine } from '../../../shared/line-import'
import { waitSchema } from '../../../shared/contract/sessions.schemas'
import { sendError, sendJson, type ExtraRoute } from '../ui-server'
import {
  automationSessionSchema,
  eventsQuerySchema,
  importQuerySchema,
  reportQuerySchema,
  summaryQuerySchema,
} from './automation-schemas'
import {
  assertionSchema,
  eventPageSchema,
  healthSchema,
  importResultSchema,
  resetSchema,
  sessionDetailSchema,
  sessionListSchema,
  summarySchema,
  waitAnswerSchema,
} from './automation-responses'
import { streamEventPage } from './event-stream'
import { openApiDocument } from './openapi'
import { failure, MAX_JSON_BODY, route, type Route } from './route'
import {
  badInput,
  HttpError,
  methodNotAllowed,
  parseQuery,
  readBounded,
  readJson,
  requestLines,
  sendHttpError,
} from './http-io'

export const AUTOMATION_PREFIX = '/automation/v1'

const NO_SESSION = failure('No such session')
const sessionPath = {
  id: {
    description: 'A session id, as POST /sessions answered it',
    schema: z.coerce.number().int().positive(),
  },
}

/** The session named in the path (its id parsed by the router): 404 for an unknown one. */
async function sessionOf(engine: TrackEngine, id: unknown): Promise<SessionDetail> {
  if (typeof id !== 'number') throw new HttpError(400, 'bad_input', 'The path names no session.')
  const found = await engine.call('sessions.get', { id })
  if (!found) throw new HttpError(404, 'not_found', `There is no session ${id}.`)
  return found
}

/** The automation API's routes; handlers call the engine's contract only, as each request comes. */
export const AUTOMATION_ROUTES: readonly Route[] = [
  route({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This document, as the running server serves it',
    responses: { 200: { description: 'The OpenAPI document', media: ['application/json'] } },
    handle: ({ res }) => sendJson(res, 200, openApiDocument(AUTOMATION_ROUTES)),
  }),
  route({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Is the server up, and where is the capture URL',
    responses: { 200: { description: 'Up', schema: healthSchema } },
    handle: async ({ res, engine }) => {
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
      } satisfies z.output<typeof healthSchema>)
    },
  }),
  route({
    method: 'POST',
    path: '/reset',
    operationId: 'reset',
    summary: 'Clear the event log and every session',
    responses: { 200: { description: 'Cleared', schema: resetSchema } },
    handle: async ({ res, engine }) => {
      const cleared = await engine.call('events.clear', {})
      let deletedSessions = 0
      for (const s of await engine.call('sessions.list', {}))
        if ((await engine.call('sessions.delete', { id: s.id })).deleted) deletedSessions++
      sendJson(res, 200, { deletedRequests: cleared.deletedRequests, deletedSessions })
    },
  }),
  route({
    method: 'GET',
    path: '/events',
    operationId: 'listEvents',
    summary: 'Captured events, newest first, with their JSON, status and findings',
    description:
      'A page ends at `limit` events, or before its events pass `max_bytes`; `next` is the next page. ' +
      'Poll forward with `after` (oldest first) to see only what arrives.',
    query: eventsQuerySchema,
    responses: { 200: { description: 'A page of events', schema: eventPageSchema } },
    handle: async ({ res, url, query: q, engine }) => {
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
  }),
  route({
    method: 'GET',
    path: '/summary',
    operationId: 'summary',
    summary: 'Counts by status, call type and event name, for a session or a time range',
    query: summaryQuerySchema,
    responses: { 200: { description: 'The counts', schema: summarySchema } },
    handle: async ({ res, query, engine }) => sendJson(res, 200, await engine.call('events.summary', query)),
  }),
  route({
    method: 'GET',
    path: '/sessions',
    operationId: 'listSessions',
    summary: 'QA sessions, newest first',
    responses: { 200: { description: 'The sessions', schema: sessionListSchema } },
    handle: async ({ res, engine }) => sendJson(res, 200, { items: await engine.call('sessions.list', {}) }),
  }),
  route({
    method: 'POST',
    path: '/sessions',
    operationId: 'startSession',
    summary: 'Start a QA session with a checklist of expectations',
    description:
      'Stops the running session, if any. `fromPlan` adds an expectation for each event of the loaded ' +
      'tracking plan (true) or for the events listed, after the `expectations` given.',
    body: automationSessionSchema,
    responses: {
      201: { description: 'Started', schema: sessionDetailSchema },
      400: failure('The body failed validation, or fromPlan was asked for without a tracking plan'),
    },
    handle: async ({ res, body, engine }) => {
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
      sendJson(res, 201, await engine.call('sessions.start', { ...input, expectations }))
    },
  }),
  route({
    method: 'GET',
    path: '/sessions/{id}',
    operationId: 'getSession',
    summary: 'A session with the verdict of each expectation',
    pathParams: sessionPath,
    responses: {
      200: { description: 'The session', schema: sessionDetailSchema },
      404: NO_SESSION,
    },
    handle: async ({ res, params, engine }) => sendJson(res, 200, await sessionOf(engine, params[0])),
  }),
  route({
    method: 'POST',
    path: '/sessions/{id}/stop',
    operationId: 'stopSession',
    summary: 'Stop a session: its verdicts are final from then on',
    pathParams: sessionPath,
    responses: {
      200: { description: 'Stopped, with its final verdicts', schema: sessionDetailSchema },
      404: NO_SESSION,
      409: failure('The session was already stopped'),
    },
    handle: async ({ res, params, engine }) => {
      const s = await sessionOf(engine, params[0])
      if (s.stoppedAt !== null) throw new HttpError(409, 'bad_input', `Session ${s.id} was already stopped.`)
      sendJson(res, 200, await engine.call('sessions.stop', { id: s.id }))
    },
  }),
  route({
    method: 'GET',
    path: '/sessions/{id}/assert',
    operationId: 'assertSession',
    summary: 'Gate a build: 200 when every expectation is met, 422 otherwise',
    pathParams: sessionPath,
    responses: {
      200: { description: 'Every expectation met', schema: assertionSchema },
      404: NO_SESSION,
      422: { description: 'Some expectation failed or is still pending', schema: assertionSchema },
    },
    handle: async ({ res, params, engine }) => {
      const detail = await sessionOf(engine, params[0])
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
      } satisfies z.output<typeof assertionSchema>)
    },
  }),
  route({
    method: 'GET',
    path: '/sessions/{id}/report',
    operationId: 'sessionReport',
    summary: 'The session report as a file: HTML, Markdown, JSON or JUnit XML',
    pathParams: sessionPath,
    query: reportQuerySchema,
    responses: {
      200: {
        description: 'The report, as an attachment',
        media: ['text/html', 'text/markdown', 'application/json', 'application/xml'],
      },
      404: NO_SESSION,
    },
    handle: async ({ res, params, query, engine }) => {
      const { id } = await sessionOf(engine, params[0])
      const report = await engine.call('sessions.report', { id, format: query.format })
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
  }),
  route({
    method: 'POST',
    path: '/wait',
    operationId: 'waitFor',
    summary: 'Wait until an event meets an expectation, or the timeout passes',
    description:
      'Woken by each commit, not by polling. Hanging up ends the wait. `after` (a `lastEventId`) ' +
      'looks only at what arrives after it.',
    body: waitSchema,
    responses: {
      200: { description: 'Met', schema: waitAnswerSchema },
      422: {
        description: 'Not met when the timeout passed, with near misses and similar names',
        schema: waitAnswerSchema,
      },
    },
    handle: async ({ res, body, engine }) => {
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
      } satisfies z.output<typeof waitAnswerSchema>)
    },
  }),
  route({
    method: 'POST',
    path: '/import',
    operationId: 'importFile',
    summary: 'Import a HAR, an NDJSON or JSON export, or plain Track events',
    description: 'NDJSON (`name` ending .ndjson or .jsonl) is imported as it arrives; up to 32 MiB.',
    query: importQuerySchema,
    upload: {
      description: 'The file, as it is',
      media: ['application/json', 'application/x-ndjson', 'application/octet-stream'],
    },
    responses: {
      200: { description: 'What was recorded, and what was left out by reason', schema: importResultSchema },
      400: failure('The file is empty or cannot be read'),
      413: failure('The body is over 32 MiB'),
    },
    handle: async ({ req, res, query: { name }, engine }) => {
      // NDJSON is imported as it arrives, a batch of lines at a time: no 32 MB string to build and decode at once.
      if (/\.(ndjson|jsonl)$/i.test(name)) {
        sendJson(
          res,
          200,
          await importLineByLine(
            {
              open: (input) => engine.call('transfer.importOpen', input),
              lines: (input) => engine.call('transfer.importLines', input),
              close: (input) => engine.call('transfer.importClose', input),
            },
            name,
            requestLines(req, MAX_IMPORT_CHARS),
            // The engine counts a line too long to be one event; an upload is bounded as a whole.
            Number.POSITIVE_INFINITY,
          ),
        )
        return
      }
      const text = await readBounded(req, MAX_IMPORT_CHARS)
      if (!/\S/.test(text)) throw new BadInputError(`${name} is empty.`)
      sendJson(res, 200, await engine.call('transfer.import', { fileName: name, content: text }))
    },
  }),
]

/** A path template as a pattern: each `{name}` is one path segment, captured. */
function patternOf(path: string): RegExp {
  const source = path
    .split(/(\{[a-z]+\})/i)
    .map((part) => (/^\{[a-z]+\}$/i.test(part) ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

export function automationRoutes(engine: TrackEngine): ExtraRoute {
  const routes = AUTOMATION_ROUTES.map((r) => ({ ...r, pattern: patternOf(r.path) }))
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
      const { r } = hit
      const params = Object.entries(r.pathParams ?? {}).map(([name, { schema }], i) => {
        const parsed = schema.safeParse(hit.m[i + 1])
        if (!parsed.success) throw badInput(parsed.error, `path (${name})`)
        return parsed.data
      })
      const query = r.query ? parseQuery(r.query, url) : undefined
      const body = r.body ? await readJson(req, r.body, MAX_JSON_BODY) : undefined
      await r.handle({ req, res, url, params, query, body, engine })
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
