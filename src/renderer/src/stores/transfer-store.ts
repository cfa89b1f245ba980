/**
 * Import and export from the UI. On desktop, native dialogs pick the file
 * and the engine streams straight to or from it (no size cap, nothing held
 * here). Headless, an NDJSON file is read in the page a chunk at a time and
 * its lines handed to the engine in batches (no size cap either); a HAR or
 * JSON document is one value, read whole and sent in one call. Exports are
 * written to disk by the engine, then read back in chunks for the browser's
 * download. Export progress arrives as pushes.
 */
import { create } from 'zustand'
import type { ExportFormat, ExportResult, ExportScope, ImportResult } from '../../../shared/contract/transfer'
import { importLineByLine, splitLines, type LineImportCalls } from '../../../shared/line-import'
import type { RecentExport } from '../../../shared/desktop-files'
import { errorMessage } from '../api/api-error'
import { api, getTransport } from '../api/client'
import { base64ToBytes, downloadFile } from '../lib/download'

/** A HAR or JSON document is sent in one call, and the UI server caps a call's body at 8 MiB. */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
/** A longer line cannot be one event, and would not fit a call: it is counted and left out. */
const MAX_LINE_CHARS = 4 * 1024 * 1024

const isNdjson = (name: string): boolean => /\.(ndjson|jsonl)$/i.test(name)

/** The file's text as it is read, and how many of its bytes were read so far. */
async function* fileText(file: File, onBytes: (bytes: number) => void): AsyncGenerator<string> {
  const reader = file.stream().getReader()
  const decoder = new TextDecoder()
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    onBytes(bytes)
    yield decoder.decode(value, { stream: true })
  }
  yield decoder.decode()
}

/** The engine's line-at-a-time import, as this page reaches it. */
const lineImportCalls: LineImportCalls = {
  open: (input) => api()['transfer.importOpen'](input),
  lines: (input) => api()['transfer.importLines'](input),
  close: (input) => api()['transfer.importClose'](input),
}

const MIME: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  csv: 'text/csv',
  har: 'application/json',
}

interface TransferState {
  importing: boolean
  /** Bytes of the file read so far, while an NDJSON file is imported a chunk at a time. */
  importProgress: { bytes: number; totalBytes: number } | null
  importResult: (ImportResult & { fileName: string }) | null
  exporting: boolean
  progress: { written: number; total: number | null } | null
  exportResult: ExportResult | null
  /** Desktop: exports made from this app, newest first. */
  recent: RecentExport[]
  /** Shown under the part it belongs to: an import's under Import, an export's under Export. */
  importError: string | null
  exportError: string | null
  importFile: (file: File) => Promise<void>
  /** Desktop: pick a file in the native dialog and import it from disk. */
  importWithDialog: () => Promise<void>
  exportEvents: (scope: ExportScope, format: ExportFormat) => Promise<void>
  loadRecent: () => Promise<void>
  showInFolder: (path: string) => Promise<void>
  clear: () => void
}

/** The desktop file dialogs, when this UI runs in the desktop app. */
export function desktopFiles() {
  return getTransport()?.files ?? null
}

export const useTransferStore = create<TransferState>()((set, get) => {
  let listening = false
  let currentExport: string | null = null

  return {
    importing: false,
    importProgress: null,
    importResult: null,
    exporting: false,
    progress: null,
    exportResult: null,
    recent: [],
    importError: null,
    exportError: null,

    importWithDialog: async () => {
      const files = desktopFiles()
      if (!files) return
      set({ importing: true, importResult: null, importError: null })
      try {
        const result = await files.importFromFile()
        set({ importing: false, ...(result ? { importResult: result } : {}) })
      } catch (error) {
        set({ importing: false, importError: errorMessage(error) })
      }
    },

    loadRecent: async () => {
      const files = desktopFiles()
      if (!files) return
      try {
        set({ recent: await files.recentExports() })
      } catch (error) {
        set({ exportError: errorMessage(error) })
      }
    },

    showInFolder: async (path) => {
      try {
        await desktopFiles()?.showInFolder({ path })
      } catch (error) {
        set({ exportError: errorMessage(error) })
      }
    },

    importFile: async (file) => {
      const ndjson = isNdjson(file.name)
      if (!ndjson && file.size > MAX_DOCUMENT_BYTES) {
        set({
          importResult: null,
          importError: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; a HAR or JSON file is imported in one piece, up to 8 MB. Export it as NDJSON, which is imported a line at a time, whatever its size.`,
        })
        return
      }
      set({ importing: true, importProgress: null, importResult: null, importError: null })
      try {
        // A new figure only when the whole percent moves: the page redraws a hundred times at most.
        const progress = (bytes: number): void => {
          const shown = get().importProgress
          const percent = (n: number): number => Math.floor((100 * n) / file.size)
          if (!shown || percent(bytes) > percent(shown.bytes))
            set({ importProgress: { bytes, totalBytes: file.size } })
        }
        const result = ndjson
          ? await importLineByLine(
              lineImportCalls,
              file.name,
              splitLines(fileText(file, progress)),
              MAX_LINE_CHARS,
            )
          : await api()['transfer.import']({ fileName: file.name, content: await file.text() })
        set({ importing: false, importProgress: null, importResult: { ...result, fileName: file.name } })
      } catch (error) {
        set({ importing: false, importProgress: null, importError: errorMessage(error) })
      }
    },

    exportEvents: async (scope, format) => {
      if (!listening) {
        listening = true
        api().on('transfer.progress', (p) => {
          if (p.exportId === currentExport) set({ progress: { written: p.written, total: p.total } })
        })
      }
      const exportId = Math.random().toString(36).slice(2, 12)
      currentExport = exportId
      set({ exporting: true, progress: { written: 0, total: null }, exportResult: null, exportError: null })
      const files = desktopFiles()
      try {
        if (files) {
          const saved = await files.exportToFile({ scope, format, exportId })
          if (!saved) {
            set({ exporting: false, progress: null })
            return
          }
          set({
            exporting: false,
            exportResult: saved,
            progress: { written: saved.events, total: saved.events },
            recent: await files.recentExports(),
          })
          return
        }
        const result = await api()['transfer.export']({ scope, format, exportId })
        const parts: Uint8Array<ArrayBuffer>[] = []
        let offset = 0
        for (;;) {
          const chunk = await api()['transfer.readExport']({ fileName: result.fileName, offset })
          parts.push(base64ToBytes(chunk.data))
          offset = chunk.offset + chunk.bytes
          if (chunk.done || chunk.bytes === 0) break
        }
        downloadFile(parts, result.fileName, MIME[format])
        set({
          exporting: false,
          exportResult: result,
          progress: { written: result.events, total: result.events },
        })
      } catch (error) {
        set({ exporting: false, exportError: errorMessage(error) })
      } finally {
        currentExport = null
      }
    },

    clear: () =>
      set({ importResult: null, exportResult: null, importError: null, exportError: null, progress: null }),
  }
})
