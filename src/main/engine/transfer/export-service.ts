/**
 * Runs an export to a file under `<data dir>/exports/`: rows are read in
 * chunks and written through a stream that is allowed to drain, so memory
 * stays flat however large the export; progress is reported as it goes. A
 * failed export removes its partial file.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
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

const PROGRESS_MS = 200

export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports')
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-')
}

export async function runExport(
  ctx: EngineContext,
  scope: ExportScope,
  format: ExportFormat,
  progress: (p: TransferProgress) => void,
  exportId = randomBytes(6).toString('hex'),
): Promise<ExportResult> {
  const ids = scopeIds(ctx, scope)
  const dir = exportsDir(ctx.dataDir)
  mkdirSync(dir, { recursive: true })
  const scopeName = scope.kind === 'session' ? `session-${scope.id}` : scope.kind
  const fileName = `track-export-${stamp(new Date())}-${scopeName}-${exportId}.${format}`
  const path = join(dir, fileName)

  // Request-only rows (bad JSON, unknown paths) have no event: their body is what there is to export.
  const bodyOf = (r: ExportRow): string | null =>
    r.kind === 'request' ? (ctx.requests.rawBody(r.requestId)?.toString('utf8') ?? '') : null
  const version = ctx.info().version
  let writer: ExportWriter
  if (format === 'csv') {
    const columns = new Set<string>()
    for (const rows of chunks(ctx, ids))
      for (const r of rows) for (const k of flatProperties(r.json).keys()) columns.add(k)
    writer = new CsvWriter([...columns].sort())
  } else if (format === 'har') {
    writer = new HarWriter(new URL(ctx.info().captureUrl).origin, version, (id) => ctx.requests.rawBody(id))
  } else if (format === 'json') {
    writer = new JsonWriter(bodyOf, version)
  } else {
    writer = new NdjsonWriter(bodyOf)
  }

  const out = createWriteStream(path, { encoding: 'utf8', mode: 0o600 })
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
        // Let pushes and other calls through between chunks.
        await new Promise((r) => setImmediate(r))
      }
    }
    await write(writer.end())
    await Promise.race([new Promise<void>((r) => out.end(r)), failed])
  } catch (error) {
    out.destroy()
    rmSync(path, { force: true })
    progress({ exportId, written, total: ids.length, done: true })
    throw error
  }
  progress({ exportId, written, total: ids.length, done: true })
  return { exportId, fileName, path, events: written, bytes: out.bytesWritten }
}
