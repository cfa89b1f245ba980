/**
 * Hostile input over real sockets. Each case sends what a broken app, a
 * fuzzer or a bad proxy might, then checks three things: the client got a
 * clear JSON answer (where one is possible), the log holds a row saying
 * what arrived and why it was refused, and the server still answers a
 * valid call. The server runs in this process, so its memory is this
 * process's memory: RSS is watched across the whole suite.
 */
import { connect } from 'node:net'
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventDetail } from '../../src/shared/model'
import { cleanup, post, startEngine, trackEvent, type TestEngine } from '../helpers/engine'
import { rawExchange, rawRequest, sleep, type RawResponse } from '../helpers/raw-http'

let t: TestEngine
let port: number
let rssBefore: number
let rssPeak = 0
let bomb: Buffer

/** 200 MB of spaces gzipped, built from one reused 1 MB buffer so the test itself stays small. */
async function makeBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 })
  const out: Buffer[] = []
  gzip.on('data', (c: Buffer) => out.push(c))
  const done = new Promise((r) => gzip.on('end', r))
  const block = Buffer.alloc(1024 * 1024, 0x20)
  for (let i = 0; i < 200; i++) if (!gzip.write(block)) await new Promise((r) => gzip.once('drain', r))
  gzip.end()
  await done
  return Buffer.concat(out)
}

beforeAll(async () => {
  bomb = await makeBomb()
  t = await startEngine()
  port = t.engine.info.port
  global.gc?.()
  rssBefore = process.memoryUsage().rss
})

afterAll(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

function sampleRss(): void {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
}

/** The newest row in the log (protocol rows included), with its request. */
async function newestRow(): Promise<EventDetail> {
  const page = await t.engine.call('events.list', { includeProtocol: true, limit: 1 })
  const id = page.items[0]?.id
  expect(id).toBeDefined()
  const detail = await t.engine.call('events.get', { id: id! })
  return detail!
}

async function rowCount(): Promise<number> {
  return (await t.engine.call('log.stats', {})).requests
}

/** Sends `send`, expects one more row in the log, and a valid call answered afterwards. */
async function hostile(
  send: () => Promise<RawResponse>,
  otherRows = 0,
): Promise<{ res: RawResponse; row: EventDetail }> {
  const before = await rowCount()
  const res = await send()
  sampleRss()
  // The answer comes after the commit, so the row is there already.
  expect(await rowCount()).toBe(before + 1 + otherRows)
  const row = await newestRow()
  const ok = await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('still_serving')]))
  expect(ok.status).toBe(200)
  return { res, row }
}

const json = (v: unknown): string => JSON.stringify(v)
const valid = json([trackEvent('valid')])
const rules = (row: EventDetail): string[] => [...row.request.findings, ...row.findings].map((f) => f.rule)

function jsonBody(res: RawResponse): { success: boolean; message: string } {
  expect(res.headers['content-type']).toMatch(/application\/json/)
  return JSON.parse(res.body) as { success: boolean; message: string }
}

