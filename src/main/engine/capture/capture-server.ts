/**
 * The local capture server: what an app's Track SDK talks to when its
 * `apiEndpoint` points at the debugger.
 *
 * Threat model: the Track routes of this endpoint are open to any origin
 * (browser SDKs call them cross-origin with a custom header, without
 * credentials) and only record; nothing here reveals the log. It binds
 * 127.0.0.1 unless the user asks otherwise. Its input is untrusted: every
 * request gets a JSON answer and a log row, whatever it held, and nothing a
 * client sends can crash the process or make it buffer without bound.
 *
 * Memory: the body bytes all requests in flight hold together are bounded
 * by one budget (a share of the machine's memory, `bodyBudgetBytes`); past
 * it a request is not read further and is answered 503 with Retry-After,
 * and recorded like any other.
 *
 * Forward mode relays requests upstream with the environment's stored key,
 * so the port must never become a relay a web page can use and read: only
 * a Track route called with its own method reaches the intercept hook
 * (routes.ts `isForwardable`), and only those and their preflight get CORS
 * headers. Any other path or method is answered here, recorded, and
 * answered without `Access-Control-Allow-Origin`, so a page in the user's
 * browser can neither send through it nor read what came back.
 *
 * Connections the capture proxy decrypted (`acceptIntercepted`) come from a
 * client that chose their host: their Track calls go through this pipeline
 * (forward mode sends them to that host, never to a configured upstream),
 * and any other path is passed on to that host unlogged (`passThrough`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { isSpecError, type Finding, type HeaderPair } from '../../../shared/model'
import type { Committed, Entry } from '../entry'
import { closeServer, listenOrExplain, trackSockets } from '../net/http-lifecycle'
import { statusOf, worstStatus, type Validator } from '../validate/types'
import { MAX_BODY_BYTES } from '../validate/spec-validator'
import { answerHeaders, errorAnswer, successAnswer, type Answer } from './answers'
import { ByteBudget, readBody, type BodyResult } from './body-reader'
import { requestTarget } from './request-target'
import {
  clientErrorEntry,
  connectEntry,
  describeClientError,
  rawAnswerHeaders,
  rawResponse,
} from './client-error'
import type { ProxyTarget } from '../proxy/proxy-target'
import { parseCall } from './parse-call'
import { redactHeaders } from './redact'
import { answersWithCors, callTypeForPath, expectedMethod, isForwardable } from './routes'

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'content-type, x-api-key, authorization, accept, key',
  'Access-Control-Max-Age': '600',
}

/** How invalid calls are answered. `strict` answers 400 as the real API would; `lenient` accepts everything. */
export type ValidationMode = 'strict' | 'lenient'

export interface CaptureServerOptions {
  host: string
  port: number
  /** Flag name used in the "port in use" message (`--capture-port`). */
  /** How the user picks another port, for the port-in-use message; null when the caller says it itself. */
  portHint: string | null
  validator: Validator
  record: (entry: Entry) => Promise<Committed>
  validationMode: () => ValidationMode
  /** Bodies are read up to this many (decoded) bytes; more is refused. */
  maxBodyBytes?: number
  /** Body bytes all requests in flight may hold together (body-reader.ts ByteBudget). Default: none. */
  bodyBudgetBytes?: number
  /** Requests the capture proxy decrypted that are not Track calls: passed on to their host, not logged. */
  passThrough?: (req: IncomingMessage, res: ServerResponse, target: ProxyTarget) => void
  /** Forward mode and fault injection (send/intercept.ts): may replace the local answer. Must not throw. */
  intercept?: (input: InterceptInput) => Promise<InterceptOutcome | null>
}

/** A request about to be recorded, as the intercept hook sees it (`req` carries the unredacted headers). */
export interface InterceptInput {
  /** The host and port the client meant to reach, when the call came decrypted through the capture proxy. */
  proxyTarget: ProxyTarget | null
  req: IncomingMessage
  request: CapturedRequest
  events: Entry['events']
  /** What the debugger would answer on its own. */
  answer: Answer
}

export interface InterceptOutcome {
  /** Sent instead of the local answer; 'drop' closes the connection without one. */
  answer: Answer | 'drop'
  /** Recorded as the request's error. */
  error?: string | null
  /** Called once the request row is committed, to store what happened beside it. */
  recorded?: (requestId: number) => void
}

type CapturedRequest = Omit<
  Entry['request'],
  | 'responseStatus'
  | 'responseBody'
  | 'error'
  | 'eventCount'
  | 'status'
  | 'findings'
  | 'latencyMs'
  | 'responseHeaders'
> & { error?: string | null }

/** What is known of a request before its body is read. */
type RequestBase = Omit<CapturedRequest, 'body' | 'bodySize' | 'bodyTruncated' | 'error'>

