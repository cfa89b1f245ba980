/**
 * Which rows arrived moments ago, for the brief highlight in the stream.
 * Expiry runs on one timer for the oldest entry, whatever the arrival rate,
 * and only the newest few are tracked since only they are on screen.
 */
const FRESH_MS = 1500
const FRESH_MAX = 100

export const NO_FRESH_IDS: ReadonlySet<number> = new Set()

export interface FreshRows {
  /** Mark ids (newest first) as just arrived; returns the new set. */
  mark: (ids: readonly number[]) => ReadonlySet<number>
  reset: () => void
}

export function createFreshRows(onExpire: (ids: ReadonlySet<number>) => void): FreshRows {
  let queue: { id: number; until: number }[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  const current = (): ReadonlySet<number> =>
    queue.length > 0 ? new Set(queue.map((entry) => entry.id)) : NO_FRESH_IDS

  const expire = (): void => {
    timer = undefined
    const now = Date.now()
    while (queue.length > 0 && (queue[0]?.until ?? 0) <= now) queue.shift()
    onExpire(current())
    const next = queue[0]
    if (next) timer = setTimeout(expire, Math.max(0, next.until - now))
  }

  return {
    mark(ids) {
      const until = Date.now() + FRESH_MS
      for (const id of ids.slice(0, FRESH_MAX)) queue.push({ id, until })
      if (queue.length > FRESH_MAX) queue = queue.slice(-FRESH_MAX)
      timer ??= setTimeout(expire, FRESH_MS)
      return current()
    },
    reset() {
      queue = []
      clearTimeout(timer)
      timer = undefined
    },
  }
}
