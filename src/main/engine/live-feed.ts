/**
 * Coalesces stream updates for the UI: rows committed within one window
 * (~50 ms) go out as one push, so a burst of 10,000 events is a handful of
 * renders, not 10,000. Listeners are called outside the capture path and a
 * throwing listener cannot break capture.
 */
import type { EventSummary } from '../../shared/model'
import type { PushListener } from './types'

/** A push carries at most this many rows; clients page the rest in with `events.list({after})`. */
export const MAX_ROWS_PER_PUSH = 500

export class LiveFeed {
  private buffer: EventSummary[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly listeners = new Set<PushListener>()

  constructor(private readonly windowMs = 50) {}

  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  add(rows: EventSummary[]): void {
    if (rows.length === 0 || this.listeners.size === 0) return
    this.buffer.push(...rows)
    if (this.buffer.length > MAX_ROWS_PER_PUSH) this.buffer = this.buffer.slice(-MAX_ROWS_PER_PUSH)
    this.timer ??= setTimeout(() => this.flush(), this.windowMs)
  }

  emit: PushListener = (name, payload) => {
    for (const l of this.listeners) {
      try {
        l(name, payload)
      } catch {
        // A broken UI connection must never reach the capture path.
      }
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.buffer.length === 0) return
    const rows = this.buffer
    this.buffer = []
    this.emit('events.added', rows)
  }

  close(): void {
    this.flush()
    this.listeners.clear()
  }
}
