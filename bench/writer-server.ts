/**
 * Benchmark part 5: where should the log's writes run? The same server is
 * started twice. Each request is read, parsed and validated by the capture
 * path's own parser, and its rows are written by the capture path's own
 * writer (`CaptureRows`, the log's schema and indexes) in a group commit,
 * and the request is answered once they are committed.
 *
 * - `main`: the writes run on the thread that answers HTTP, as the engine
 *   does today;
 * - `worker`: each batch is posted to a worker thread that owns the write
 *   connection, and answered when the worker says it is committed.
 *
 * Everything else the engine does per request (the full-text index, the
 * live feed, redaction) is left out of both, so the difference is the
 * placement alone. Prints `READY <port>`. Bundled by bench/run.mjs; not
 * part of the app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { openDatabase } from '../src/main/engine/db/database'
import { CaptureRows } from '../src/main/engine/writer/capture-rows'
import { parseCall } from '../src/main/engine/capture/parse-call'
import { specValidator } from '../src/main/engine/validate/spec-validator'
import type { Entry } from '../src/main/engine/entry'

const ANSWER = '{"success":true,"message":"Event tracked successfully"}'

interface Pending {
  entry: Entry
  res: ServerResponse
}

function entryOf(req: IncomingMessage, body: Buffer): Entry {
  const receivedAt = Date.now()
  const parsed = parseCall('track', body, receivedAt, specValidator, req.headers['content-type'] ?? null)
  return {
    request: {
      receivedAt,
      method: req.method ?? 'POST',
      path: req.url ?? '/',
      query: '',
      callType: 'track',
      headers: [],
      remoteAddress: req.socket.remoteAddress ?? null,
      origin: null,
      userAgent: req.headers['user-agent'] ?? null,
      contentType: req.headers['content-type'] ?? null,
      body,
      bodySize: body.length,
      bodyTruncated: false,
      responseStatus: 200,
      responseBody: ANSWER,
      latencyMs: 0,
      responseHeaders: null,
      error: null,
      eventCount: parsed.events.length,
      status: 'valid',
      findings: parsed.requestFindings,
      entryOrigin: 'captured',
      parentId: null,
    },
    events: parsed.events,
    sessionId: null,
  }
}

function answer(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': ANSWER.length })
  res.end(ANSWER)
}

function serve(mode: 'main' | 'worker', dbFile: string): void {
  let pending: Pending[] = []
  let scheduled = false
  let write: (batch: Pending[]) => void
  if (mode === 'main') {
    const rows = new CaptureRows(openDatabase(dbFile))
    write = (batch) => {
      rows.write(batch.map((p) => p.entry))
      for (const p of batch) answer(p.res)
    }
  } else {
    const worker = new Worker(new URL(import.meta.url), { workerData: { dbFile } })
    const waiting = new Map<number, Pending[]>()
    let next = 0
    worker.on('message', (id: number) => {
      for (const p of waiting.get(id) ?? []) answer(p.res)
      waiting.delete(id)
    })
    write = (batch) => {
      const id = next++
      waiting.set(id, batch)
      worker.postMessage({ id, entries: batch.map((p) => p.entry) })
    }
  }
  const flush = () => {
    scheduled = false
    const batch = pending
    pending = []
    write(batch)
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      pending.push({ entry: entryOf(req, Buffer.concat(chunks)), res })
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
  })
  server.keepAliveTimeout = 5_000
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`)
  })
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}

if (isMainThread) {
  const mode = process.argv[2] === 'worker' ? 'worker' : 'main'
  const dir = mkdtempSync(join(tmpdir(), 'td-bench-writer-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  serve(mode, join(dir, 'log.db'))
} else {
  const rows = new CaptureRows(openDatabase((workerData as { dbFile: string }).dbFile))
  parentPort?.on('message', (m: { id: number; entries: Entry[] }) => {
    // A Buffer arrives as a plain Uint8Array: make it a Buffer again over the same memory.
    for (const e of m.entries) {
      const b = e.request.body
      if (b) e.request.body = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
    }
    rows.write(m.entries)
    parentPort?.postMessage(m.id)
  })
}
