/**
 * Import and export from the UI. Imports read the picked file in the page
 * and hand its text to the engine. Exports are written to disk by the
 * engine (progress arrives as pushes), then read back in chunks for the
 * browser's download, so neither side holds more than a chunk at a time.
 */
import { create } from 'zustand'
import type { ExportFormat, ExportResult, ExportScope, ImportResult } from '../../../shared/contract/transfer'
import { errorMessage } from '../api/api-error'
import { api } from '../api/client'
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
  error: string | null
  importFile: (file: File) => Promise<void>
  exportEvents: (scope: ExportScope, format: ExportFormat) => Promise<void>
  clear: () => void
}

let listening = false
let currentExport: string | null = null

export const useTransferStore = create<TransferState>()((set) => ({
  importing: false,
  importResult: null,
  exporting: false,
  progress: null,
  exportResult: null,
  error: null,

  importFile: async (file) => {
    if (file.size > MAX_IMPORT_BYTES) {
      set({
        error: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the UI imports up to 8 MB (the automation API's /import takes up to 32 MB).`,
      })
      return
    }
    set({ importing: true, importResult: null, error: null })
    try {
      const content = await file.text()
      const result = await api()['transfer.import']({ fileName: file.name, content })
      set({ importing: false, importResult: { ...result, fileName: file.name } })
    } catch (error) {
      set({ importing: false, error: errorMessage(error) })
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
    set({ exporting: true, progress: { written: 0, total: null }, exportResult: null, error: null })
    try {
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
      set({ exporting: false, error: errorMessage(error) })
    } finally {
      currentExport = null
    }
  },

  clear: () => set({ importResult: null, exportResult: null, error: null, progress: null }),
}))
