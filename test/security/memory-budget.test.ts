/**
 * One budget for the body bytes held by every request in flight: slow
 * uploads near the size limit cannot make the capture server hold memory
 * without bound. Past the budget a request is answered 503 with
 * Retry-After and recorded; the bytes come back once requests are answered.
 * Real sockets, real engine; loopback only, bounded in count and time.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/engine'
import { cleanup, post, tempDir, trackEvent, type TestEngine } from '../helpers/engine'

let t: TestEngine | null = null
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await t?.stop()
  if (t) cleanup(t.dataDir)
  t = null
})

async function engineWithBudget(bytes: number): Promise<TestEngine> {
  const dataDir = tempDir()
  const engine = createEngine({
    dataDir,
    capturePort: 0,
    version: 'test',
    transport: 'http',
    bodyBudgetBytes: bytes,
  })
  await engine.start()
  return { engine, dataDir, captureUrl: engine.info.captureUrl, stop: () => engine.close() }
}

/** Starts an upload that declares `declared` bytes, sends `sent` of them and stalls; resolves with what came back. */
function slowUpload(
  port: number,
  declared: number,
  sent: number,
): { answer: Promise<string>; socket: Socket } {
  const socket = connect(port, '127.0.0.1')
  sockets.push(socket)
  let data = ''
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (c) => {
      data += c.toString()
      if (data.includes('\r\n\r\n')) resolve(data)
    })
    socket.on('close', () => resolve(data))
    socket.on('error', () => resolve(data))
  })
  socket.on('connect', () => {
    socket.write(
      `POST /api/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
    )
    socket.write(Buffer.alloc(sent, 0x20))
  })
  return { answer, socket }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('in-flight body budget', () => {
  it('answers 503 with Retry-After past the budget, records it, and recovers when bytes are given back', async () => {
    t = await engineWithBudget(1024 * 1024)
    const port = Number(new URL(t.captureUrl).port)
    const first = slowUpload(port, 2_000_000, 400_000)
    const second = slowUpload(port, 2_000_000, 400_000)
    await settle(300)
    const third = slowUpload(port, 2_000_000, 400_000)
    const answer = await Promise.race([third.answer, settle(5_000).then(() => 'no answer')])
    expect(answer).toMatch(/^HTTP\/1\.1 503 /)
    expect(answer).toMatch(/Retry-After: 1/i)
    const rows = await t.engine.call('events.list', { rules: ['body.busy'] })
    expect(rows.items).toHaveLength(1)

    // The two stalled uploads still hold their bytes: a big body does not fit, a small one does.
    const small = await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('small')]))
    expect(small.status, JSON.stringify(small.json)).toBe(200)
    first.socket.destroy()
    second.socket.destroy()
    await settle(300)
    const big = JSON.stringify([trackEvent('big', { properties: { pad: 'x'.repeat(900_000) } })])
    const bigAnswer = await post(`${t.captureUrl}/track`, big)
    expect(bigAnswer.status, JSON.stringify(bigAnswer.json)).toBe(200)
  })

  it('keeps memory bounded under 150 slow uploads of 1 MB each', async () => {
    t = await engineWithBudget(16 * 1024 * 1024)
    const port = Number(new URL(t.captureUrl).port)
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    const uploads = Array.from({ length: 150 }, () => slowUpload(port, 2_000_000, 1_000_000))
    await settle(2_000)
    const grown = process.memoryUsage().rss - before
    const refused = (
      await Promise.all(uploads.map((u) => Promise.race([u.answer, settle(100).then(() => '')])))
    ).filter((a) => a.startsWith('HTTP/1.1 503')).length
    // 150 MB was sent; the server holds at most its 16 MB budget plus what is in transit.
    expect(grown).toBeLessThan(100 * 1024 * 1024)
    expect(refused).toBeGreaterThan(100)
  }, 30_000)
})
