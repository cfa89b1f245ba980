/**
 * Runs an export to a file under `<data dir>/exports/`: rows are read in
 * chunks and written through a stream that is allowed to drain, so memory
 * stays flat however large the export; progress is reported as it goes. A
 * failed export removes its partial file.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import type {
  ExportFormat,
  ExportResult,
  ExportScope,
  TransferProgress,
} from '../../../shared/contract/transfer'
import type { EngineContext } from '../context'
import { CsvWriter, JsonWriter, NdjsonWriter, flatProperties, type ExportWriter } from './export-formats'
import { chunks, scopeIds, type ExportRow } from './export-rows'
import { HarWriter } from './har'
import { exportFileName } from '../../../shared/export-file-name'

const PROGRESS_MS = 200

export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports')
}

/**
 * `target`: a file the user chose (the desktop app's save dialog). The export
 * is written beside it as `<target>.partial` and renamed when complete, so a
 * failed or cancelled export never leaves a half file under the chosen name.
 * Without it, the file goes under `<data dir>/exports/` for a browser download.
 */
export async function runExport(
  ctx: EngineContext,
  scope: ExportScope,
  format: ExportFormat,
  progress: (p: TransferProgress) => void,
  exportId = randomBytes(6).toString('hex'),
  target?: string,
): Promise<ExportResult> {
  const ids = await scopeIds(ctx, scope)
  let path: string
  let fileName: string
  if (target) {
    path = target
    fileName = basename(target)
  } else {
    const dir = exportsDir(ctx.dataDir)
    mkdirSync(dir, { recursive: true })
    fileName = exportFileName(scope, format, exportId)
    path = join(dir, fileName)
  }
  const writing = target ? `${target}.partial` : path

  // Request-only rows (bad JSON, unknown paths) have no event: their body is what there is to export.
  const bodyOf = (r: ExportRow): string | null =>
    r.kind === 'request' ? (ctx.requests.rawBody(r.requestId)?.toString('utf8') ?? '') : null
  const version = ctx.info().version
  let writer: ExportWriter
  if (format === 'csv') {
    const columns = new Set<string>()
    for (const rows of chunks(ctx, ids)) {
      for (const r of rows) for (const k of flatProperties(r.json).keys()) columns.add(k)
      await ctx.yieldToCapture()
    }
    writer = new CsvWriter([...columns].sort())
  } else if (format === 'har') {
    writer = new HarWriter(new URL(ctx.info().captureUrl).origin, version, (id) => ctx.requests.rawBody(id))
  } else if (format === 'json') {
    writer = new JsonWriter(bodyOf, version)
  } else {
    writer = new NdjsonWriter(bodyOf)
  }

  const out = createWriteStream(writing, { encoding: 'utf8', mode: 0o600 })
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => {})
  const write = async (text: string): Promise<void> => {
    if (text === '') return
    if (!out.write(text)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed])
  }
  let written = 0
  let lastReport = 0
  try {
    progress({ exportId, written: 0, total: ids.length, done: false })
    await write(writer.begin())
    for (const rows of chunks(ctx, ids)) {
      await write(writer.rows(rows))
      written += rows.length
      const now = Date.now()
      if (now - lastReport >= PROGRESS_MS) {
        lastReport = now
        progress({ exportId, written, total: ids.length, done: false })
      }
      // Capture, pushes and other calls go between chunks. A write that the file takes at once
      // resolves without leaving the turn, so waiting for the next progress report held them up
      // to 0.2 s.
      await ctx.yieldToCapture()
    }
    await write(writer.end())
    await Promise.race([new Promise<void>((r) => out.end(r)), failed])
    if (writing !== path) renameSync(writing, path)
  } catch (error) {
    out.destroy()
    rmSync(writing, { force: true })
    progress({ exportId, written, total: ids.length, done: true })
    throw error
  }
  progress({ exportId, written, total: ids.length, done: true })
  return { exportId, fileName, path, events: written, bytes: out.bytesWritten }
}
