/**
 * Real upstream servers on loopback for send and forward tests: they
 * record exactly what arrived (method, path, raw headers, body bytes) and
 * answer as each test tells them — normally, slowly, with a 500, or by
 * breaking off mid-body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { generateCACertificate, getLocal, type Mockttp } from 'mockttp'
import { createEngine } from '../../src/main/engine/engine'
import type { SendOptions } from '../../src/main/engine/send/send-options'
import { tempDir, type TestEngine } from './engine'

export interface Arrived {
  method: string
  url: string
  rawHeaders: [string, string][]
  body: Buffer
}

export type Behaviour = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void

export interface Upstream {
  baseUrl: string
  arrived: Arrived[]
  behave(b: Behaviour): void
  close(): Promise<void>
}

export const okJson: Behaviour = (_req, res) => {
  const body = JSON.stringify({ success: true, response_id: 'up-1', message: 'Event tracked successfully' })
  res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' })
  res.end(body)
}

export async function startHttpUpstream(): Promise<Upstream> {
  const arrived: Arrived[] = []
  let behaviour: Behaviour = okJson
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const rawHeaders: [string, string][] = []
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        rawHeaders.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string])
      arrived.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders, body })
      behaviour(req, res, body)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    arrived,
    behave: (b) => (behaviour = b),
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

export interface HttpsUpstream {
  server: Mockttp
  baseUrl: string
  caCert: string
}

/** An HTTPS peer with a CA generated for the test, so trust must be configured, not switched off. */
export async function startHttpsUpstream(): Promise<HttpsUpstream> {
  const ca = await generateCACertificate({ subject: { commonName: 'Track Debugger test CA' } })
  const server = getLocal({ https: { key: ca.key, cert: ca.cert } })
  await server.start()
  return { server, baseUrl: `https://localhost:${server.port}/api`, caCert: ca.cert }
}

/** A port with nothing listening: bind, note it, close. */
export async function deadPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

export function header(a: Arrived, name: string): string | undefined {
  return a.rawHeaders.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
}

/** A real engine (temp folder, capture on port 0) with send options for tests. */
export async function startSendEngine(send: SendOptions = {}, dataDir = tempDir()): Promise<TestEngine> {
  const engine = createEngine({ dataDir, capturePort: 0, version: 'test', transport: 'http', send })
  await engine.start()
  return { engine, dataDir, captureUrl: engine.info.captureUrl, stop: () => engine.close() }
}