describe('hostile input', () => {
  it('malformed JSON: 400 with the parser message, row keeps the text', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' }, body: '[{"event_name": "x",' }),
    )
    expect(res.status).toBe(400)
    expect(jsonBody(res)).toMatchObject({
      success: false,
      message: expect.stringContaining('not valid JSON'),
    })
    expect(row.request.bodyText).toBe('[{"event_name": "x",')
    expect(rules(row)).toContain('json.syntax')
  })

  it('empty body: 400', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' } }),
    )
    expect(res.status).toBe(400)
    expect(jsonBody(res).message).toMatch(/empty/)
    expect(rules(row)).toContain('body.empty')
  })

  it('text/plain JSON from a beacon is accepted', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: valid }),
    )
    expect(res.status).toBe(200)
    expect(jsonBody(res).success).toBe(true)
    expect(row.kind).toBe('event')
    expect(row.request.findings).toContainEqual(
      expect.objectContaining({ rule: 'http.content-type', severity: 'info' }),
    )
  })

  it('an unknown content type is read as JSON with a warning', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: valid }),
    )
    expect(res.status).toBe(200)
    expect(row.request.findings).toContainEqual(
      expect.objectContaining({ rule: 'http.content-type', severity: 'warning' }),
    )
    expect(row.request.status).toBe('warnings')
  })

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('Content-Encoding %s is decoded', async (encoding, compress) => {
    const { res, row } = await hostile(() =>
      rawRequest(port, {
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: compress(Buffer.from(json([trackEvent(`compressed_${encoding}`)]))),
      }),
    )
    expect(res.status).toBe(200)
    expect(row.eventName).toBe(`compressed_${encoding}`)
  })

  it('a decompression bomb is cut off at the limit: 400 like the real API, nothing close to its size is buffered', async () => {
    expect(bomb.length).toBeLessThan(300 * 1024)
    const { res, row } = await hostile(() =>
      rawRequest(port, {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      }),
    )
    expect(res.status).toBe(400)
    expect(jsonBody(res).message).toMatch(/decod/)
    expect(row.request.bodyTruncated).toBe(true)
    expect(rules(row)).toContain('body.too-large')
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024)
  })

  it('corrupt gzip: 400 saying it does not decode', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: Buffer.from('definitely not gzip'),
      }),
    )
    expect(res.status).toBe(400)
    expect(rules(row)).toContain('body.bad-encoding')
  })

  it('an unsupported Content-Encoding: 415, the raw bytes kept', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, {
        headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
        body: valid,
      }),
    )
    expect(res.status).toBe(415)
    expect(jsonBody(res).message).toMatch(/not supported/)
    expect(rules(row)).toContain('body.unsupported-encoding')
    expect(row.request.bodyText).toBe(valid)
  })

  it('an unknown path is 404 and a wrong method 405, each with a row', async () => {
    const missing = await hostile(() => rawRequest(port, { path: '/api/nope', body: valid }))
    expect(missing.res.status).toBe(404)
    expect(rules(missing.row)).toContain('http.path')
    const wrong = await hostile(() => rawRequest(port, { method: 'PUT', body: valid }))
    expect(wrong.res.status).toBe(405)
    expect(wrong.res.headers['allow']).toBe('POST, OPTIONS')
    expect(rules(wrong.row)).toContain('http.method')
  })

  it('a client that hangs up mid-body leaves a row saying so', async () => {
    const before = await rowCount()
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /api/track HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{"event_name":',
        )
        setTimeout(() => {
          socket.destroy()
          resolve()
        }, 100)
      })
    })
    for (let i = 0; i < 50 && (await rowCount()) === before; i++) await sleep(20)
    expect(await rowCount()).toBe(before + 1)
    const row = await newestRow()
    expect(rules(row)).toContain('body.aborted')
    expect(row.request.bodyText).toBe('[{"event_name":')
    expect((await post(`${t.captureUrl}/track`, valid)).status).toBe(200)
  })

  it('invalid UTF-8: 400, the exact bytes kept', async () => {
    const bytes = Buffer.from([0x5b, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d, 0x5d])
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' }, body: bytes }),
    )
    expect(res.status).toBe(400)
    expect(rules(row)).toContain('body.utf8')
    expect(Buffer.from(row.request.bodyBase64!, 'base64').equals(bytes)).toBe(true)
  })

  it('a BOM is tolerated with a warning', async () => {
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' }, body: `\uFEFF${valid}` }),
    )
    expect(res.status).toBe(200)
    expect(row.request.findings).toContainEqual(expect.objectContaining({ rule: 'body.bom' }))
  })

  it('a 50 MB body is refused once past the limit, without reading it all', async () => {
    const total = 50 * 1024 * 1024
    const chunk = Buffer.alloc(256 * 1024, 0x61)
    let sent = 0
    const { res, row } = await hostile(() =>
      rawExchange(port, async (socket, answered) => {
        socket.write(
          `POST /api/track HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${total}\r\n\r\n`,
        )
        while (sent < total && !answered() && !socket.destroyed) {
          sent += chunk.length
          if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r))
        }
      }),
    )
    expect(res.status).toBe(400)
    expect(jsonBody(res).message).toMatch(/over the .*limit/)
    expect(sent).toBeLessThan(total)
    expect(row.request.bodySize).toBe(total)
    expect(row.request.bodyTruncated).toBe(true)
    expect(row.request.bodyText.length).toBeLessThanOrEqual(64 * 1024)
    expect(row.request.bodyText.startsWith('aaaa')).toBe(true)
  })

  it('a chunked upload with no length is cut at the limit', async () => {
    const chunk = Buffer.alloc(512 * 1024, 0x61)
    const { res, row } = await hostile(() =>
      rawExchange(port, async (socket, answered) => {
        socket.write(
          'POST /api/track HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
        )
        for (let i = 0; i < 100 && !answered() && !socket.destroyed; i++) {
          const ok =
            socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n')
          if (!ok) await new Promise((r) => socket.once('drain', r))
        }
      }),
    )
    expect(res.status).toBe(400)
    expect(row.request.bodyTruncated).toBe(true)
  })

  it('JSON nested 100,000 deep is refused before anything recursive touches it', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' }, body: deep }),
    )
    expect(res.status).toBe(400)
    expect(jsonBody(res).message).toMatch(/nested deeper/)
    expect(rules(row)).toContain('json.depth')
    expect(row.request.bodySize).toBe(200_000)
  })

  it('numbers beyond 2^53 are kept exactly as sent, with a warning', async () => {
    const body =
      '[{"event_name":"big","user_id":"u","properties":{"order_id":123456789012345678901234567890},"timestamp":"' +
      new Date().toISOString() +
      '"}]'
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' }, body }),
    )
    expect(res.status).toBe(200)
    expect(row.request.bodyText).toBe(body)
    expect(row.json).toContain('123456789012345678901234567890')
    expect(row.findings).toContainEqual(
      expect.objectContaining({ rule: 'json.unsafe-integer', path: '/properties/order_id' }),
    )
  })

  it('duplicate keys are accepted with a warning pointing at the key', async () => {
    const body = `[{"event_name":"dup","event_name":"dup2","user_id":"u","timestamp":"${new Date().toISOString()}"}]`
    const { res, row } = await hostile(() =>
      rawRequest(port, { headers: { 'content-type': 'application/json' }, body }),
    )
    expect(res.status).toBe(200)
    expect(row.findings).toContainEqual(
      expect.objectContaining({ rule: 'json.duplicate-key', path: '/event_name' }),
    )
    expect(row.json).toContain('"event_name":"dup"')
  })

  it('malformed HTTP gets a JSON 400 and a row', async () => {
    const { res, row } = await hostile(() =>
      rawExchange(port, (socket) => {
        socket.write('THIS IS NOT HTTP\r\n\r\n')
      }),
    )
    expect(res.status).toBe(400)
    expect(jsonBody(res).success).toBe(false)
    expect(rules(row)).toContain('http.malformed')
    expect(row.request.bodyText).toContain('THIS IS NOT HTTP')
  })

  it('a client sending headers byte by byte and stalling is timed out with 408, others are served meanwhile', async () => {
    const { res, row } = await hostile(
      () =>
        rawExchange(
          port,
          async (socket) => {
            for (const byte of 'POST /api/track HTTP/1.1\r\nhost: x\r\nx-api-') {
              if (socket.destroyed) return
              socket.write(byte)
              await sleep(20)
            }
            // ...and never finishes. Meanwhile, the server keeps serving others.
            const other = await post(`${t.captureUrl}/track`, valid)
            expect(other.status).toBe(200)
          },
          20_000,
        ),
      1,
    )
    expect(res.status).toBe(408)
    expect(res.elapsedMs).toBeGreaterThanOrEqual(9_000)
    expect(jsonBody(res).message).toMatch(/did not arrive in time/)
    expect(rules(row)).toContain('http.timeout')
  }, 30_000)

  it('hundreds of concurrent connections all get an answer and a row', async () => {
    const before = await rowCount()
    const n = 300
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        rawRequest(port, {
          headers: { 'content-type': 'application/json' },
          body: json([trackEvent(`concurrent_${i}`)]),
        }),
      ),
    )
    sampleRss()
    expect(results.filter((r) => r.status === 200)).toHaveLength(n)
    expect(await rowCount()).toBe(before + n)
    expect((await post(`${t.captureUrl}/track`, valid)).status).toBe(200)
  })

  it('memory stayed bounded across the suite', () => {
    sampleRss()
    // The suite pushed a 200 MB bomb and 50 MB uploads through; none of it may stay or be buffered whole.
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024)
  })
})
