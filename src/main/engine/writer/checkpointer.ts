/**
 * Runs the event log's WAL checkpoints on a worker thread
 * (checkpoint-worker.ts) so their fsyncs do not stall the main thread,
 * which commits captured requests and must keep answering them.
 *
 * While the worker runs, the main connection's own automatic checkpoint is
 * raised from SQLite's 1000 pages to `WAL_CAP_PAGES`: it stays the bound on
 * the WAL's size (a checkpoint running beside a steady stream of commits
 * never catches up far enough for the WAL to start over; one run by the
 * committing connection does), and it finds little left to copy. Little,
 * but not nothing: it copies the rest and fsyncs the WAL and the database
 * file on the main thread, and under sustained capture that was the slowest
 * thing the event loop did (8.5–46 ms per wrap of a 64 MB WAL, measured by
 * running it by hand). A 16 MB cap with the worker every 15 ms leaves it
 * less to do: its stalls fell to 11–15 ms and capture p99 from 16–26 ms to
 * 12–13 ms in alternating runs (docs/performance.md). Without
 * the worker (it died, or there is no built worker file, as in tests that
 * run the TypeScript), the main connection checkpoints as SQLite does by
 * default. A worker that dies is started again after a pause.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Db } from '../db/database'
import type { CheckpointWorkerData } from './checkpoint-worker'

/** `.mjs`: an ES module wherever it lies, even unpacked from the asar without the app's package.json. */
export const CHECKPOINT_WORKER_FILE = 'checkpoint-worker.mjs'
/** SQLite's default automatic checkpoint threshold, in WAL pages. */
const SQLITE_DEFAULT_PAGES = 1000
/** The main connection's threshold while the worker checkpoints (16 MB of 4 KB pages). */
export const WAL_CAP_PAGES = 4_000
/** A PASSIVE checkpoint that finds nothing new returns without syncing, so an idle log costs little. */
const INTERVAL_MS = 15
const RESTART_DELAY_MS = 1_000

/**
 * The built worker entry, if this is a build. It sits in the main build's output folder;
 * the code asking may have been bundled into that folder or into a chunk folder below it.
 */
export function findCheckpointWorker(): string | null {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const dir of [here, join(here, '..')]) {
    const file = unpackedPath(join(dir, CHECKPOINT_WORKER_FILE))
    if (existsSync(file)) return file
  }
  return null
}

/**
 * In a packaged app the code runs from `app.asar`, but a worker thread cannot
 * start from inside the archive: the packager unpacks the worker (and
 * better-sqlite3) beside it, into `app.asar.unpacked` (electron-builder.yml).
 */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

export class Checkpointer {
  private worker: Worker | null = null
  private restartTimer: NodeJS.Timeout | null = null
  private closed = false
  /** Workers started so far (the first, then one per restart). */
  starts = 0

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly intervalMs = INTERVAL_MS,
  ) {
    this.start()
  }

  /** The worker thread while checkpoints run there (supervision and tests). */
  get thread(): Worker | null {
    return this.worker
  }

  /** Ends the worker (closing its connection) and hands checkpoints back to the main connection. */
  async close(): Promise<void> {
    this.closed = true
    if (this.restartTimer) clearTimeout(this.restartTimer)
    const worker = this.worker
    this.worker = null
    this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`)
    if (!worker) return
    worker.ref()
    await new Promise<void>((done) => {
      worker.once('message', () => done())
      worker.once('exit', () => done())
      worker.postMessage('close')
    })
    await worker.terminate()
  }

  private start(): void {
    const data: CheckpointWorkerData = { databasePath: this.db.name, intervalMs: this.intervalMs }
    const worker = new Worker(this.file, { workerData: data })
    this.starts++
    this.worker = worker
    this.db.pragma(`wal_autocheckpoint = ${WAL_CAP_PAGES}`)
    const lost = (): void => {
      if (this.worker !== worker) return
      this.worker = null
      this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`)
      if (this.closed) return
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null
        if (!this.closed) this.start()
      }, RESTART_DELAY_MS)
      this.restartTimer.unref()
    }
    // An error in the worker ends it; either way the main connection takes over until the restart.
    worker.on('error', lost)
    worker.on('exit', lost)
    // Checkpoints are housekeeping: they must not keep a finished process alive.
    worker.unref()
  }
}
