/**
 * The retention domain of the contract: how much of the log is kept, and
 * how big it is. Limits are enforced by the engine in the background, in
 * small steps, oldest requests first.
 */

/** Each limit is optional (null = no limit); the first one reached decides. */
export interface RetentionLimits {
  /**
   * Keep this many stream rows (events, plus requests that carried none): the
   * newest ones. Requests go whole, so when the limit falls inside a batch the
   * batch is kept and the log holds up to one batch more than this.
   */
  maxEvents: number | null
  /** Delete what was received more than this many days ago. */
  maxAgeDays: number | null
  /** Keep the database under this many bytes (the space its rows take; freed space is reused). */
  maxBytes: number | null
}

/**
 * The smallest limits the engine accepts: below these a busy app would lose
 * calls before anyone could look at them.
 */
export const RETENTION_MINIMUMS = {
  maxEvents: 1_000,
  /** One hour. */
  maxAgeDays: 1 / 24,
  maxBytes: 16 * 1024 ** 2,
} as const

export const DEFAULT_RETENTION: RetentionLimits = {
  maxEvents: 1_000_000,
  maxAgeDays: 30,
  maxBytes: 2 * 1024 ** 3,
}

export interface RetentionRun {
  /** When the last pass that deleted something finished (epoch ms). */
  at: number
  deletedRequests: number
  deletedEvents: number
  /** Which limit made it delete. */
  reasons: ('events' | 'age' | 'size')[]
}

export interface RetentionStatus {
  limits: RetentionLimits
  defaults: RetentionLimits
  events: number
  requests: number
  /** Space the log's rows take. */
  usedBytes: number
  /** Size of the files on disk (database and write-ahead log). */
  fileBytes: number
  oldestReceivedAt: number | null
  newestReceivedAt: number | null
  /** Deleting is under way (a limit is exceeded and chunks are being removed). */
  enforcing: boolean
  lastRun: RetentionRun | null
  databasePath: string
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RetentionPushes {}

export const RETENTION_PUSHES = [] as const satisfies readonly (keyof RetentionPushes)[]
