/**
 * The engine: the event log, the capture server and the contract's method
 * implementations, wired together. Plain Node: the desktop shell and the
 * headless server both hold one of these and pass calls straight through.
 *
 * Each domain's methods live in `handlers/<domain>-handlers.ts`; this file
 * only opens the log, builds the shared context and joins the handlers.
 */
import { mkdirSync } from 'node:fs'
import { totalmem } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { MethodName, MethodOutput, MethodParsed } from '../../shared/api'
import type { ExportResult, ImportResult } from '../../shared/contract/transfer'
import type { CaptureInfo, EventSummary } from '../../shared/model'
import { parseInput } from '../../shared/schemas'
import { defaultBodyBudget } from './capture/body-reader'
import { CaptureServer } from './capture/capture-server'
import { CommitQueue } from './commit-queue'
import type { EngineContext, HandlerMap } from './context'
import { openDatabase, type Db } from './db/database'
import { lockDataFolder, type DataFolderLock } from './db/instance-lock'
import { EventRepository } from './db/event-repository'
import { SearchIndexer } from './db/search-indexer'
import { EventPacker, PackScheduler } from './db/event-packer'
import { PlanRepository } from './db/plan-repository'
import { RequestRepository } from './db/request-repository'
import { SettingsRepository } from './db/settings-repository'
import { sendHandlers } from './handlers/send-handlers'
import { streamHandlers } from './handlers/stream-handlers'
import { validationHandlers } from './handlers/validation-handlers'
import { sessionsHandlers } from './handlers/sessions-handlers'
import { transferHandlers } from './handlers/transfer-handlers'
import { LiveFeed } from './live-feed'
import { RetentionEnforcer } from './retention/retention-enforcer'
import { RetentionSettings } from './retention/retention-settings'
import { retentionHandlers } from './handlers/retention-handlers'
import { searchHandlers } from './handlers/search-handlers'
import { SessionService } from './sessions/session-service'
import { EventWaiter } from './sessions/wait'
import { DB_FILE_NAME } from './paths'
import { proxyHandlers } from './handlers/proxy-handlers'
import { passThrough } from './proxy/pass-through'
import { ProxyService } from './proxy/proxy-service'
import { createInterceptor } from './send/intercept'
import { fileModeCipher } from './send/secret-cipher'
import { SendService } from './send/send-service'
import { runExport } from './transfer/export-service'
import { importFromPath } from './transfer/import-file'
import { BadInputError } from './errors'
import type { Engine, EngineOptions, PushListener } from './types'
import { ValidationState } from './validate/validation-state'
import { PlanCoverage } from './validate/plan-coverage'
import { LogCounts } from './db/log-counts'
import type { DeletedIds } from './db/deleted-ids'

/** Longest a background job's slice waits for capture's calls in flight to be answered. */
const CAPTURE_FIRST_MS = 25

/** Capture this long without a call counts as quiet for the packer. */
const PACK_QUIET_MS = 1_000

export class TrackEngine implements Engine {
  private ctx: EngineContext | null = null
  private capture: CaptureServer | null = null
  private queue: CommitQueue | null = null
  private indexer: SearchIndexer | null = null
  private packer: PackScheduler | null = null
  private send: SendService | null = null
  private proxy: ProxyService | null = null
  private handlers: HandlerMap<MethodName> | null = null
  private readonly feed = new LiveFeed()
  private closing: Promise<void> | null = null
  private lock: DataFolderLock | null = null
  readonly databasePath: string

