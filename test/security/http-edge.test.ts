/**
 * Broken HTTP still gets one answer and exactly one row: a malformed chunk
 * in the middle of a body, and a URL longer than the header limit.
 */
import { connect } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, startEngine, type TestEngine } from '../helpers/engine'

let t: TestEngine
beforeEach(async () => {
  t = await startEngine()
})
afterEach(async () => {
  await t.stop()
  cleanup(t.dataDir)
})

/** Writes raw bytes and resolves with everything the server sent before closing (or 'no answer' after 5 s). */
function raw(text: string): Promise<string> {
  const port = Number(new URL(t.captureUrl).port)
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let data = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(`${data}[no answer]`)
    }, 5_000)
    socket.on('data', (c) => (data += c.toString()))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(data)
    })
    socket.on('error', () => undefined)
  })
}

async function rows() {
  return (await t.engine.call('events.list', { includeProtocol: true })).items
}

describe('HTTP edge cases', () => {
  it('a malformed chunked body gets a JSON 400 and one row that says why', async () => {
    const answer = await raw(
      'POST /api/track HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[{"a"\r\nZZ\r\nabc\r\n0\r\n\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      success: boolean
      message: string
    }
    expect(body.success).toBe(false)
    expect(body.message).toMatch(/HPE_INVALID_CHUNK_SIZE/)
    const all = await rows()
    expect(all).toHaveLength(1)
    const request = await t.engine.call('requests.get', { id: all[0]!.requestId })
    expect(request).toMatchObject({ method: 'POST', path: '/api/track', responseStatus: 400 })
    expect(request?.findings.map((f) => f.rule)).toEqual(['http.malformed'])
  })

  it('a URL past the header limit gets one 431 and one row, not two', async () => {
    const answer = await raw(
      `POST /api/track?${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]`,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(await rows()).toHaveLength(1)
  })
})
