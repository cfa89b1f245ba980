/**
 * The capture server's optional hook: in forward mode a captured request
 * goes to the chosen environment and the app gets the upstream's answer;
 * in fault mode a share of requests gets an injected failure. Either way
 * the request is still recorded, and what happened is stored beside it.
 *
 * Threat model: forward mode turns the open capture endpoint into a relay
 * to one configured upstream, never to an address the client picks; the
 * environment's stored key is attached only when the app sent none, and
 * the log keeps only masked headers. A request that would come back into
 * this debugger, or already did, is refused with 508 (loop-guard.ts).
 */
import type { CaptureModeConfig, FaultConfig } from '../../../shared/contract/send'
import type { Answer } from '../capture/answers'
import { errorAnswer } from '../capture/answers'
import { wireBody } from '../capture/body-reader'
import type { InterceptInput, InterceptOutcome } from '../capture/capture-server'
import { targetOrigin } from '../proxy/proxy-target'
import { sendHttp } from './http-sender'
import { forwardHeaders, maskHeaders, scrub, upstreamUrl } from './outgoing'
import type { SendService } from './send-service'

const FAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Invalid or missing API key',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
}

export function describeFault(f: FaultConfig): string {
  const what =
    f.action === 'drop'
      ? 'connection dropped'
      : f.action === 'none'
        ? 'answered normally'
        : `${f.status}${(f.status === 429 || f.status === 503) && f.retryAfterSeconds > 0 ? ` with Retry-After: ${f.retryAfterSeconds}` : ''}`
  const delay = f.delayMs > 0 ? ` after ${f.delayMs} ms` : ''
  const scope = `${f.percent < 100 ? `${f.percent}% of ` : ''}${f.eventName ? `requests with "${f.eventName}"` : 'requests'}`
  return `${what}${delay} — ${scope}`
}

export function faultApplies(f: FaultConfig, eventNames: (string | null)[], random: () => number): boolean {
  if (f.eventName && !eventNames.includes(f.eventName)) return false
  if (f.percent >= 100) return true
  return random() * 100 < f.percent
}

export function faultAnswer(f: FaultConfig): Answer {
  const answer = errorAnswer(
    f.status,
    `${FAULT_MESSAGES[f.status] ?? 'Error'} (fault injected by Track Debugger)`,
  )
  if ((f.status === 429 || f.status === 503) && f.retryAfterSeconds > 0)
    answer.headers = { 'Retry-After': String(f.retryAfterSeconds) }
  return answer
}

export function createInterceptor(service: SendService) {
  return async (input: InterceptInput): Promise<InterceptOutcome | null> => {
    const config = service.mode()
    if (config.mode === 'forward') return forward(service, config, input)
    if (config.mode === 'fault') return fault(service, config.fault, input)
    return null
  }
}

async function fault(
  service: SendService,
  f: FaultConfig,
  input: InterceptInput,
): Promise<InterceptOutcome | null> {
  // The SDK's own start-up probe is left alone: breaking it stops tracking rather than testing retries.
  if (input.request.callType === 'subscription') return null
  if (
    !faultApplies(
      f,
      input.events.map((e) => e.eventName),
      service.random,
    )
  )
    return null
  const startedAt = Date.now()
  if (f.delayMs > 0) await service.sleep(f.delayMs)
  const answer: Answer | 'drop' =
    f.action === 'drop' ? 'drop' : f.action === 'none' ? input.answer : faultAnswer(f)
  const description = describeFault(f)
  return {
    answer,
    error: f.action === 'none' ? null : `Fault injected: ${description}`,
    recorded: (requestId) =>
      service.exchanges.insert({
        requestId,
        kind: 'fault',
        environmentId: null,
        environmentName: null,
        url: '',
        method: input.request.method,
        sentHeaders: [],
        sentBody: null,
        status: answer === 'drop' ? null : answer.status,
        headers: answer === 'drop' ? [] : Object.entries(answer.headers ?? {}),
        body: answer === 'drop' ? null : Buffer.from(answer.body),
        latencyMs: Date.now() - startedAt,
        error: answer === 'drop' ? 'The connection was closed without an answer.' : null,
        errorCode: null,
        fault: description,
        startedAt,
      }),
  }
}

