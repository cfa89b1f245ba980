/**
 * Reading large events through the automation API: a page stops before it
 * passes `max_bytes` (however high `limit` is), is streamed rather than
 * built as one string, and says how to get the next page; following `next`
 * visits every event exactly once, both ways. Real servers, real HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automationRoutes } from '../../src/main/headless/automation/automation-routes'
import { post, trackEvent } from '../helpers/engine'
import { startUi, type TestUi } from '../helpers/ui-server'

const TOKEN = 'big-reads-token-0123456789'
let s: TestUi

beforeEach(async () => {
  s = await startUi({ token: TOKEN, routes: (engine) => [automationRoutes(engine)] })
  for (let i = 0; i < 30; i++) {
    const event = trackEvent(`big_${i}`, { properties: { blob: `${i}`.padEnd(300_000, 'x') } })
    expect((await post(`${s.t.captureUrl}/track`, JSON.stringify([event]))).status).toBe(200)
  }
})
afterEach(() => s.stop())

interface Page {
  items: { id: number; eventName: string }[]
  next: string | null
  cutByBytes: boolean
  nextBefore: number | null
  nextAfter: number | null
}

async function get(path: string): Promise<{ page: Page; bytes: number; chunked: boolean }> {
  const res = await fetch(`${s.ui.baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  const text = await res.text()
  return {
    page: JSON.parse(text) as Page,
    bytes: Buffer.byteLength(text),
    chunked: res.headers.get('content-length') === null,
  }
}

describe('automation reads of large events', () => {
  it('pages by bytes, streams each page, and names the next one until there is none', async () => {
    const seen: string[] = []
    let path: string | null = '/automation/v1/events?limit=1000&max_bytes=1048576'
    let pages = 0
    while (path) {
      const { page, bytes, chunked } = await get(path)
      expect(chunked).toBe(true)
      expect(bytes).toBeLessThan(1_048_576 + 400_000)
      if (page.next) expect(page.cutByBytes).toBe(true)
      seen.push(...page.items.map((i) => i.eventName))
      path = page.next
      pages++
      expect(pages).toBeLessThan(40)
    }
    expect(pages).toBeGreaterThan(5)
    expect(new Set(seen).size).toBe(30)
    expect(seen).toHaveLength(30)
  })

  it('polling forward with after= pages the same way, oldest first', async () => {
    const seen: number[] = []
    let path: string | null = '/automation/v1/events?after=0&limit=1000&max_bytes=1048576'
    for (let pages = 0; path && pages < 40; pages++) {
      const { page } = await get(path)
      if (page.items.length === 0) break
      seen.push(...page.items.map((i) => i.id))
      path = page.next
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(new Set(seen).size).toBe(30)
  })

  it('always moves on: one event larger than max_bytes still makes a page of one', async () => {
    const { page } = await get('/automation/v1/events?limit=10&max_bytes=65536')
    expect(page.items).toHaveLength(1)
    expect(page.next).toMatch(/before=\d+/)
  })
})
