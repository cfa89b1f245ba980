import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CommitQueue } from '../../../src/main/engine/commit-queue'
import type { Entry } from '../../../src/main/engine/entry'
import { openDatabase, type Db } from '../../../src/main/engine/db/database'
import { EventRepository } from '../../../src/main/engine/db/event-repository'
import { RequestRepository } from '../../../src/main/engine/db/request-repository'
import { WAL_CAP_PAGES } from '../../../src/main/engine/writer/checkpointer'
import { buildWorker } from './build-worker'
import { newEvent, newRequest } from '../../helpers/log-rows'

const WORKER = 'src/main/engine/writer/checkpoint-worker.ts'
let dir: string | null = null
let db: Db | null = null
let queue: CommitQueue | null = null

afterEach(async () => {
  await queue?.close()
  db?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  queue = db = dir = null
})

function entry(i: number): Entry {
  const json = JSON.stringify({ event_name: 'load', properties: { i, pad: 'x'.repeat(400) } })
  return {
    request: newRequest({
      receivedAt: 1_700_000_000_000 + i,
      headers: [['content-type', 'application/json']],
      remoteAddress: '127.0.0.1',
      userAgent: 'test',
      body: Buffer.from(`[${json}]`),
      bodySize: json.length + 2,
    }),
    events: [
      newEvent({
        eventName: 'load',
        json,
      }),
    ],
  }
}

async function setup(): Promise<{ db: Db; queue: CommitQueue; path: string }> {
  dir = mkdtempSync(join(tmpdir(), 'td-checkpoint-'))
  const path = join(dir, 'log.db')
  db = openDatabase(path)
  queue = new CommitQueue(
    db,
    new RequestRepository(db),
    new EventRepository(db),
    () => {},
    0,
    await buildWorker(WORKER),
  )
  return { db, queue, path }
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const autocheckpoint = (d: Db): number => d.pragma('wal_autocheckpoint', { simple: true }) as number

describe('Checkpointer', () => {
  it('copies committed pages into the database file from its own thread', async () => {
    const { db, queue, path } = await setup()
    expect(queue.checkpointer?.thread).not.toBeNull()
    // The main connection only checkpoints past the cap now, far above what this test writes.
    expect(autocheckpoint(db)).toBe(WAL_CAP_PAGES)
    const before = statSync(path).size
    await Promise.all(Array.from({ length: 300 }, (_, i) => queue.add(entry(i))))
    // Pages reach the database file only through a checkpoint: here, the worker's.
    await until(() => statSync(path).size > before + 100_000)
    const check = new (await import('better-sqlite3')).default(path, { readonly: true })
    try {
      expect(check.prepare('SELECT count(*) FROM events').pluck().get()).toBe(300)
    } finally {
      check.close()
    }
  })

  it('hands checkpoints back to the main connection when the worker dies, and starts another', async () => {
    const { db, queue } = await setup()
    const checkpointer = queue.checkpointer!
    await checkpointer.thread!.terminate()
    expect(checkpointer.thread).toBeNull()
    expect(autocheckpoint(db)).toBe(1000)
    await queue.add(entry(1))
    await until(() => checkpointer.thread !== null)
    expect(checkpointer.starts).toBe(2)
    expect(autocheckpoint(db)).toBe(WAL_CAP_PAGES)
  })

  it('close() stops the worker and restores SQLite’s own checkpoints', async () => {
    const { db, queue } = await setup()
    const pending = queue.add(entry(1))
    await queue.close()
    await pending
    expect(queue.checkpointer?.thread).toBeNull()
    expect(autocheckpoint(db)).toBe(1000)
    // The log is whole and can be checkpointed and truncated by its owner.
    expect(db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }])
  })

  it('is not used for an in-memory log', async () => {
    db = openDatabase(':memory:')
    queue = new CommitQueue(
      db,
      new RequestRepository(db),
      new EventRepository(db),
      () => {},
      0,
      await buildWorker(WORKER),
    )
    expect(queue.checkpointer).toBeNull()
  })
})
