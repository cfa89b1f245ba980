/**
 * Reads a request body under a hard size limit, decoding gzip / deflate /
 * br on the way. The limit applies to the decoded bytes, so a
 * decompression bomb is cut off as soon as it expands past it, and a huge
 * upload is refused once it passes the limit instead of being buffered.
 * What did arrive is kept (up to the limit) so the log can show it.
 * When an encoding was decoded, the bytes as they arrived are kept too
 * (also up to the limit), for forward mode to pass on unchanged; they are
 * looked up by request (`wireBody`) so nothing else on the capture path
 * has to carry them.
 */
import type { IncomingMessage } from 'node:http'
import type { Transform } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'

/** A decoded body's bytes as they arrived, and the Content-Encoding they arrived with. */
export interface WireBody {
  body: Buffer
  encoding: string
}

// Weak: an entry lives exactly as long as its request object.
const wireBodies = new WeakMap<IncomingMessage, WireBody>()

/** The wire bytes of a request whose body was read completely and decoded; null when none was decoded. */
export function wireBody(req: IncomingMessage): WireBody | null {
  return wireBodies.get(req) ?? null
}

/** What the log keeps of a body refused by its declared size. */
const PREVIEW_BYTES = 64 * 1024

/**
 * One budget for the body bytes every request in flight holds, so a
 * thousand slow uploads near the size limit cannot hold gigabytes: a
 * request whose next chunk would pass it stops being read and is answered
 * 503 (capture-server.ts). Bytes are taken as they are kept and given back
 * when the request has been answered.
 */
export class ByteBudget {
  private used = 0
  constructor(readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false
    this.used += bytes
    return true
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes)
  }

  get inUse(): number {
    return this.used
  }
}

/** A share of the machine: 1/16 of its memory, at least 64 MiB and at most 1 GiB. */
export function defaultBodyBudget(totalMemory: number): number {
  return Math.round(Math.min(1024 * 1024 * 1024, Math.max(64 * 1024 * 1024, totalMemory / 16)))
}

const UNLIMITED = new ByteBudget(Number.POSITIVE_INFINITY)

export interface BodyResult {
  body: Buffer
  /** Bytes seen: decoded bytes, or wire bytes when decoding failed. */
  size: number
  truncated: boolean
  /** Why the body could not be read completely, in words. */
  error: string | null
  errorKind: 'too-large' | 'bad-encoding' | 'unsupported-encoding' | 'aborted' | 'busy' | null
  /** Bytes taken from the budget for this request; give them back once it is answered. */
  held: number
}

function decoderFor(encoding: string): Transform | null | 'unsupported' {
  switch (encoding) {
    case '':
    case 'identity':
      return null
    case 'gzip':
    case 'x-gzip':
      return createGunzip()
    case 'deflate':
      return createInflate()
    case 'br':
      return createBrotliDecompress()
    default:
      return 'unsupported'
  }
}

