/**
 * The engine: the event log, the capture server and the contract's method
 * implementations, wired together. Plain Node: the desktop shell and the
 * headless server both hold one of these and pass calls straight through.
 */
import { join } from 'node:path'
import { z } from 'zod'
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api'
import type { CaptureInfo, EventDetail, Finding } from '../../shared/model'
import { parseInput } from '../../shared/schemas'
import { CaptureServer, type ValidationMode } from './capture/capture-server'
import { CommitQueue, type Committed, type Entry } from './commit-queue'
import { databaseBytes, openDatabase, type Db } from './db/database'
import { EventRepository, toSummary } from './db/event-repository'
import { RequestRepository } from './db/request-repository'
import { LiveFeed } from './live-feed'
import { DB_FILE_NAME } from './paths'
import { BadInputError, type Engine, type EngineOptions, type PushListener } from './types'
import { specValidator } from './validate/spec-validator'

type Handlers = { [M in MethodName]: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

export interface EngineInternals {
  db: Db
  requests: RequestRepository
  events: EventRepository
  /** Record an entry through the same group-commit path the capture server uses. */
  record(entry: Entry): Promise<Committed>
}

export class TrackEngine implements Engine {
  private dbHandle: Db | null = null
  private capture: CaptureServer | null = null
  private queue: CommitQueue | null = null
  private repos: { requests: RequestRepository; events: EventRepository } | null = null
  private readonly feed = new LiveFeed()
  private closing: Promise<void> | null = null
  private validationMode: ValidationMode = 'strict'
  private readonly handlers: Handlers
  readonly databasePath: string

  constructor(private readonly opts: EngineOptions) {
    this.databasePath = join(opts.dataDir, DB_FILE_NAME)
    this.handlers = {
      'app.info': () => this.info,
      'events.list': (q) => this.internals.events.list(q),
      'events.get': ({ id }) => this.eventDetail(id),
      'events.clear': () => {
        const deletedRequests = this.internals.events.clear()
        const result = { deletedRequests }
        this.feed.emit('events.cleared', result)
        return result
      },
      'requests.get': ({ id }) => this.internals.requests.get(id),
      'log.stats': () => ({
        requests: this.internals.requests.count(),
        events: this.internals.events.count(),
        databaseBytes: databaseBytes(this.internals.db),
      }),
    }
  }

  get info(): CaptureInfo {
    const host = this.opts.captureHost ?? '127.0.0.1'
    const port = this.capture?.port ?? this.opts.capturePort ?? 8787
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
    return {
      captureUrl: `http://${urlHost}:${port}/api`,
      host,
      port,
      version: this.opts.version,
      dataDir: this.opts.dataDir,
      databasePath: this.databasePath,
      transport: this.opts.transport,
    }
  }

  /** Direct access for sibling engine modules and tests; not part of the UI contract. */
  get internals(): EngineInternals {
    const db = this.dbHandle
    const repos = this.repos
    const queue = this.queue
    if (!db || !repos || !queue) throw new Error('The engine is not started.')
    return { db, ...repos, record: (entry) => queue.add(entry) }
  }

  async start(): Promise<void> {
    const db = openDatabase(this.databasePath)
    this.dbHandle = db
    const requests = new RequestRepository(db)
    const events = new EventRepository(db)
    this.repos = { requests, events }
    this.queue = new CommitQueue(db, requests, events, (rows) => this.feed.add(rows))
    const queue = this.queue
    this.capture = new CaptureServer({
      host: this.opts.captureHost ?? '127.0.0.1',
      port: this.opts.capturePort ?? 8787,
      portFlag: '--capture-port',
      validator: specValidator,
      record: (entry) => queue.add(entry),
      validationMode: () => this.validationMode,
    })
    try {
      await this.capture.listen()
    } catch (error) {
      this.capture = null
      db.close()
      this.dbHandle = null
      throw error
    }
  }

  async call<M extends MethodName>(name: M, input: unknown): Promise<MethodOutput<M>> {
    const handler = this.handlers[name] as ((i: unknown) => MethodOutput<M>) | undefined
    if (!handler) throw new BadInputError(`Unknown method "${String(name)}".`)
    let parsed: unknown
    try {
      parsed = parseInput(name, input)
    } catch (error) {
      if (error instanceof z.ZodError) {
        throw new BadInputError(`Bad input for ${name}: ${z.prettifyError(error)}`)
      }
      throw error
    }
    return handler(parsed)
  }

  subscribe(listener: PushListener): () => void {
    return this.feed.subscribe(listener)
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.capture?.close()
      this.queue?.flush()
      this.feed.close()
      if (this.dbHandle) {
        this.dbHandle.pragma('wal_checkpoint(TRUNCATE)')
        this.dbHandle.close()
      }
      this.dbHandle = null
    })()
    return this.closing
  }

  private eventDetail(id: number): EventDetail | null {
    const row = this.internals.events.get(id)
    if (!row) return null
    const request = this.internals.requests.get(row.request_id)
    if (!request) return null
    return {
      ...toSummary(row),
      json: row.json,
      index: row.idx,
      findings: JSON.parse(row.findings) as Finding[],
      request,
    }
  }
}

export function createEngine(options: EngineOptions): TrackEngine {
  return new TrackEngine(options)
}
