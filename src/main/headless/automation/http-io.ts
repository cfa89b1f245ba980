/** Small HTTP helpers for the automation API: JSON answers, errors in the contract's shape, bounded bodies. */
import { StringDecoder } from 'node:string_decoder'
import { splitLines } from '../../../shared/line-import'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import type { ApiErrorBody } from '../../../shared/api'
import { sendError } from '../ui-server'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorBody['error']['code'],
    message: string,
  ) {
    super(message)
  }
}

export function badInput(error: z.ZodError, where: string): HttpError {
  return new HttpError(400, 'bad_input', `Bad ${where}: ${z.prettifyError(error)}`)
}

export function parseQuery<T>(schema: z.ZodType<T>, url: URL): T {
  const raw: Record<string, string> = {}
  for (const [k, v] of url.searchParams) {
    if (k in raw)
      throw new HttpError(400, 'bad_input', `Query parameter "${k}" is given twice; use a comma list.`)
    raw[k] = v
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw badInput(parsed.error, 'query')
  return parsed.data
}

/** Past this many times the limit a body is not even drained: the connection is cut. */
const DRAIN_FACTOR = 4

/**
 * Reads a body up to `limit` bytes. A larger one is drained (so the client,
 * still sending, can read the 413) and refused; a far larger one is cut off.
 */
export function readBounded(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= limit) chunks.push(c)
      else if (size > limit * DRAIN_FACTOR) req.destroy()
    })
    req.on('end', () => {
      if (size > limit) reject(new HttpError(413, 'bad_input', `Request body over ${limit} bytes.`))
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
    req.on('close', () => reject(new HttpError(413, 'bad_input', `Request body over ${limit} bytes.`)))
  })
}

export async function readJson<T>(
  req: IncomingMessage,
  schema: z.ZodType<T>,
  limit = 1024 * 1024,
): Promise<T> {
  const text = await readBounded(req, limit)
  let value: unknown
  try {
    value = text.trim() === '' ? {} : JSON.parse(text)
  } catch (error) {
    throw new HttpError(400, 'bad_input', `The body must be JSON: ${(error as Error).message}`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw badInput(parsed.error, 'body')
  return parsed.data
}

export function sendHttpError(res: ServerResponse, error: HttpError): void {
  sendError(res, error.status, error.code, error.message)
}

export function methodNotAllowed(allowed: string): HttpError {
  return new HttpError(405, 'bad_input', `This endpoint answers ${allowed} only.`)
}

/**
 * The request body as lines of text, as it arrives (each chunk a turn of the
 * event loop); more than `limit` bytes ends it with a 413.
 */
export function requestLines(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  return splitLines(decoded(req, limit))
}

/** A body's text as it arrives, refused (413) once it passes `limit` bytes. */
async function* decoded(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      req.resume()
      throw new HttpError(413, 'bad_input', `Request body over ${limit} bytes.`)
    }
    yield decoder.write(chunk)
  }
  yield decoder.end()
}
