/** The transfer domain: importing HAR / NDJSON / JSON files and exporting rows to disk. */
import { randomUUID } from 'node:crypto'
import type { ImportResult } from '../../../shared/contract/transfer'
import type { TransferMethods } from '../../../shared/contract/transfer.schemas'
import type { EngineContext, HandlerMap } from '../context'
import { BadInputError, NotFoundError } from '../errors'
import { readExportChunk } from '../transfer/export-reader'
import { pruneExports } from '../transfer/export-retention'
import { runExport } from '../transfer/export-service'
import { importFile, LineImport } from '../transfer/import-service'

/** A line-at-a-time import left without a call this long is closed with what it has. */
const IMPORT_IDLE_MS = 60_000
/** Imports open at once: each holds a partial call in memory. */
const MAX_OPEN_IMPORTS = 8

interface OpenImport {
  fileName: string
  run: LineImport
  /** The import's calls, one after the other: lines are added in the order they were sent. */
  queue: Promise<unknown>
  idle: NodeJS.Timeout
}

/**
 * Imports fed a batch of lines per call (the automation API's upload, as it
 * arrives). Calls on one import run in order; an import is closed by its
 * caller, or after a minute without a call.
 */
function lineImports(ctx: EngineContext) {
  const open = new Map<string, OpenImport>()

  const expire = (importId: string): NodeJS.Timeout => {
    const idle = setTimeout(() => {
      const o = open.get(importId)
      if (!o) return
      open.delete(importId)
      // What was sent is kept, as a caller that closed it would have; the engine may be closing.
      o.queue.then(() => o.run.finish()).catch(() => undefined)
    }, IMPORT_IDLE_MS)
    idle.unref()
    return idle
  }
  const use = <T>(importId: string, work: (o: OpenImport) => Promise<T>): Promise<T> => {
    const o = open.get(importId)
    if (!o) throw new NotFoundError(`There is no open import ${importId}: it was closed, or idle too long.`)
    clearTimeout(o.idle)
    o.idle = expire(importId)
    const next = o.queue.then(() => work(o))
    o.queue = next.catch(() => undefined)
    return next
  }

  return {
    open(fileName: string) {
      if (open.size >= MAX_OPEN_IMPORTS)
        throw new BadInputError(`${MAX_OPEN_IMPORTS} imports are open already; close one first.`)
      const importId = randomUUID()
      open.set(importId, {
        fileName,
        run: new LineImport(ctx),
        queue: Promise.resolve(),
        idle: expire(importId),
      })
      return { importId, idleTimeoutMs: IMPORT_IDLE_MS }
    },
    add: (importId: string, lines: string[]) =>
      use(importId, async (o) => {
        for (const line of lines) await o.run.add(line)
        return { lines: o.run.lines }
      }),
    close: (importId: string) =>
      use(importId, async (o): Promise<ImportResult> => {
        open.delete(importId)
        clearTimeout(o.idle)
        const result = await o.run.finish()
        if (result.requests === 0 && result.skipped.length === 0)
          throw new BadInputError(`${o.fileName || 'The file'} is empty.`)
        return result
      }),
  }
}

/** Built once as the engine starts: the moment to delete exports older than a week. */
export function transferHandlers(ctx: EngineContext): HandlerMap<keyof TransferMethods> {
  pruneExports(ctx.dataDir)
  const imports = lineImports(ctx)
  return {
    'transfer.import': ({ fileName, content }) => importFile(ctx, fileName, content),
    'transfer.importOpen': ({ fileName }) => imports.open(fileName),
    'transfer.importLines': ({ importId, lines }) => imports.add(importId, lines),
    'transfer.importClose': ({ importId }) => imports.close(importId),
    'transfer.export': ({ scope, format, exportId }) =>
      runExport(ctx, scope, format, (p) => ctx.feed.emit('transfer.progress', p), exportId),
    'transfer.readExport': ({ fileName, offset }) => readExportChunk(ctx.dataDir, fileName, offset),
  }
}
