/**
 * The send domain's state and operations: environments with their
 * credentials, the capture mode, and sends (resend, composed, batch), each
 * recorded as a new log entry linked to its original, with what went out
 * and what came back stored beside it.
 *
 * Secrets: read in clear only to build an outgoing request; everything
 * returned to a caller or written to the log carries the masked form, and
 * any upstream text is scrubbed of known secrets before it is kept.
 */
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import type {
  CaptureModeConfig,
  CaptureModeState,
  EnvironmentView,
  SendCallType,
  SendOutcome,
} from '../../../shared/contract/send'
import type {
  BatchInput,
  CaptureModePatch,
  CredentialsInput,
  EnvironmentInput,
  SendInput,
} from '../../../shared/contract/send.schemas'
import { parseCall } from '../capture/parse-call'
import type { EngineContext } from '../context'
import { BadInputError } from '../errors'
import { statusOf, worstStatus, type Validator } from '../validate/types'
import { CaptureModeStore } from './capture-mode'
import { CollectionRepository } from './collection-repository'
import { CredentialStore } from './credential-store'
import { EnvironmentRepository, type EnvironmentRow } from './environment-repository'
import { ExchangeRepository } from './exchange-repository'
import { sendHttp } from './http-sender'
import { callPath, maskHeaders, scrub, sendHeaders, upstreamUrl, type Credentials } from './outgoing'
import { LoopGuard, type Resolver } from './loop-guard'
import { fileModeCipher } from './secret-cipher'
import type { SendOptions } from './send-options'
import { resolveVariables, UnknownVariableError } from './variables'

export class SendService {
  readonly environments: EnvironmentRepository
  readonly exchanges: ExchangeRepository
  readonly collections: CollectionRepository
  readonly options: { forwardTimeoutMs: number; sendTimeoutMs: number; trustedCa: string[] | undefined }
  readonly random: () => number
  readonly loops: LoopGuard
  private readonly store: CredentialStore
  private readonly modes: CaptureModeStore
  private readonly abort = new AbortController()
  // Forward mode sends one upstream request per captured call: reusing connections keeps its overhead small.
  private readonly agents: { http: HttpAgent; https: HttpsAgent }

  constructor(
    private readonly ctx: EngineContext,
    private readonly validator: () => Validator,
    opts: SendOptions = {},
  ) {
    this.environments = new EnvironmentRepository(ctx.db, () => ctx.info().captureUrl)
    this.exchanges = new ExchangeRepository(ctx.db)
    this.collections = new CollectionRepository(ctx.db)
    this.store = new CredentialStore(ctx.dataDir, opts.cipher ?? fileModeCipher, opts.variableCredentials)
    this.modes = new CaptureModeStore(ctx.settings)
    this.options = {
      forwardTimeoutMs: opts.forwardTimeoutMs ?? 10_000,
      sendTimeoutMs: opts.sendTimeoutMs ?? 30_000,
      trustedCa: opts.trustedCa,
    }
    this.random = opts.random ?? Math.random
    this.loops = new LoopGuard(() => ctx.info().port, opts.resolve)
    const lookup = opts.resolve ? lookupFrom(opts.resolve) : undefined
    this.agents = {
      http: new HttpAgent({ keepAlive: true, maxSockets: 32, lookup }),
      https: new HttpsAgent({ keepAlive: true, maxSockets: 32, lookup }),
    }
  }

  /** Decrypt the stored credentials once (the keychain is ready only after the app is). */
  async unlockCredentials(): Promise<void> {
    await this.store.unlock()
    const unreadable = this.store.unreadableCount()
    if (unreadable > 0)
      console.warn(
        `[track-debugger] ${unreadable} stored key${unreadable === 1 ? '' : 's'} cannot be decrypted here and must be re-entered (Environments screen).`,
      )
  }

  get signal(): AbortSignal {
    return this.abort.signal
  }

  /** Cancels delays and sends in flight, so the engine can close promptly. */
  close(): void {
    this.abort.abort()
    this.agents.http.destroy()
    this.agents.https.destroy()
  }

  agentFor(url: URL): HttpAgent {
    return url.protocol === 'https:' ? this.agents.https : this.agents.http
  }

