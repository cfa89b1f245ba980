/**
 * What the desktop app adds to the contract: native open/save dialogs, with
 * the engine streaming straight to and from the chosen file (no size cap
 * from the transport, nothing held in the renderer). The main process owns
 * these, because a path is chosen by the user in a dialog, never by the
 * page: the renderer asks "export this", main asks the user where.
 * Headless, the UI keeps the browser's download and upload instead.
 */
import type { ExportFormat, ExportResult, ExportScope, ImportResult } from './contract/transfer'

export interface RecentExport {
  path: string
  fileName: string
  events: number
  bytes: number
  /** When it finished, epoch ms. */
  at: number
}

export interface DesktopFiles {
  /** Ask where to save, then export there. null: the user cancelled the dialog. */
  exportToFile(input: {
    scope: ExportScope
    format: ExportFormat
    exportId: string
  }): Promise<ExportResult | null>
  /** Ask for a HAR / NDJSON / JSON file, then import it. null: the user cancelled the dialog. */
  importFromFile(): Promise<(ImportResult & { fileName: string }) | null>
  /** Exports made from this app, newest first (at most 10). */
  recentExports(): Promise<RecentExport[]>
  /** Reveal one of the recent exports in the system's file manager. */
  showInFolder(input: { path: string }): Promise<void>
}

export const DESKTOP_FILE_METHODS = [
  'exportToFile',
  'importFromFile',
  'recentExports',
  'showInFolder',
] as const satisfies readonly (keyof DesktopFiles)[]

export type DesktopFileMethod = (typeof DESKTOP_FILE_METHODS)[number]

export function desktopFilesChannel(name: DesktopFileMethod): string {
  return `files:${name}`
}
