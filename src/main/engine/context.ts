/**
 * What an engine domain (stream, validation, sending, sessions...) gets to
 * work with. Handlers are built from this once the log is open, so each
 * domain lives in its own module under `handlers/` and engine.ts only
 * joins them.
 */
import type { MethodName, MethodOutput, MethodParsed } from '../../shared/api'
import type { CaptureInfo } from '../../shared/model'
import type { Committed, Entry } from './entry'
import type { Db } from './db/database'
import type { EventRepository } from './db/event-repository'
import type { RequestRepository } from './db/request-repository'
import type { SettingsRepository } from './db/settings-repository'
import type { LiveFeed } from './live-feed'
import type { RetentionEnforcer } from './retention/retention-enforcer'
import type { RetentionSettings } from './retention/retention-settings'
import type { SessionService } from './sessions/session-service'
import type { EventWaiter } from './sessions/wait'
import type { ValidationState } from './validate/validation-state'
import type { PlanCoverage } from './validate/plan-coverage'
import type { LogCounts } from './db/log-counts'
import type { DeletedIds } from './db/deleted-ids'

export interface EngineContext {
  db: Db
  requests: RequestRepository
  events: EventRepository
  settings: SettingsRepository
  feed: LiveFeed
  /** Spec rules + the current tracking plan + strict/lenient; what the capture server validates with. */
  validation: ValidationState
  /** QA sessions; the commit queue tags new rows with the active one. */
  sessions: SessionService
  /**
   * What long work (imports, re-validation) awaits between its slices: a turn of the event loop,
   * then, while calls are in flight on the capture port, a little more (bounded), so capture goes first.
   */
  yieldToCapture: () => Promise<void>
  /** How often each event of the plan has been seen; told to forget its counts when rows are deleted. */
  coverage: PlanCoverage
  /** How many requests and events the log holds, kept up to date without counting the whole log. */
  counts: LogCounts
  /**
   * After any deletion of rows: everything that keeps counts or indexes of them catches up. Retention
   * says which ids its step removed; a clear says nothing, and everything is counted afresh.
   */
  eventsDeleted: (deleted?: DeletedIds) => void
  /** Long-polls for events meeting an expectation (the automation API's /wait). */
  waiter: EventWaiter
  /** Retention limits and the background job that keeps the log inside them. */
  retention: { settings: RetentionSettings; enforcer: RetentionEnforcer }
  /** Record an entry through the same group-commit path the capture server uses. */
  record(entry: Entry): Promise<Committed>
  info(): CaptureInfo
  dataDir: string
}

export type HandlerMap<Methods extends MethodName> = {
  /** `signal`: aborted when the caller stops waiting (a cancel over the port, an HTTP client gone); long waits end on it. */
  [M in Methods]: (input: MethodParsed<M>, signal?: AbortSignal) => MethodOutput<M> | Promise<MethodOutput<M>>
}