  constructor(private readonly opts: EngineOptions) {
    this.databasePath = join(opts.dataDir, DB_FILE_NAME)
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
      credentialProtection: (this.opts.send?.cipher ?? fileModeCipher).description,
      proxyUrl: this.proxy?.url ?? null,
    }
  }

  /** Direct access for sibling engine modules and tests; not part of the UI contract. */
  get internals(): EngineContext {
    if (!this.ctx) throw new Error('The engine is not started.')
    return this.ctx
  }

  async start(): Promise<void> {
    mkdirSync(this.opts.dataDir, { recursive: true, mode: 0o700 })
    const lock = lockDataFolder(this.opts.dataDir, {
      app: this.opts.transport === 'ipc' ? 'desktop' : 'headless',
      version: this.opts.version,
    })
    let db: Db
    try {
      db = openDatabase(this.databasePath)
    } catch (error) {
      lock.release()
      throw error
    }
    this.lock = lock
    try {
      const requests = new RequestRepository(db)
      const events = new EventRepository(db)
      const indexer = new SearchIndexer(events)
      this.indexer = indexer
      const settings = new SettingsRepository(db)
      const validation = new ValidationState(settings, new PlanRepository(db))
      const committed = new Set<(rows: readonly EventSummary[]) => void>()
      const queue = new CommitQueue(db, requests, events, (rows) => {
        indexer.schedule()
        this.feed.add(rows)
        for (const listener of committed) listener(rows)
      })
      this.queue = queue
      const sessions = new SessionService(
        db,
        (active) => this.feed.emit('sessions.changed', { active }),
        Date.now,
        () => this.yieldToCapture(),
      )
      const coverage = new PlanCoverage(db, () => this.yieldToCapture())
      // What knows about rows that are gone: the search index merges their entries away, the log's
      // counts subtract what retention counted (or are taken again after a clear), and coverage and
      // sessions count again what the deletion reached.
      const counts = new LogCounts(db, { requests, events })
      const eventsDeleted = (deleted?: DeletedIds): void => {
        events.followDeletion()
        counts.forget(deleted)
        indexer.schedule()
        coverage.forget(deleted)
        sessions.forgetLive(deleted)
      }
      const ctx: EngineContext = {
        db,
        requests,
        events,
        settings,
        feed: this.feed,
        validation,
        sessions,
        coverage,
        counts,
        eventsDeleted,
        waiter: new EventWaiter(db, (listener) => {
          committed.add(listener)
          return () => committed.delete(listener)
        }),
        retention: (() => {
          const retention = new RetentionSettings(settings)
          return {
            settings: retention,
            enforcer: new RetentionEnforcer(db, retention, this.databasePath, {
              captureBusy: () => this.capture?.busy ?? false,
              afterDelete: eventsDeleted,
            }),
          }
        })(),
        record: (entry) => queue.add(entry),
        yieldToCapture: () => this.yieldToCapture(),
        info: () => this.info,
        dataDir: this.opts.dataDir,
      }
      this.ctx = ctx
      const send = new SendService(ctx, () => validation, this.opts.send)
      this.send = send
      await send.unlockCredentials()
      this.handlers = {
        ...streamHandlers(ctx),
        ...validationHandlers(ctx),
        ...sendHandlers(ctx, send, () => validation),
        ...sessionsHandlers(ctx),
        ...transferHandlers(ctx),
        ...retentionHandlers(ctx),
        ...searchHandlers(ctx),
        ...proxyHandlers(() => this.proxy),
      }
      this.capture = new CaptureServer({
        host: this.opts.captureHost ?? '127.0.0.1',
        port: this.opts.capturePort ?? 8787,
        portHint: this.opts.capturePortHint ?? null,
        validator: validation,
        record: ctx.record,
        validationMode: () => validation.mode,
        bodyBudgetBytes: this.opts.bodyBudgetBytes ?? defaultBodyBudget(totalmem()),
        intercept: createInterceptor(send),
        passThrough: (req, res, target) =>
          passThrough(req, res, target, {
            agentFor: (url) => send.agentFor(url),
            ca: send.options.trustedCa,
          }),
      })
      await this.capture.listen()
      if (this.opts.proxyPort !== undefined && this.opts.proxyPort !== null) {
        const capture = this.capture
        this.proxy = new ProxyService({
          port: this.opts.proxyPort,
          portHint: this.opts.proxyPortHint ?? null,
          dataDir: this.opts.dataDir,
          settings,
          feed: this.feed,
          environmentHosts: () => environmentHosts(send),
          intercept: (socket, target) => capture.acceptIntercepted(socket, target),
          interceptPlain: (req, res, target) => capture.acceptProxiedRequest(req, res, target),
        })
        await this.proxy.start()
      }
      lock.describe({ captureUrl: this.info.captureUrl })
      ctx.retention.enforcer.start()
      // Events older than an hour are packed in the background (db/event-packer.ts), at full pace
      // only once capture has had no call for a second.
      this.packer = new PackScheduler(new EventPacker(db), {
        captureBusy: () => (this.capture?.quietMs() ?? Number.POSITIVE_INFINITY) < PACK_QUIET_MS,
        afterPack: () => ctx.retention.enforcer.pagesFreed(),
      })
      this.packer.start()
      // Rows committed before the last stop (or a crash) that the index has not reached yet.
      indexer.schedule()
    } catch (error) {
      this.capture = null
      this.ctx = null
      this.indexer?.stop()
      this.packer?.stop()
      void this.queue?.close()
      db.close()
      lock.release()
      this.lock = null
      throw error
    }
  }

  async call<M extends MethodName>(name: M, input: unknown, signal?: AbortSignal): Promise<MethodOutput<M>> {
    if (!this.handlers) throw new Error('The engine is not started.')
    const handler = this.handlers[name] as ((i: unknown, s?: AbortSignal) => MethodOutput<M>) | undefined
    if (!handler) throw new BadInputError(`Unknown method "${String(name)}".`)
    return handler(this.parsed(name, input), signal)
  }

  async exportToFile(input: unknown, target: string): Promise<ExportResult> {
    const ctx = this.internals
    const { scope, format, exportId } = this.parsed('transfer.export', input)
    return runExport(ctx, scope, format, (p) => this.feed.emit('transfer.progress', p), exportId, target)
  }

  async importFromFile(path: string): Promise<ImportResult> {
    return importFromPath(this.internals, path)
  }

  private parsed<M extends MethodName>(name: M, input: unknown): MethodParsed<M> {
    try {
      return parseInput(name, input)
    } catch (error) {
      if (error instanceof z.ZodError)
        throw new BadInputError(`Bad input for ${name}: ${z.prettifyError(error)}`)
      throw error
    }
  }

  /**
   * Background work's turn-taking with capture: one event-loop turn, then, while capture has calls in
   * flight, 1 ms waits until they are answered (at most CAPTURE_FIRST_MS), so each call's few turns
   * (headers, body, commit, answer) are not each queued behind a slice of the background job.
   */
  private async yieldToCapture(): Promise<void> {
    await new Promise((r) => setImmediate(r))
    const deadline = performance.now() + CAPTURE_FIRST_MS
    while (this.capture?.busy && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1))
  }

  subscribe(listener: PushListener): () => void {
    return this.feed.subscribe(listener)
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Fault delays and forwards in flight end now, so the capture server's close is not held up.
      this.send?.close()
      await this.proxy?.close()
      await this.capture?.close()
      this.ctx?.retention.enforcer.stop()
      this.packer?.stop()
      this.indexer?.stop()
      await this.queue?.close()
      // A log closed cleanly has its whole full-text index: what is left is a few milliseconds' worth.
      try {
        this.ctx?.events.indexSearchFully()
      } catch (error) {
        console.error(
          '[track-debugger] finishing the search index failed; it is finished at the next start:',
          error,
        )
      }
      await this.ctx?.sessions.settled()
      this.feed.close()
      const db = this.ctx?.db
      if (db) {
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }
      this.ctx = null
      this.lock?.release()
      this.lock = null
    })()
    return this.closing
  }
}

/** The hosts of the user's environments that are not this machine: their calls are Track calls too. */
function environmentHosts(send: SendService): string[] {
  const hosts = new Set<string>()
  for (const env of send.environments.list()) {
    try {
      const host = new URL(env.baseUrl).hostname.toLowerCase()
      if (!['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0'].includes(host)) hosts.add(host)
    } catch {
      // Not a URL: nothing to match.
    }
  }
  return [...hosts]
}

export function createEngine(options: EngineOptions): TrackEngine {
  return new TrackEngine(options)
}
