/**
 * `GET /automation/v1/events`, written as it is read: each event is
 * serialised and sent on its own (the socket's backpressure respected), so
 * a page of large events never becomes one giant string. A page ends at its
 * `limit` or before it passes `max_bytes`, whichever comes first, and says
 * how to get the next one: the cursor (`nextBefore` / `nextAfter`) and the
 * ready-made `next` URL.
 */
import type { ServerResponse } from 'node:http'
import type { TrackEngine } from '../../engine/engine'
import { toEventQuery, type AutomationEventFilter } from '../../engine/db/event-summary'
import { SECURITY_HEADERS } from '../ui-server'

interface PageOptions {
  limit: number
  before?: number
  after?: number
  maxBytes: number
}

function write(res: ServerResponse, text: string): Promise<void> | void {
  if (res.write(text)) return
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** The request's own URL with the cursor moved on. */
function nextUrl(url: URL, cursor: { before?: number; after?: number }): string {
  const next = new URL(url)
  next.searchParams.delete('before')
  next.searchParams.delete('after')
  if (cursor.before !== undefined) next.searchParams.set('before', String(cursor.before))
  if (cursor.after !== undefined) next.searchParams.set('after', String(cursor.after))
  return `${next.pathname}${next.search}`
}

/** Events are read this many at a time: a page cut by `max_bytes` reads at most this many it does not send. */
const READ_BATCH = 25

export async function streamEventPage(
  res: ServerResponse,
  url: URL,
  engine: Pick<TrackEngine, 'call'>,
  filter: AutomationEventFilter,
  page: PageOptions,
): Promise<void> {
  const forward = page.after !== undefined
  const found = await engine.call('events.list', {
    ...toEventQuery(filter),
    limit: page.limit,
    before: page.before,
    after: page.after,
  })
  // Polling forward reads oldest first; a page of older rows newest first.
  const ids = found.items.map((s) => s.id).sort((a, b) => (forward ? a - b : b - a))
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  })
  await write(res, '{"items":[')
  let bytes = 0
  let last: number | null = null
  let cutByBytes = false
  pages: for (let i = 0; i < ids.length; i += READ_BATCH) {
    // Events cleared between the page and this read are simply not there.
    for (const event of await engine.call('events.read', { ids: ids.slice(i, i + READ_BATCH) })) {
      if (res.destroyed) return
      const text = JSON.stringify(event)
      // Always at least one event, however large, so paging moves on.
      if (last !== null && bytes + text.length > page.maxBytes) {
        cutByBytes = true
        break pages
      }
      await write(res, last === null ? text : `,${text}`)
      bytes += text.length
      last = event.id
    }
  }
  const cursor = forward
    ? { after: last ?? page.after }
    : { before: cutByBytes ? (last ?? undefined) : (found.nextBefore ?? undefined) }
  const more = forward ? true : cursor.before !== undefined
  const tail = {
    total: found.total,
    totalIsExact: found.totalIsExact,
    nextBefore: forward ? null : (cursor.before ?? null),
    nextAfter: forward ? (cursor.after ?? null) : null,
    /** The page stopped at `max_bytes` before `limit`. */
    cutByBytes,
    next: more ? nextUrl(url, cursor) : null,
  }
  await write(res, `],${JSON.stringify(tail).slice(1)}`)
  res.end()
}
