/**
 * The desktop app's file dialogs (shared/desktop-files.ts): export to a file
 * the user picks in a native save dialog, import one picked in an open
 * dialog, list recent exports and reveal one in the file manager. The
 * engine streams straight to and from disk, so a 200 MB log costs neither
 * the renderer nor the IPC channel anything.
 *
 * Threat model: the renderer never names a path. It can ask for a dialog,
 * and it can ask to reveal an export this app wrote (a path from the recent
 * list, compared exactly); every call is held to the same sender check as
 * the contract's channels (ipc.ts). Nothing here imports Electron: dialogs
 * and the shell are passed in, so unit tests drive it with fakes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ExportFormat } from '../../shared/contract/transfer'
import { DESKTOP_FILE_METHODS, desktopFilesChannel, type RecentExport } from '../../shared/desktop-files'
import { exportFileName } from '../../shared/export-file-name'
import type { Engine } from '../engine/types'
import { handleTrusted, type InvokeRegistry, type SenderPolicy } from './ipc'

const MAX_RECENT = 10

interface FileFilter {
  name: string
  extensions: string[]
}

/** The parts of Electron's `dialog` used here, already bound to the app window. */
export interface FileDialogs {
  showSaveDialog(options: {
    title: string
    defaultPath: string
    filters: FileFilter[]
  }): Promise<{ canceled: boolean; filePath?: string }>
  showOpenDialog(options: {
    title: string
    properties: 'openFile'[]
    filters: FileFilter[]
  }): Promise<{ canceled: boolean; filePaths: string[] }>
}

export interface FileHandlerDeps {
  engine: Pick<Engine, 'exportToFile' | 'importFromFile'>
  dialogs: FileDialogs
  showItemInFolder(path: string): void
  /** Where save dialogs start (the user's Downloads folder). */
  defaultDir(): string
  /** The JSON file that keeps the recent exports across restarts. */
  recentFile: string
}

const FORMAT_FILTER: Record<ExportFormat, FileFilter> = {
  ndjson: { name: 'NDJSON (one event a line)', extensions: ['ndjson'] },
  json: { name: 'JSON', extensions: ['json'] },
  csv: { name: 'CSV', extensions: ['csv'] },
  har: { name: 'HAR (HTTP archive)', extensions: ['har'] },
}

const IMPORT_FILTERS: FileFilter[] = [
  { name: 'HAR, NDJSON or JSON', extensions: ['har', 'ndjson', 'jsonl', 'json'] },
  { name: 'All files', extensions: ['*'] },
]

function isRecent(v: unknown): v is RecentExport {
  const r = v as Partial<RecentExport> | null
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.path === 'string' &&
    typeof r.fileName === 'string' &&
    typeof r.events === 'number' &&
    typeof r.bytes === 'number' &&
    typeof r.at === 'number'
  )
}

export class RecentExports {
  constructor(private readonly file: string) {}

  list(): RecentExport[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'))
      return Array.isArray(parsed) ? parsed.filter(isRecent).slice(0, MAX_RECENT) : []
    } catch {
      return [] // none yet, or unreadable: start a new list
    }
  }

  add(entry: RecentExport): void {
    const next = [entry, ...this.list().filter((r) => r.path !== entry.path)].slice(0, MAX_RECENT)
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 })
    const temp = `${this.file}.tmp`
    writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 })
    renameSync(temp, this.file)
  }

  has(path: string): boolean {
    return this.list().some((r) => r.path === path)
  }
}

function withExtension(path: string, format: ExportFormat): string {
  return path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`
}

type Handler = (input: unknown) => Promise<unknown>

function handlers(deps: FileHandlerDeps, recent: RecentExports): Record<string, Handler> {
  return {
    exportToFile: async (input) => {
      const { scope, format, exportId } = (input ?? {}) as {
        scope?: unknown
        format?: ExportFormat
        exportId?: string
      }
      const suggested =
        format && FORMAT_FILTER[format]
          ? exportFileName(scope as Parameters<typeof exportFileName>[0], format, exportId ?? 'export')
          : 'track-export'
      const choice = await deps.dialogs.showSaveDialog({
        title: 'Export events',
        defaultPath: join(deps.defaultDir(), suggested),
        filters: format && FORMAT_FILTER[format] ? [FORMAT_FILTER[format]] : [],
      })
      if (choice.canceled || !choice.filePath) return null
      const target = format ? withExtension(choice.filePath, format) : choice.filePath
      // The engine checks scope and format against the contract's schema.
      const result = await deps.engine.exportToFile(input, target)
      recent.add({
        path: result.path,
        fileName: result.fileName,
        events: result.events,
        bytes: result.bytes,
        at: Date.now(),
      })
      return result
    },
    importFromFile: async () => {
      const choice = await deps.dialogs.showOpenDialog({
        title: 'Import calls',
        properties: ['openFile'],
        filters: IMPORT_FILTERS,
      })
      const path = choice.filePaths[0]
      if (choice.canceled || !path) return null
      return { ...(await deps.engine.importFromFile(path)), fileName: basename(path) }
    },
    recentExports: async () => recent.list(),
    showInFolder: async (input) => {
      const path = (input as { path?: unknown } | null)?.path
      if (typeof path !== 'string' || !recent.has(path))
        throw new Error('Only an export listed under recent exports can be shown.')
      deps.showItemInFolder(path)
    },
  }
}

/** Register the file-dialog channels. Returns a function that removes them. */
export function registerFileHandlers(
  ipcMain: InvokeRegistry,
  deps: FileHandlerDeps,
  policy: SenderPolicy,
): () => void {
  const recent = new RecentExports(deps.recentFile)
  const table = handlers(deps, recent)
  for (const name of DESKTOP_FILE_METHODS)
    handleTrusted(ipcMain, desktopFilesChannel(name), `files.${name}`, policy, table[name] as Handler)
  return () => {
    for (const name of DESKTOP_FILE_METHODS) ipcMain.removeHandler(desktopFilesChannel(name))
  }
}
