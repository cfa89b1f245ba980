/** HTTP at the byte level over node:net, for what fetch refuses to send: stalls, lies, broken framing. */
import { connect, type Socket } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** Milliseconds from connect to the end of the response. */
  elapsedMs: number
}

export function parseRawResponse(text: string): Omit<RawResponse, 'elapsedMs'> | null {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  const length = Number(headers['content-length'] ?? NaN)
  const body = text.slice(end + 4)
  if (Number.isFinite(length) && Buffer.byteLength(body) < length) return null
  return { status, headers, body: Number.isFinite(length) ? body.slice(0, length) : body }
}

/**
 * Opens a connection, lets `write` drive it, and resolves with the first
 * complete response (or rejects after `timeoutMs`). `write` may keep
 * writing after the answer came: its errors (EPIPE) are ignored.
 */
export function rawExchange(
  port: number,
  write: (socket: Socket, answered: () => boolean) => void | Promise<void>,
  timeoutMs = 15_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let done = false
    const timer = setTimeout(() => {
      done = true
      socket.destroy()
      reject(
        new Error(
          `no answer within ${timeoutMs} ms; got ${JSON.stringify(received.toString().slice(0, 200))}`,
        ),
      )
    }, timeoutMs)
    const settle = (): void => {
      const parsed = parseRawResponse(received.toString('utf8'))
      if (!parsed || done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ ...parsed, elapsedMs: Date.now() - started })
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      settle()
    })
    socket.on('end', settle)
    socket.on('error', () => {
      // A server closing mid-upload is expected for refused bodies; the answer may already be in.
      settle()
    })
    socket.on('close', () => {
      settle()
      if (!done) {
        done = true
        clearTimeout(timer)
        reject(
          new Error(
            `connection closed without an answer; got ${JSON.stringify(received.toString().slice(0, 200))}`,
          ),
        )
      }
    })
    socket.on('connect', () => {
      void Promise.resolve(write(socket, () => done)).catch(() => undefined)
    })
  })
}

/** One request in one write: headers (Content-Length added unless given) and body. */
export function rawRequest(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  const body = opts.body === undefined ? Buffer.alloc(0) : Buffer.from(opts.body)
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, connection: 'close', ...opts.headers }
  if (
    !Object.keys(headers).some(
      (h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding',
    )
  )
    headers['content-length'] = String(body.length)
  const head = `${opts.method ?? 'POST'} ${opts.path ?? '/api/track'} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`
  return rawExchange(port, (socket) => {
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]))
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