/** A little above the API's own 2 MB limit, so an oversize body is still recorded and explained. */
const DEFAULT_READ_LIMIT = MAX_BODY_BYTES + 64 * 1024

export class CaptureServer {
  private server: Server | null = null
  private sockets = new Set<Socket>()
  /** Sockets in the middle of a request, with the switch that stops reading its body. */
  private readonly midRequest = new WeakMap<object, AbortController>()
  /** Sockets whose parse error was already answered: one row and one answer per broken request. */
  private readonly errored = new WeakSet<object>()
  private readonly malformedBodies = new WeakMap<object, string>()
  private readonly inFlight = new Set<Promise<void>>()
  /** Decrypted connections from the capture proxy, with the host the client meant to reach. */
  private readonly proxied = new WeakMap<object, ProxyTarget>()

  /** Calls being read, validated, committed or answered right now. */
  get busy(): boolean {
    return this.inFlight.size > 0
  }

  /** When the last call was answered (performance.now()). */
  private lastDone = Number.NEGATIVE_INFINITY

  /** Milliseconds since capture last had a call in flight: 0 while it has one. */
  quietMs(): number {
    return this.busy ? 0 : performance.now() - this.lastDone
  }

  private done(work: Promise<void>): void {
    this.inFlight.delete(work)
    this.lastDone = performance.now()
  }
  private address: AddressInfo | null = null
  private readonly budget: ByteBudget

  constructor(private readonly opts: CaptureServerOptions) {
    this.budget = new ByteBudget(opts.bodyBudgetBytes ?? Number.POSITIVE_INFINITY)
  }

  get port(): number {
    return this.address?.port ?? this.opts.port
  }