  /** A fault's delay; ends early (without throwing) when the engine closes. */
  async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.abort.signal }).catch(() => undefined)
  }

  localUrl(): string {
    return this.ctx.info().captureUrl
  }

  credentials(environmentId: string): Credentials {
    return {
      apiKey: this.store.get(environmentId, 'apiKey'),
      bearerToken: this.store.get(environmentId, 'bearerToken'),
    }
  }

  secrets(): string[] {
    return this.store.allSecrets()
  }

  // --- environments -------------------------------------------------------

  view(env: EnvironmentRow): EnvironmentView {
    return {
      ...env,
      apiKey: this.store.masked(env.id, 'apiKey'),
      bearerToken: this.store.masked(env.id, 'bearerToken'),
    }
  }

  listEnvironments(): EnvironmentView[] {
    return this.environments.list().map((e) => this.view(e))
  }

  environment(id: string): EnvironmentRow {
    const env = this.environments.get(id)
    if (!env) throw new BadInputError(`There is no environment "${id}".`)
    return env
  }

  saveEnvironment(input: EnvironmentInput): EnvironmentView {
    let id: string
    try {
      id = this.environments.save(input)
    } catch (error) {
      throw new BadInputError((error as Error).message)
    }
    this.environmentsChanged()
    return this.view(this.environment(id))
  }

  deleteEnvironment(id: string): boolean {
    const env = this.environment(id)
    if (env.builtin) throw new BadInputError(`${env.name} is built in and cannot be deleted.`)
    const deleted = this.environments.delete(id)
    this.store.remove(id)
    if (this.modes.get().upstreamEnvironmentId === id)
      this.modes.update({ upstreamEnvironmentId: 'development' })
    this.environmentsChanged()
    return deleted
  }

  async setCredentials(input: CredentialsInput): Promise<EnvironmentView> {
    const env = this.environment(input.id)
    if (input.apiKey !== undefined) await this.store.set(env.id, 'apiKey', input.apiKey)
    if (input.bearerToken !== undefined) await this.store.set(env.id, 'bearerToken', input.bearerToken)
    this.environmentsChanged()
    return this.view(env)
  }

  private environmentsChanged(): void {
    this.ctx.feed.emit('environments.changed', this.listEnvironments())
    // The forward target's name or URL may have changed with it.
    this.ctx.feed.emit('capture.modeChanged', this.modeState())
  }

  // --- capture mode -------------------------------------------------------

  mode(): CaptureModeConfig {
    return this.modes.get()
  }

  modeState(): CaptureModeState {
    const config = this.modes.get()
    const env = this.environments.get(config.upstreamEnvironmentId)
    return { ...config, upstreamName: env?.name ?? null, upstreamUrl: env?.baseUrl ?? null }
  }

  async setMode(patch: CaptureModePatch): Promise<CaptureModeState> {
    const upstream = this.environment(patch.upstreamEnvironmentId ?? this.modes.get().upstreamEnvironmentId)
    if ((patch.mode ?? this.modes.get().mode) === 'forward') {
      let url: URL | null = null
      try {
        url = new URL(upstream.baseUrl)
      } catch {
        // An invalid URL is reported by each forward, with the environment's name.
      }
      const loop = url ? await this.loops.pointsAtSelf(url) : null
      if (loop) throw new BadInputError(`Forward mode cannot use "${upstream.name}": ${loop}`)
    }
    this.modes.update(patch)
    const state = this.modeState()
    this.ctx.feed.emit('capture.modeChanged', state)
    return state
  }

  // --- sending ------------------------------------------------------------

  async send(input: SendInput): Promise<SendOutcome> {
    const env = this.environment(input.environmentId)
    if (input.parentRequestId !== undefined && !this.ctx.requests.get(input.parentRequestId))
      throw new BadInputError(`There is no request ${input.parentRequestId} to resend.`)
    let body: string
    try {
      body = resolveVariables(input.body, env.variables)
    } catch (error) {
      if (error instanceof UnknownVariableError) throw new BadInputError(error.message)
      throw error
    }
    return this.deliver(
      env,
      input.callType,
      Buffer.from(body, 'utf8'),
      input.origin,
      input.parentRequestId ?? null,
    )
  }

  /** Selected stream rows, resent as they were captured (exact event text), in one request per call type or one each. */
  async batch(input: BatchInput): Promise<SendOutcome[]> {
    const env = this.environment(input.environmentId)
    const rows = input.eventIds.map((id) => {
      const row = this.ctx.events.get(id)
      if (!row) throw new BadInputError(`Event ${id} is no longer in the log.`)
      if (row.kind !== 'event' || row.json === null || !isSendable(row.call_type))
        throw new BadInputError(`Row ${id} is not a track, identify or group event, so it cannot be resent.`)
      return { id: row.id, requestId: row.request_id, callType: row.call_type, json: row.json }
    })
    // Oldest first, as they were captured.
    rows.sort((a, b) => a.id - b.id)
    const outcomes: SendOutcome[] = []
    if (input.grouping === 'each') {
      for (const r of rows)
        outcomes.push(await this.deliver(env, r.callType, Buffer.from(`[${r.json}]`), 'resend', r.requestId))
      return outcomes
    }
    const groups = new Map<SendCallType, typeof rows>()
    for (const r of rows) groups.set(r.callType, [...(groups.get(r.callType) ?? []), r])
    for (const [callType, group] of groups) {
      const body = Buffer.from(`[${group.map((r) => r.json).join(',')}]`)
      outcomes.push(await this.deliver(env, callType, body, 'resend', group[0]?.requestId ?? null))
    }
    return outcomes
  }

  private async deliver(
    env: EnvironmentRow,
    callType: SendCallType,
    body: Buffer,
    origin: 'resend' | 'composed',
    parentId: number | null,
  ): Promise<SendOutcome> {
    let url: URL
    try {
      url = upstreamUrl(env.baseUrl, callPath(callType))
    } catch {
      throw new BadInputError(`The URL of "${env.name}" is not valid: ${env.baseUrl}`)
    }
    const creds = this.credentials(env.id)
    const headers = sendHeaders(creds, body.length, `TrackDebugger/${this.ctx.info().version}`)
    const startedAt = Date.now()
    const result = await sendHttp({
      url,
      method: 'POST',
      headers,
      body,
      timeoutMs: this.options.sendTimeoutMs,
      ca: this.options.trustedCa,
      signal: this.abort.signal,
      agent: this.agentFor(url),
    })
    const secrets = this.secrets()
    const responseText = scrub(result.body.toString('utf8'), secrets)
    const error = result.error ? scrub(result.error.message, secrets) : null
    const parsed = parseCall(callType, body, startedAt, this.validator())
    const masked = maskHeaders(headers)
    const committed = await this.ctx.record({
      request: {
        // Logged when the answer came, so the stream's one order (the order entries are logged) is also
        // time order: a capture that arrived while this send waited sits below it, not above. When it
        // started and how long it took are in its exchange.
        receivedAt: Date.now(),
        method: 'POST',
        path: url.pathname,
        query: url.search,
        callType,
        headers: masked,
        remoteAddress: null,
        origin: null,
        userAgent: headers.find(([n]) => n === 'User-Agent')?.[1] ?? null,
        contentType: 'application/json',
        body,
        bodySize: body.length,
        bodyTruncated: false,
        responseStatus: result.status ?? 0,
        responseBody: responseText,
        latencyMs: result.latencyMs,
        responseHeaders: result.status === null ? null : maskHeaders(result.headers, secrets),
        error:
          error ?? (result.status !== null && result.status >= 400 ? upstreamMessage(responseText) : null),
        eventCount: parsed.events.length,
        status: worstStatus([statusOf(parsed.requestFindings), ...parsed.events.map((e) => e.status)]),
        findings: parsed.requestFindings,
        entryOrigin: origin,
        parentId,
      },
      events: parsed.events,
    })
    this.exchanges.insert({
      requestId: committed.requestId,
      kind: origin,
      environmentId: env.id,
      environmentName: env.name,
      url: url.href,
      method: 'POST',
      sentHeaders: masked,
      sentBody: body,
      status: result.status,
      headers: maskHeaders(result.headers, secrets),
      body: Buffer.from(responseText),
      latencyMs: result.latencyMs,
      error,
      errorCode: result.error?.code ?? null,
      fault: null,
      startedAt,
    })
    const exchange = this.exchanges.get(committed.requestId)
    if (!exchange) throw new Error('The send was recorded but its exchange was not.')
    return { requestId: committed.requestId, eventId: committed.summaries[0]?.id ?? null, exchange }
  }
}

function isSendable(t: string): t is SendCallType {
  return t === 'track' || t === 'identify' || t === 'group'
}

function upstreamMessage(body: string): string | null {
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message
    return typeof m === 'string' ? m : null
  } catch {
    return body.slice(0, 200) || null
  }
}

/** A Resolver as the lookup sockets use, so sends and forwards resolve names the same way as the loop check. */
function lookupFrom(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const first = addresses[0]
        if (first === undefined) {
          callback(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
            '',
            0,
          )
          return
        }
        if (options.all)
          callback(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          )
        else callback(null, first, isIP(first))
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
}
