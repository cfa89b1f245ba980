/**
 * Worker-thread entry: WAL checkpoints for the event log, off the main
 * thread. A checkpoint copies committed pages from the WAL into the
 * database file and fsyncs it; run by the connection that commits (SQLite's
 * default), that fsync stalls the capture server's event loop — every
 * request waiting on it. Here it runs on its own connection (PASSIVE: it
 * never blocks the writer or readers), so the main thread's own
 * checkpoint, kept as the bound on the WAL's size, finds little left to do.
 *
 * Built as its own entry (`out/main/checkpoint-worker.js`); see checkpointer.ts.
 */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

export interface CheckpointWorkerData {
  databasePath: string
  intervalMs: number
}

const port = parentPort
if (!port) throw new Error('checkpoint-worker runs as a worker thread.')
const { databasePath, intervalMs } = workerData as CheckpointWorkerData

const db = new Database(databasePath, { fileMustExist: true })
// The same durability as the main connection: the database file is fsynced after each checkpoint.
db.pragma('synchronous = NORMAL')
db.pragma('busy_timeout = 0')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')

const timer = setInterval(() => {
  checkpoint.run()
}, intervalMs)

port.on('message', (message: 'close') => {
  if (message !== 'close') return
  clearInterval(timer)
  db.close()
  port.postMessage('closed')
  port.close()
})