  async listen(): Promise<void> {
    // connectionsCheckingInterval: how often the two timeouts are enforced (Node's default is 30 s).
    const server = createServer({
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    })
    server.on('request', (req, res) => {
      // A body cut short is recorded by its handler; the parser's clientError for it must not add a second row.
      const stopReading = new AbortController()
      this.midRequest.set(req.socket, stopReading)
      res.once('finish', () => {
        if (req.complete) this.midRequest.delete(req.socket)
      })
      const work = this.handle(req, res, stopReading.signal).catch(() => this.answerInternalError(req, res))
      this.inFlight.add(work)
      void work.finally(() => this.done(work))
    })
    this.sockets = trackSockets(server)
    // Malformed HTTP never reaches 'request'; answer it and keep serving.
    // Each is recorded (bytes that arrived, and why) and answered once the row is committed.
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      // The parser can report one broken request more than once; the first report answers it.
      if (this.errored.has(socket)) return
      if (err.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy()
        return
      }
      const broken = this.midRequest.get(socket)
      // A client that hangs up mid-body: its handler records the cut-short body; nothing to answer.
      if (broken && (err.code === 'HPE_INVALID_EOF_STATE' || !err.code?.startsWith('HPE_'))) {
        socket.destroy()
        return
      }
      this.errored.add(socket)
      if (broken) {
        // The body broke mid-request (a malformed chunk): the request's own handler records it and
        // answers 400 with this reason; the socket goes after that answer, or shortly if none can be sent.
        this.malformedBodies.set(socket, describeClientError(err).message)
        // The parser will deliver nothing more: the body's reader stops waiting (ending the
        // request stream instead would make Node destroy the socket before the answer).
        broken.abort()
        setTimeout(() => socket.destroy(), 5_000).unref()
        return
      }
      const { entry, answer } = clientErrorEntry(err, socket as Socket)
      this.recordThenAnswerRaw(entry, answer, socket as Socket)
    })
    server.on('connect', (req: IncomingMessage, socket: Socket) => {
      socket.on('error', () => undefined)
      const { entry, answer } = connectEntry(req.url ?? '', req.rawHeaders, socket)
      this.recordThenAnswerRaw(entry, answer, socket)
    })
    server.maxHeadersCount = 200
    this.address = await listenOrExplain(server, this.opts.host, this.opts.port, this.opts.portHint)
    this.server = server
  }

  /** For what never became a request: record it, then answer on the socket itself (there is no ServerResponse). */
  private recordThenAnswerRaw(entry: Entry, answer: Answer, socket: Socket): void {
    const work = this.opts
      .record(entry)
      .catch(() => undefined)
      .then(() => endRaw(socket, answer))
    this.inFlight.add(work)
    void work.finally(() => this.done(work))
  }

  /**
   * Serves a connection the capture proxy decrypted: its calls go through this same pipeline
   * (validation, log, sessions, faults); forward mode sends them on to the host the client meant.
   */
  acceptIntercepted(socket: Socket, target: ProxyTarget): void {
    if (!this.server) {
      socket.destroy()
      return
    }
    this.proxied.set(socket, target)
    this.server.emit('connection', socket)
  }

  /**
   * Serves a plain-HTTP request the capture proxy received in absolute form for a Track host
   * (`POST http://host/api/track`): the same pipeline, and forward mode sends it on to that host.
   */
  acceptProxiedRequest(req: IncomingMessage, res: ServerResponse, target: ProxyTarget): void {
    if (!this.server) {
      res.destroy()
      return
    }
    this.proxied.set(req.socket, target)
    this.server.emit('request', req, res)
  }

  /** Stop accepting, let requests in flight finish (they commit and answer), then close. */
  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    // Stalled clients (half-sent headers) must not hold shutdown hostage.
    await closeServer(server, this.sockets, 2_000, () => Promise.allSettled([...this.inFlight]))
  }

  private async handle(req: IncomingMessage, res: ServerResponse, stopReading: AbortSignal): Promise<void> {
    const receivedAt = Date.now()
    const method = (req.method ?? 'GET').toUpperCase()
    const url = requestTarget(req.url)
    const callType = callTypeForPath(method, url.pathname)
    const target = this.proxied.get(req.socket)
    if (target && callType === 'other' && this.opts.passThrough) {
      // Another path on a Track host (the proxy decrypted the connection): not a Track call, not ours.
      this.opts.passThrough(req, res, target)
      return
    }
    const base: RequestBase = {
      receivedAt,
      method,
      path: url.pathname,
      query: url.search,
      callType,
      headers: redactHeaders(req.rawHeaders),
      remoteAddress: req.socket.remoteAddress ?? null,
      origin: header(req, 'origin'),
      userAgent: header(req, 'user-agent'),
      contentType: header(req, 'content-type'),
      entryOrigin: target ? 'proxied' : 'captured',
      parentId: null,
    }

    if (callType === 'preflight') {
      const answer: Answer = { status: 204, body: '' }
      await this.recordAndAnswer(
        res,
        answer,
        { ...base, body: null, bodySize: 0, bodyTruncated: false },
        [],
        [],
      )
      return
    }

    const limit = this.opts.maxBodyBytes ?? DEFAULT_READ_LIMIT
    const read = await readBody(req, limit, this.budget, stopReading)
    try {
      await this.answerRead(res, base, read)
    } finally {
      // Answered (or its connection gone): the bytes it held go back to the budget.
      this.budget.give(read.held)
    }
  }

  private async answerRead(res: ServerResponse, base: RequestBase, read: BodyResult): Promise<void> {
    const { callType, method, path } = base
    const bodyFields = { body: read.body, bodySize: read.size, bodyTruncated: read.truncated }
    const wanted = expectedMethod(callType)

    const malformed = this.malformedBodies.get(res.req.socket)
    if (malformed) {
      // The HTTP parser has given up on this connection: the answer goes straight to the socket.
      await this.recordAndAnswer(
        res,
        errorAnswer(400, malformed),
        { ...base, ...bodyFields, error: malformed },
        [],
        [{ severity: 'error', path: '', rule: 'http.malformed', message: malformed }],
        true,
      )
      return
    }
    if (read.errorKind === 'busy') {
      const answer = errorAnswer(503, read.error ?? 'Busy.')
      answer.headers = { 'Retry-After': '1' }
      await this.recordAndAnswer(
        res,
        answer,
        { ...base, ...bodyFields, error: read.error },
        [],
        [{ severity: 'error', path: '', rule: 'body.busy', message: read.error ?? 'Busy.' }],
      )
      return
    }

    if (callType === 'other') {
      const answer = errorAnswer(
        404,
        `No Track API call at ${method} ${path}. Use /api/track, /api/identify or /api/group.`,
      )
      await this.recordAndAnswer(
        res,
        answer,
        { ...base, ...bodyFields },
        [],
        [{ severity: 'error', path: '', rule: 'http.path', message: `Unknown path ${path}.` }],
      )
      return
    }
    if (wanted && wanted !== method) {
      const answer = errorAnswer(405, `${path} expects ${wanted}, got ${method}.`)
      answer.headers = { Allow: `${wanted}, OPTIONS` }
      await this.recordAndAnswer(
        res,
        answer,
        { ...base, ...bodyFields },
        [],
        [{ severity: 'error', path: '', rule: 'http.method', message: `${path} expects ${wanted}.` }],
      )
      return
    }
    if (callType === 'subscription') {
      await this.recordAndAnswer(res, successAnswer('subscription'), { ...base, ...bodyFields }, [], [])
      return
    }
    if (read.error) {
      // Too large is a 400, as the real API answers a body over 2 MB (not an HTTP-level 413).
      const status = read.errorKind === 'unsupported-encoding' ? 415 : 400
      const finding: Finding = {
        severity: 'error',
        path: '',
        rule: `body.${read.errorKind}`,
        message: read.error,
      }
      await this.recordAndAnswer(
        res,
        errorAnswer(status, read.error),
        { ...base, ...bodyFields, error: read.error },
        [],
        [finding],
      )
      return
    }

    const parsed = parseCall(callType, read.body, base.receivedAt, this.opts.validator, base.contentType)
    const allFindings = [...parsed.requestFindings, ...parsed.events.flatMap((e) => e.findings)]
    // Strict mode answers 400 only where the real Track API would: a spec error. A tracking-plan
    // finding is the team's own rule, which the real API never enforces; it is recorded, never answered.
    const specInvalid = allFindings.some(isSpecError)
    const answer =
      specInvalid && this.opts.validationMode() === 'strict'
        ? errorAnswer(
            400,
            firstError(
              parsed.requestFindings,
              parsed.events.map((e) => e.findings),
            ),
          )
        : successAnswer(callType)
    await this.recordAndAnswer(res, answer, { ...base, ...bodyFields }, parsed.events, parsed.requestFindings)
  }

  private async recordAndAnswer(
    res: ServerResponse,
    answer: Answer,
    request: Omit<
      Entry['request'],
      | 'responseStatus'
      | 'responseBody'
      | 'error'
      | 'eventCount'
      | 'status'
      | 'findings'
      | 'latencyMs'
      | 'responseHeaders'
    > & {
      error?: string | null
    },
    events: Entry['events'],
    requestFindings: Finding[],
    /** Answer on the raw socket (the HTTP parser has given up on it). */
    raw = false,
  ): Promise<void> {
    const status = worstStatus([statusOf(requestFindings), ...events.map((e) => e.status)])
    const outcome =
      this.opts.intercept && isForwardable(request.callType, request.method)
        ? await this.opts.intercept({
            req: res.req,
            request,
            events,
            answer,
            proxyTarget: this.proxied.get(res.req.socket) ?? null,
          })
        : null
    const final = outcome ? outcome.answer : answer
    // What goes out with the answer, recorded with it: a raw answer is the client-error one; a request
    // whose body was not read to its end cannot be followed on the same connection.
    const headers =
      final === 'drop'
        ? []
        : raw
          ? rawAnswerHeaders(final)
          : answerHeaders(final, {
              cors: answersWithCors(request.callType, request.method) ? CORS_HEADERS : null,
              close: !res.req.complete,
            })
    const committed = await this.opts.record({
      request: {
        ...request,
        responseHeaders: final === 'drop' ? null : headers,
        error:
          request.error ??
          outcome?.error ??
          (final !== 'drop' && final.status >= 400 ? messageOf(final) : null),
        // 0: no answer was sent (an injected dropped connection).
        responseStatus: final === 'drop' ? 0 : final.status,
        responseBody: final === 'drop' ? '' : final.body,
        // Receipt to answer, upstream included when forwarded; the commit that follows is not counted.
        latencyMs: Date.now() - request.receivedAt,
        eventCount: events.length,
        status: request.callType === 'preflight' || request.callType === 'subscription' ? 'valid' : status,
        findings: requestFindings,
      },
      events,
    })
    outcome?.recorded?.(committed.requestId)
    if (final === 'drop') res.destroy()
    else if (raw) endRaw(res.req.socket, final)
    else send(res, final, headers)
  }

  private answerInternalError(req: IncomingMessage, res: ServerResponse): void {
    if (res.headersSent) {
      res.destroy()
      return
    }
    const method = (req.method ?? 'GET').toUpperCase()
    const cors = answersWithCors(callTypeForPath(method, requestTarget(req.url).pathname), method)
    const answer = errorAnswer(500, 'The debugger could not record this request.')
    send(res, answer, answerHeaders(answer, { cors: cors ? CORS_HEADERS : null, close: !req.complete }))
  }
}

/** A complete answer written to a socket the HTTP parser has given up on (or never got to). */
function endRaw(socket: Socket, answer: Answer): void {
  if (socket.writable) socket.end(rawResponse(answer))
  else socket.destroy()
}

/** `cors`: the request was a Track route (see the threat model above). */
function send(res: ServerResponse, answer: Answer, headers: HeaderPair[]): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(answer.status, Object.fromEntries(headers))
  res.end(answer.body)
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name]
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : null
}

function messageOf(answer: Answer): string | null {
  try {
    const m = (JSON.parse(answer.body) as { message?: unknown }).message
    return typeof m === 'string' ? m : null
  } catch {
    return null
  }
}

function firstError(request: Finding[], events: Finding[][]): string {
  const r = request.find(isSpecError)
  if (r) return r.message
  for (let i = 0; i < events.length; i++) {
    const f = events[i]?.find(isSpecError)
    if (f) return `Event ${i}: ${f.message}`
  }
  return 'Invalid request.'
}
