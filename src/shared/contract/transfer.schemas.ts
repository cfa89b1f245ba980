import { z } from 'zod'
import { method, oneOf, returns, type MethodsOf } from './define'
import type { ExportChunk, ExportResult, ImportResult } from './transfer'
import { eventQuerySchema } from './stream.schemas'
import { EXPORT_FORMATS } from './transfer'

/** Import content travels inside one RPC body; the UI server caps those at 8 MiB. */
export const MAX_IMPORT_CHARS = 8 * 1024 * 1024

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