export function readBody(
  req: IncomingMessage,
  limit: number,
  budget: ByteBudget = UNLIMITED,
  /** Aborted when the connection broke in a way the request stream does not report (a malformed chunk). */
  stop?: AbortSignal,
): Promise<BodyResult> {
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
  const decoder = decoderFor(encoding)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let kept = 0
    let size = 0
    let held = 0
    let settled = false
    const finish = (result: Omit<BodyResult, 'body' | 'held'>): void => {
      if (settled) return
      settled = true
      resolve({ body: Buffer.concat(chunks, kept), ...result, held })
    }
    /** Take bytes for this request; when the budget is spent, stop reading and say so. */
    const hold = (bytes: number): boolean => {
      if (budget.take(bytes)) {
        held += bytes
        return true
      }
      chunks.length = 0
      kept = 0
      finish({
        size,
        truncated: true,
        error:
          `The debugger is holding as many request bodies as it allows at once (${Math.round(budget.limit / 1048576)} MB); ` +
          'this one was not read. Try again in a moment.',
        errorKind: 'busy',
      })
      if (decoder && decoder !== 'unsupported') {
        req.unpipe(decoder)
        decoder.destroy()
      }
      // Let the rest drain unbuffered so the answer can still reach the client.
      req.resume()
      return false
    }

    if (decoder === 'unsupported') {
      // Keep the raw bytes so nothing is lost; the caller rejects with a clear message.
      collect(req, limit, chunks, hold, (k, s, truncated) => {
        kept = k
        finish({
          size: s,
          truncated,
          error: `Content-Encoding "${encoding}" is not supported (use gzip, deflate or br).`,
          errorKind: 'unsupported-encoding',
        })
      })
      return
    }

    // A declared size past the limit is refused at once: only a preview is read, for the log.
    const declared = Number(req.headers['content-length'])
    const refuseEarly = !decoder && Number.isFinite(declared) && declared > limit
    const keepLimit = refuseEarly ? Math.min(limit, PREVIEW_BYTES) : limit
    const refuse = (): void => {
      finish({
        size: declared,
        truncated: true,
        error: `Body of ${declared} bytes is over the ${limit}-byte limit; it was refused without reading it.`,
        errorKind: 'too-large',
      })
      // Let the rest drain unbuffered so the answer can still reach the client.
      req.resume()
    }

    const source = decoder ? req.pipe(decoder) : req
    if (decoder) {
      const wire: Buffer[] = []
      let wireSize = 0
      req.on('data', (chunk: Buffer) => {
        wireSize += chunk.length
        if (settled || wireSize > limit) return
        if (hold(chunk.length)) wire.push(chunk)
      })
      // Kept only for a body read whole (within the limit): anything else is refused, never forwarded.
      source.once('end', () => {
        if (wireSize <= limit && size <= limit) {
          const header = String(req.headers['content-encoding'] ?? '').trim()
          wireBodies.set(req, { body: Buffer.concat(wire, wireSize), encoding: header })
        }
      })
    }
    source.on('data', (chunk: Buffer) => {
      if (settled) return
      size += chunk.length
      if (kept < keepLimit) {
        const room = keepLimit - kept
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk
        if (!hold(part.length)) return
        chunks.push(part)
        kept += part.length
      }
      if (refuseEarly) {
        if (kept >= keepLimit) refuse()
        return
      }
      if (size > limit) {
        finish({
          size,
          truncated: true,
          error: decoder
            ? `Body decodes to more than the ${limit}-byte limit (${encoding}); decoding was stopped.`
            : `Body is over the ${limit}-byte limit; reading was stopped.`,
          errorKind: 'too-large',
        })
        if (decoder) {
          req.unpipe(decoder)
          decoder.destroy()
        }
        // Let the rest drain unbuffered so the answer can still reach the client.
        req.resume()
      }
    })
    source.on('end', () =>
      refuseEarly ? refuse() : finish({ size, truncated: false, error: null, errorKind: null }),
    )
    source.on('error', (err: Error) => {
      finish({
        size,
        truncated: true,
        error: decoder ? `Body could not be decoded as ${encoding}: ${err.message}` : err.message,
        errorKind: decoder ? 'bad-encoding' : 'aborted',
      })
      req.resume()
    })
    stop?.addEventListener(
      'abort',
      () =>
        finish({
          size,
          truncated: true,
          error: 'The body could not be parsed as HTTP.',
          errorKind: 'aborted',
        }),
      { once: true },
    )
    req.on('aborted', () =>
      finish({
        size,
        truncated: true,
        error: 'Client closed the connection mid-body.',
        errorKind: 'aborted',
      }),
    )
    req.on('error', () =>
      finish({
        size,
        truncated: true,
        error: 'Connection failed while reading the body.',
        errorKind: 'aborted',
      }),
    )
  })
}

function collect(
  req: IncomingMessage,
  limit: number,
  chunks: Buffer[],
  hold: (bytes: number) => boolean,
  done: (kept: number, size: number, truncated: boolean) => void,
): void {
  let kept = 0
  let size = 0
  let stopped = false
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (!stopped && kept < limit) {
      const part = chunk.subarray(0, limit - kept)
      if (!hold(part.length)) {
        stopped = true
        return
      }
      chunks.push(part)
      kept += part.length
    }
  })
  req.on('end', () => done(kept, size, size > limit))
  req.on('error', () => done(kept, size, true))
}
