/**
 * The transfer domain of the contract: importing HAR files and this app's
 * own exports, and exporting a filter, a selection or a session to disk.
 */
import type { EventQuery } from '../model'

export type ImportFormat = 'har' | 'ndjson' | 'json'

export interface ImportResult {
  format: ImportFormat
  /** Track calls (track / identify / group requests) recorded. */
  requests: number
  /** Events those calls carried. */
  events: number
  /** Events whose validation found errors. */
  invalid: number
  /** Entries left out, by reason ("not a Track API call", "no request body"...). */
  skipped: { reason: string; count: number }[]
  /** Ids of the first and last recorded rows, to jump to them; null when nothing was recorded. */
  firstEventId: number | null
  lastEventId: number | null
}

/** An import opened with `transfer.importOpen`, fed by `transfer.importLines`. */
export interface ImportOpened {
  importId: string
  /** An import that gets no call for this long is closed with what it has. */
  idleTimeoutMs: number
}

export type ExportFormat = 'ndjson' | 'json' | 'csv' | 'har'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ndjson', 'json', 'csv', 'har']

/** Lines one `transfer.importLines` call may carry (here, not beside the schema: the page batches by it without loading zod). */
export const MAX_IMPORT_LINES_PER_CALL = 10_000

export type ExportScope =
  | { kind: 'filter'; query: EventQuery }
  | { kind: 'selection'; ids: number[] }
  | { kind: 'session'; id: number }

export interface ExportResult {
  exportId: string
  fileName: string
  /** Where the file was written, on the machine running the engine. */
  path: string
  events: number
  bytes: number
}

export interface ExportChunk {
  /** Base64 of up to 1 MiB of the file from `offset`. */
  data: string
  offset: number
  bytes: number
  totalBytes: number
  done: boolean
}

export interface TransferProgress {
  exportId: string
  written: number
  /** Events to write, when known up front. */
  total: number | null
  done: boolean
}

export interface TransferPushes {
  /** Progress of a running export, at most a few times a second. */
  'transfer.progress': TransferProgress
}

export const TRANSFER_PUSHES = ['transfer.progress'] as const satisfies readonly (keyof TransferPushes)[]
