/**
 * The name an export gets: the engine writes it, and the desktop save dialog
 * suggests it before the engine is asked. Pure, so both sides of the process
 * boundary share it without the main process loading the export code.
 */
import type { ExportFormat, ExportScope } from './contract/transfer'

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-')
}

/** The name an export gets (also the name a save dialog suggests). */
export function exportFileName(
  scope: ExportScope,
  format: ExportFormat,
  exportId: string,
  now = new Date(),
): string {
  const scopeName = scope.kind === 'session' ? `session-${scope.id}` : scope.kind
  return `track-export-${stamp(now)}-${scopeName}-${exportId}.${format}`
}
