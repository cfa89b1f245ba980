/**
 * A request answered 2xx is in the log even when the process dies right
 * after: the engine is killed with SIGKILL in the middle of concurrent load
 * from loopback clients, started again on the same data directory, and
 * every acknowledged event is looked for in the log.
 *
 * The engine runs as built, with its checkpoint worker thread (bundled
 * beside the engine's bundle, where the engine looks for it).
 */
import Database from 'better-sqlite3'
import { existsSync, readdirSync, readlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import { spawnEngine, type EngineChild } from '../helpers/engine-child'
import { cleanup, tempDir, trackEvent } from '../helpers/engine'
import { buildWorker } from '../unit/engine/build-worker'

/** Where spawnEngine() bundles the engine (test/helpers/engine-child.ts). */
const ENGINE_BUNDLE_DIR = resolve(import.meta.dirname, '../../node_modules/.cache/track-debugger-test')

/** How many open file handles the process holds on `file` (one per SQLite connection). */
function openHandles(pid: number, file: string): number {
  const fds = `/proc/${pid}/fd`
  return readdirSync(fds).filter((fd) => {
    try {
      return readlinkSync(join(fds, fd)) === file
    } catch {
      return false // closed meanwhile
    }
  }).length
}

const WORKERS = 24
const MIN_ACKED = 300
const MAX_LOAD_MS = 8_000

let dir: string | null = null
let children: EngineChild[] = []

afterEach(() => {
  for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL')
  children = []
  if (dir) cleanup(dir)
  dir = null
})

describe('durability', () => {
  it('keeps every acknowledged request after SIGKILL under load', { timeout: 40_000 }, async () => {
    dir = tempDir('td-durability-')
    await buildWorker('src/main/engine/writer/checkpoint-worker.ts', ENGINE_BUNDLE_DIR)
    const first = await spawnEngine(dir)
    children.push(first)

    const acked = new Set<string>()
    let sent = 0
    let stop = false
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const marker = `w${w}-${i}`
        sent++
        try {
          const res = await fetch(`${first.captureUrl}/track`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify([trackEvent('load_test', { properties: { marker } })]),
          })
          await res.text()
          if (res.status >= 200 && res.status < 300) acked.add(marker)
        } catch {
          // The process was killed under this request: it was never acknowledged.
          return
        }
      }
    }
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))
    const started = Date.now()
    while (acked.size < MIN_ACKED && Date.now() - started < MAX_LOAD_MS) {
      await new Promise((r) => setTimeout(r, 20))
    }
    // Two connections to the log: the main thread's and the checkpoint worker's.
    if (existsSync('/proc') && first.process.pid !== undefined) {
      expect(openHandles(first.process.pid, join(dir, DB_FILE_NAME))).toBe(2)
    }
    // Kill while requests are still in flight, with no chance to flush or checkpoint.
    first.process.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')
    stop = true
    await load
    expect(acked.size).toBeGreaterThanOrEqual(MIN_ACKED)
    expect(sent).toBeGreaterThan(acked.size)

    // The log opens again (WAL recovery) and the engine serves on the same directory.
    const second = await spawnEngine(dir)
    children.push(second)
    const after = await fetch(`${second.captureUrl}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([trackEvent('after_restart', { properties: { marker: 'after' } })]),
    })
    expect(after.status).toBe(200)
    second.process.kill('SIGTERM')
    expect(await second.exited).toBe(0)

    const db = new Database(join(dir, DB_FILE_NAME), { readonly: true })
    try {
      const stored = new Set(
        (
          db
            .prepare("SELECT json_extract(json, '$.properties.marker') FROM events WHERE kind = 'event'")
            .pluck()
            .all() as string[]
        ).filter((m) => m !== null),
      )
      const missing = [...acked].filter((m) => !stored.has(m))
      expect(missing).toEqual([])
      expect(stored.has('after')).toBe(true)
      // The full-text index, built after each commit, caught up with every row after the crash.
      const indexed = db
        .prepare("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'marker'")
        .pluck()
        .get() as number
      expect(indexed).toBe(stored.size)
    } finally {
      db.close()
    }
  })
})