async function forward(
  service: SendService,
  config: CaptureModeConfig,
  input: InterceptInput,
): Promise<InterceptOutcome> {
  const { request } = input
  // A call the capture proxy decrypted goes on to the host the client meant, with its own headers only.
  const target = input.proxyTarget
  const env = target
    ? {
        id: null,
        name: target.host,
        baseUrl: targetOrigin(target),
      }
    : service.environments.get(config.upstreamEnvironmentId)
  const startedAt = Date.now()
  const fail = (status: number, message: string, url = ''): InterceptOutcome => ({
    answer: errorAnswer(status, message),
    error: message,
    recorded: (requestId) =>
      service.exchanges.insert({
        requestId,
        kind: 'forward',
        environmentId: env?.id ?? null,
        environmentName: env?.name ?? null,
        url,
        method: request.method,
        sentHeaders: [],
        sentBody: null,
        status: null,
        headers: [],
        body: null,
        latencyMs: null,
        error: message,
        errorCode: null,
        fault: null,
        startedAt,
      }),
  })
  if (!env)
    return fail(502, `Forward mode has no upstream: environment "${config.upstreamEnvironmentId}" is gone.`)
  if (request.bodyTruncated)
    return fail(413, 'The body is larger than the debugger reads, so it was not forwarded.')
  let url: URL
  try {
    url = target
      ? new URL(`${env.baseUrl}${request.path}${request.query}`)
      : upstreamUrl(env.baseUrl, request.path, request.query)
  } catch {
    return fail(502, `The upstream URL of "${env.name}" is not valid: ${env.baseUrl}`)
  }
  const loop = service.loops.cameBack(input.req.rawHeaders) ?? (await service.loops.pointsAtSelf(url))
  if (loop) return fail(508, `Track Debugger (forward mode) refused: ${loop}`, url.href)

  const decoded = request.body ?? Buffer.alloc(0)
  // Transparent: a compressed body goes upstream as the very bytes the app sent, with its Content-Encoding.
  const wire = wireBody(input.req)
  const body = wire?.body ?? decoded
  const creds = env.id === null ? { apiKey: null, bearerToken: null } : service.credentials(env.id)
  const headers = forwardHeaders(input.req.rawHeaders, creds, body.length, wire?.encoding)
  headers.push(service.loops.hopHeader(input.req.rawHeaders))
  const secrets = [...service.secrets(), ...appSecrets(input.req.rawHeaders)]
  const result = await sendHttp({
    url,
    method: request.method,
    headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? null : body,
    timeoutMs: service.options.forwardTimeoutMs,
    ca: service.options.trustedCa,
    signal: service.signal,
    agent: service.agentFor(url),
  })
  const error = result.error ? scrub(result.error.message, secrets) : null
  let answer: Answer
  if (result.status !== null && !result.error) {
    answer = {
      status: result.status,
      body: scrub(result.body.toString('utf8'), secrets),
      headers: passBack(result.headers),
    }
  } else if (result.error?.code === 'timeout') {
    answer = errorAnswer(504, `Track Debugger (forward mode): ${error}`, { upstream: url.origin })
  } else {
    answer = errorAnswer(502, `Track Debugger (forward mode): ${error}`, { upstream: url.origin })
  }
  return {
    answer,
    error: error ? `Forward to ${env.name} failed: ${error}` : null,
    recorded: (requestId) =>
      service.exchanges.insert({
        requestId,
        kind: 'forward',
        environmentId: env.id,
        environmentName: env.name,
        url: url.href,
        method: request.method,
        sentHeaders: maskHeaders(headers, secrets),
        // Shown decoded (the sent headers say how it was encoded on the wire).
        sentBody: decoded,
        status: result.status,
        headers: maskHeaders(result.headers, secrets),
        body: Buffer.from(scrub(result.body.toString('utf8'), secrets)),
        latencyMs: result.latencyMs,
        error,
        errorCode: result.error?.code ?? null,
        fault: null,
        startedAt,
      }),
  }
}

/** Upstream headers worth handing back to the app (its retry logic reads Retry-After). */
function passBack(headers: [string, string][]): Record<string, string> {
  const keep = new Set([
    'retry-after',
    'x-request-id',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
  ])
  const out: Record<string, string> = {}
  for (const [n, v] of headers) if (keep.has(n.toLowerCase())) out[n] = v
  return out
}

function appSecrets(raw: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = (raw[i] as string).toLowerCase()
    const v = raw[i + 1] as string
    if (n === 'x-api-key' || n === 'key') out.push(v)
    if (n === 'authorization') out.push(v.replace(/^\S+\s+/, ''))
  }
  return out
}
