/**
 * Import and export from the UI. On desktop, native dialogs pick the file
 * and the engine streams straight to or from it (no size cap, nothing held
 * here). Headless, imports read the picked file in the page and hand its
 * text to the engine, and exports are written to disk by the engine, then
 * read back in chunks for the browser's download. Progress arrives as pushes.
 */
import { create } from 'zustand'
import type { ExportFormat, ExportResult, ExportScope, ImportResult } from '../../../shared/contract/transfer'
import type { RecentExport } from '../../../shared/desktop-files'
import { errorMessage } from '../api/api-error'
import { api, getTransport } from '../api/client'
import { base64ToBytes, downloadFile } from '../lib/download'

/** The engine caps import text at this size (one RPC body). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024

const MIME: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  csv: 'text/csv',
  har: 'application/json',
}

interface TransferState {
  importing: boolean
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

export const useTransferStore = create<TransferState>()((set) => {
  let listening = false
  let currentExport: string | null = null

  return {
    importing: false,
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
      if (file.size > MAX_IMPORT_BYTES) {
        set({
          importResult: null,
          importError: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the UI imports up to 8 MB (the automation API's /import takes up to 32 MB).`,
        })
        return
      }
      set({ importing: true, importResult: null, importError: null })
      try {
        const content = await file.text()
        const result = await api()['transfer.import']({ fileName: file.name, content })
        set({ importing: false, importResult: { ...result, fileName: file.name } })
      } catch (error) {
        set({ importing: false, importError: errorMessage(error) })
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
