/** The transfer domain: importing HAR / NDJSON / JSON files and exporting rows to disk. */
import type { TransferMethods } from '../../../shared/contract/transfer.schemas'
import type { EngineContext, HandlerMap } from '../context'
import { readExportChunk } from '../transfer/export-reader'
import { pruneExports } from '../transfer/export-retention'
import { runExport } from '../transfer/export-service'
import { importFile } from '../transfer/import-service'

/** Built once as the engine starts: the moment to delete exports older than a week. */
export function transferHandlers(ctx: EngineContext): HandlerMap<keyof TransferMethods> {
  pruneExports(ctx.dataDir)
  return {
    'transfer.import': ({ fileName, content }) => importFile(ctx, fileName, content),
    'transfer.export': ({ scope, format, exportId }) =>
      runExport(ctx, scope, format, (p) => ctx.feed.emit('transfer.progress', p), exportId),
    'transfer.readExport': ({ fileName, offset }) => readExportChunk(ctx.dataDir, fileName, offset),
  }
}
