/**
 * The headless transport: `POST /rpc/<method>` for calls and a fetch-read
 * server-sent-event stream (`GET /rpc/stream`) for pushes, both carrying the
 * per-run bearer token. The stream reconnects with backoff; stores learn of a
 * reconnect through the connection state and re-fetch what they missed.
 */
import type { Api, ApiPushes, MethodInput, MethodName, MethodOutput, PushName } from '../../../shared/api'
import { PUSH_NAMES } from '../../../shared/push-names'
import { ApiError, type ApiErrorCode } from './api-error'
import { SseParser, type SseMessage } from './sse-parser'
import { forgetToken } from './token'
import type { ConnectionState, Transport } from './transport'

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000]
/** The server sends keep-alive comments; a stream silent for this long is presumed dead (sleep, proxy). */
const IDLE_TIMEOUT_MS = 60_000
const UNREACHABLE = 'Cannot reach the Track Debugger server. Is `track-debugger serve` still running?'
const UNAUTHORIZED = 'The server did not accept this page’s token.'

type PushListener = (payload: unknown) => void

function isPushName(name: string): name is PushName {
  return (PUSH_NAMES as readonly string[]).includes(name)
}

function readErrorBody(body: unknown): { code: ApiErrorCode; message: string } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null
  const error = body.error
  if (typeof error !== 'object' || error === null) return null
  const message = 'message' in error && typeof error.message === 'string' ? error.message : null
  const code = 'code' in error && typeof error.code === 'string' ? (error.code as ApiErrorCode) : 'internal'
  return message ? { code, message } : null
}

export function createHttpTransport(token: string): Transport {
  const authorization = `Bearer ${token}`
  let state: ConnectionState = 'connecting'
  const stateListeners = new Set<(state: ConnectionState, detail: string | null) => void>()
  const pushListeners = new Map<PushName, Set<PushListener>>()
  let streamStarted = false
  let streamAbort: AbortController | null = null
  let attempt = 0

  function setState(next: ConnectionState): void {
    if (state === next || state === 'unauthorized') return
    state = next
    for (const listener of stateListeners) listener(next, null)
  }

  function markUnauthorized(): void {
    // The server restarted with a new token (or never had this one): keeping it would only fail again.
    forgetToken()
    setState('unauthorized')
    streamAbort?.abort()
  }

  async function call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    let response: Response
    try {
      response = await fetch(`/rpc/${name}`, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      })
    } catch {
      throw new ApiError('network', UNREACHABLE)
    }
    const body: unknown = await response.json().catch(() => null)
    if (response.status === 401) {
      markUnauthorized()
      throw new ApiError('unauthorized', readErrorBody(body)?.message ?? UNAUTHORIZED)
    }
    if (!response.ok) {
      const error = readErrorBody(body)
      throw new ApiError(
        error?.code ?? 'internal',
        error?.message ?? `The server answered HTTP ${response.status}.`,
      )
    }
    if (typeof body !== 'object' || body === null || !('result' in body)) {
      throw new ApiError('internal', `The server sent an unreadable answer to ${name}.`)
    }
    return body.result as MethodOutput<M>
  }

  function dispatch(message: SseMessage): void {
    if (!isPushName(message.event)) return
    const listeners = pushListeners.get(message.event)
    if (!listeners || listeners.size === 0) return
    let payload: unknown
    try {
      payload = JSON.parse(message.data)
    } catch {
      return
    }
    for (const listener of listeners) listener(payload)
  }

  async function readStream(): Promise<void> {
    const abort = new AbortController()
    streamAbort = abort
    let idle: ReturnType<typeof setTimeout> | undefined
    const armIdle = (): void => {
      clearTimeout(idle)
      idle = setTimeout(() => abort.abort(), IDLE_TIMEOUT_MS)
    }
    try {
      const response = await fetch('/rpc/stream', {
        headers: { Authorization: authorization, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: abort.signal,
      })
      if (response.status === 401) {
        markUnauthorized()
        return
      }
      if (!response.ok || !response.body) throw new Error(`stream answered HTTP ${response.status}`)
      attempt = 0
      setState('open')
      armIdle()
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      const parser = new SseParser()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        armIdle()
        for (const message of parser.push(value)) dispatch(message)
      }
    } catch {
      // Dropped, aborted by the idle watchdog, or never reached: all end in a reconnect below.
    } finally {
      clearTimeout(idle)
    }
    if (state === 'unauthorized') return
    setState('reconnecting')
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 15000
    attempt++
    setTimeout(() => void readStream(), delay)
  }

  function ensureStream(): void {
    if (streamStarted) return
    streamStarted = true
    void readStream()
  }

  function on<P extends PushName>(name: P, listener: (payload: ApiPushes[P]) => void): () => void {
    let listeners = pushListeners.get(name)
    if (!listeners) {
      listeners = new Set()
      pushListeners.set(name, listeners)
    }
    const entry = listener as PushListener
    listeners.add(entry)
    ensureStream()
    return () => {
      listeners.delete(entry)
    }
  }

  // Any method name becomes its call, so a method added to the contract needs no change here, and
  // the page does not load the contract's schemas (zod and its schemas) to learn the names.
  const calls = new Map<string, (input: unknown) => Promise<unknown>>()
  const api = new Proxy({ on } as Api, {
    get(target, name, receiver) {
      // `then`: the API is not a promise (awaiting it, or returning it from an async function, must not call "then").
      if (typeof name !== 'string' || name === 'on' || name === 'then')
        return Reflect.get(target, name, receiver)
      let method = calls.get(name)
      if (!method) {
        method = (input: unknown) => call(name as MethodName, input as MethodInput<MethodName>)
        calls.set(name, method)
      }
      return method
    },
  })

  return {
    kind: 'http',
    api,
    onConnectionChange(listener) {
      stateListeners.add(listener)
      listener(state, null)
      return () => {
        stateListeners.delete(listener)
      }
    },
  }
}
