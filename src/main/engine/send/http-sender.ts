/**
 * Sends one HTTP request upstream exactly as given (method, path, header
 * order and body bytes) with node:http/https, and reports what came back
 * or why nothing did. Never throws: a dead, slow or rude upstream is a
 * result, because the debugger's job is to show it.
 */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { rootCertificates } from 'node:tls'
import type { UpstreamErrorCode } from '../../../shared/contract/send'
import type { HeaderPair } from '../../../shared/model'

export interface OutgoingRequest {
  url: URL
  method: string
  headers: HeaderPair[]
  body: Buffer | null
  /** Gives up (504-style) when no complete answer arrived within this time. */
  timeoutMs: number
  /** Extra trusted CAs (PEM), for upstreams signed by a private CA. */
  ca?: string[]
  signal?: AbortSignal
  /** A keep-alive agent for the URL's protocol; without one each send opens its own connection. */
  agent?: Agent
}

export interface UpstreamResult {
  status: number | null
  headers: HeaderPair[]
  body: Buffer
  bodyTruncated: boolean
  latencyMs: number
  error: { code: UpstreamErrorCode; message: string } | null
}

/** Answers are kept up to this size; the rest is read and dropped so the connection ends cleanly. */
export const MAX_UPSTREAM_BODY = 4 * 1024 * 1024

function classify(err: NodeJS.ErrnoException, url: URL): { code: UpstreamErrorCode; message: string } {
  const where = url.origin
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: 'refused', message: `${where} refused the connection (nothing is listening there).` }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'dns', message: `The host of ${where} could not be resolved.` }
    case 'ECONNRESET':
    case 'EPIPE':
      return { code: 'reset', message: `${where} closed the connection before answering.` }
    default:
      if (
        err.code?.startsWith('ERR_TLS') ||
        err.code?.includes('CERT') ||
        err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT'
      )
        return { code: 'tls', message: `TLS with ${where} failed: ${err.message}` }
      return { code: 'other', message: `Sending to ${where} failed: ${err.message}` }
  }
}

export async function sendHttp(out: OutgoingRequest): Promise<UpstreamResult> {
  const first = await sendOnce(out, out.agent ?? false)
  if (!first.staleSocket) return withoutFlag(first)
  // A kept-alive connection the upstream closed while idle fails before any answer: the request
  // never reached it, so it goes once more on a fresh connection (what Node's docs advise).
  const again = await sendOnce({ ...out, timeoutMs: Math.max(1, out.timeoutMs - first.latencyMs) }, false)
  return { ...withoutFlag(again), latencyMs: first.latencyMs + again.latencyMs }
}

type Attempt = UpstreamResult & { staleSocket: boolean }

function withoutFlag(a: Attempt): UpstreamResult {
  const { staleSocket: _stale, ...result } = a
  return result
}

function sendOnce(out: OutgoingRequest, agent: Agent | false): Promise<Attempt> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    let settled = false
    let response: IncomingMessage | null = null
    const chunks: Buffer[] = []
    let size = 0
    let truncated = false
    let staleSocket = false
    const finish = (result: Omit<UpstreamResult, 'latencyMs'>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      out.signal?.removeEventListener('abort', onAbort)
      resolve({ ...result, latencyMs: elapsed(), staleSocket })
    }
    const partial = (): Pick<UpstreamResult, 'status' | 'headers' | 'body' | 'bodyTruncated'> => ({
      status: response?.statusCode ?? null,
      headers: response ? pairs(response.rawHeaders) : [],
      body: Buffer.concat(chunks),
      bodyTruncated: truncated,
    })

    const isHttps = out.url.protocol === 'https:'
    const req = (isHttps ? httpsRequest : httpRequest)(out.url, {
      method: out.method,
      // Array form keeps the caller's order and spelling, but then Node adds no Host of its own.
      headers: [
        ...(out.headers.some(([n]) => n.toLowerCase() === 'host') ? [] : ['Host', out.url.host]),
        ...out.headers.flat(),
      ],
      // Passing `ca` replaces Node's roots: add them back, a private CA is extra trust, not instead.
      ...(isHttps && out.ca && out.ca.length > 0 ? { ca: [...rootCertificates, ...out.ca] } : {}),
      agent,
    })

    const timer = setTimeout(() => {
      req.destroy()
      finish({
        ...partial(),
        status: null,
        error: {
          code: 'timeout',
          message: `${out.url.origin} did not answer within ${out.timeoutMs} ms.`,
        },
      })
    }, out.timeoutMs)
    const onAbort = (): void => {
      req.destroy()
      finish({ ...partial(), error: { code: 'aborted', message: 'The send was cancelled.' } })
    }
    out.signal?.addEventListener('abort', onAbort, { once: true })

    req.on('error', (err: NodeJS.ErrnoException) => {
      if (response) {
        finish({
          ...partial(),
          error: { code: 'incomplete', message: `${out.url.origin} broke off in the middle of its answer.` },
        })
      } else {
        staleSocket = req.reusedSocket && err.code === 'ECONNRESET'
        finish({ ...partial(), error: classify(err, out.url) })
      }
    })
    req.on('response', (res) => {
      response = res
      res.on('data', (chunk: Buffer) => {
        if (size + chunk.length > MAX_UPSTREAM_BODY) {
          truncated = true
          const room = MAX_UPSTREAM_BODY - size
          if (room > 0) chunks.push(chunk.subarray(0, room))
          size = MAX_UPSTREAM_BODY
          return
        }
        chunks.push(chunk)
        size += chunk.length
      })
      res.on('aborted', () =>
        finish({
          ...partial(),
          error: { code: 'incomplete', message: `${out.url.origin} broke off in the middle of its answer.` },
        }),
      )
      res.on('error', () =>
        finish({
          ...partial(),
          error: { code: 'incomplete', message: `${out.url.origin} broke off in the middle of its answer.` },
        }),
      )
      res.on('end', () => {
        if (!res.complete) {
          finish({
            ...partial(),
            error: {
              code: 'incomplete',
              message: `${out.url.origin} broke off in the middle of its answer.`,
            },
          })
        } else finish({ ...partial(), error: null })
      })
    })
    if (out.body && out.body.length > 0) req.end(out.body)
    else req.end()
  })
}

function pairs(raw: string[]): HeaderPair[] {
  const out: HeaderPair[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string])
  return out
}
