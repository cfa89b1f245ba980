import { z } from 'zod'
import { method, oneOf, returns, type MethodsOf } from './define'
import type { ExportChunk, ExportResult, ImportOpened, ImportResult } from './transfer'
import { eventQuerySchema } from './stream.schemas'
import { EXPORT_FORMATS, MAX_IMPORT_LINES_PER_CALL } from './transfer'

/**
 * A HAR or JSON document is imported in one call, up to this size. Transports
 * cap their bodies on their own (the UI server's /rpc at 8 MiB); NDJSON of
 * any size goes a batch of lines at a time (`transfer.importLines`).
 */
export const MAX_IMPORT_CHARS = 32 * 1024 * 1024

const importIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an import id')

const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('filter'), query: eventQuerySchema }).strict(),
  z
    .object({
      kind: z.literal('selection'),
      ids: z.array(z.number().int().positive()).min(1, 'select at least one event').max(100_000),
    })
    .strict(),
  z.object({ kind: z.literal('session'), id: z.number().int().positive() }).strict(),
])

/** Export files are named by the engine; only its own names may be read back. */
export const exportFileNameSchema = z
  .string()
  .regex(/^track-export-[A-Za-z0-9_-]+\.(ndjson|json|csv|har)$/, 'not an export file name')

export const transferContract = {
  'transfer.import': method(
    z.object({ fileName: z.string().max(500), content: z.string().max(MAX_IMPORT_CHARS) }).strict(),
    returns<ImportResult>(),
  ),
  /** A line-at-a-time import: opened, fed lines as they arrive, closed for its result. */
  'transfer.importOpen': method(
    z.object({ fileName: z.string().max(500) }).strict(),
    returns<ImportOpened>(),
  ),
  'transfer.importLines': method(
    z
      .object({
        importId: importIdSchema,
        lines: z.array(z.string()).max(MAX_IMPORT_LINES_PER_CALL),
      })
      .strict(),
    returns<{ lines: number }>(),
  ),
  'transfer.importClose': method(z.object({ importId: importIdSchema }).strict(), returns<ImportResult>()),
  'transfer.export': method(
    z
      .object({
        scope: exportScopeSchema,
        format: oneOf(EXPORT_FORMATS),
        exportId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
      })
      .strict(),
    returns<ExportResult>(),
  ),
  'transfer.readExport': method(
    z.object({ fileName: exportFileNameSchema, offset: z.number().int().min(0) }).strict(),
    returns<ExportChunk>(),
  ),
}

/** The transfer domain's methods, as signatures: derived from the declaration above. */
export type TransferMethods = MethodsOf<typeof transferContract>
