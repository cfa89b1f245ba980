import { useEffect, useRef, useState, type ReactNode } from 'react'
import { EXPORT_FORMATS, type ExportFormat, type ExportScope } from '../../../../shared/contract/transfer'
import { toQuery } from '../../lib/stream-filter'
import { useSelectionStore } from '../../stores/selection-store'
import { useSendStore } from '../../stores/send-store'
import { useSessionsStore } from '../../stores/sessions-store'
import { useStreamStore } from '../../stores/stream-store'
import { desktopFiles, useTransferStore } from '../../stores/transfer-store'

type ScopeKind = ExportScope['kind']

const FORMAT_LABEL: Record<ExportFormat, string> = { ndjson: 'NDJSON', json: 'JSON', csv: 'CSV', har: 'HAR' }

/** Import a HAR or an export of this app; export the stream's filter, the selected event or a session. */
export function TransferPanel(): ReactNode {
  const input = useRef<HTMLInputElement>(null)
  const t = useTransferStore()
  const session = useSessionsStore((s) => s.detail)
  const selectedId = useSelectionStore((s) => s.selectedId)
  const picked = useSendStore((s) => s.picked)
  // Rows picked with ctrl/cmd- or shift-click in the stream; else the one selected row.
  const selection = picked.length > 0 ? picked : selectedId !== null ? [selectedId] : []
  const filter = useStreamStore((s) => s.filter)
  const [kind, setKind] = useState<ScopeKind>('session')
  const [format, setFormat] = useState<ExportFormat>('ndjson')
  const onDesktop = desktopFiles() !== null
  const loadRecent = t.loadRecent
  useEffect(() => {
    if (onDesktop) void loadRecent()
  }, [onDesktop, loadRecent])

  const effectiveKind: ScopeKind =
    kind === 'session' && !session
      ? 'filter'
      : kind === 'selection' && selection.length === 0
        ? 'filter'
        : kind
  const scope: ExportScope =
    effectiveKind === 'session' && session
      ? { kind: 'session', id: session.id }
      : effectiveKind === 'selection' && selection.length > 0
        ? { kind: 'selection', ids: selection }
        : { kind: 'filter', query: toQuery(filter) }

  const pct =
    t.progress && t.progress.total
      ? Math.round((100 * t.progress.written) / Math.max(1, t.progress.total))
      : null

  return (
    <section className="transfer-panel" aria-label="Import and export" data-testid="transfer-panel">
      <h3>Import</h3>
      <p className="muted">
        A HAR from browser devtools or a proxy (its Track calls are kept), or an NDJSON / JSON export of this
        app. NDJSON of any size is read a line at a time.
      </p>
      <input
        ref={input}
        type="file"
        accept=".har,.json,.ndjson,.jsonl,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void t.importFile(file)
        }}
      />
      <button
        type="button"
        className="btn btn-small"
        disabled={t.importing}
        onClick={() => (onDesktop ? void t.importWithDialog() : input.current?.click())}
        data-testid="import-button"
      >
        {t.importing
          ? t.importProgress && t.importProgress.totalBytes > 0
            ? `Importing… ${Math.floor((100 * t.importProgress.bytes) / t.importProgress.totalBytes)}%`
            : 'Importing…'
          : 'Choose a file…'}
      </button>
      {t.importResult && (
        <div className="transfer-result" data-testid="import-result">
          <strong>{t.importResult.fileName}</strong>: {t.importResult.requests} call
          {t.importResult.requests === 1 ? '' : 's'}, {t.importResult.events} event
          {t.importResult.events === 1 ? '' : 's'} imported
          {t.importResult.invalid > 0 && <>, {t.importResult.invalid} invalid</>}.
          {t.importResult.skipped.length > 0 && (
            <ul>
              {t.importResult.skipped.map((s) => (
                <li key={s.reason}>
                  {s.count} left out: {s.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {t.importError && (
        <p className="form-problem" role="alert" data-testid="import-error">
          {t.importError}
        </p>
      )}

      <h3>Export</h3>
      <div className="transfer-row">
        <select
          className="select"
          aria-label="What to export"
          value={effectiveKind}
          onChange={(e) => setKind(e.target.value as ScopeKind)}
          data-testid="export-scope"
        >
          <option value="session" disabled={!session}>
            {session ? `Session “${session.name}”` : 'A session (select one)'}
          </option>
          <option value="filter">The stream’s current filter</option>
          <option value="selection" disabled={selection.length === 0}>
            {selection.length === 0
              ? 'Selected events (select in the stream)'
              : selection.length === 1
                ? `Selected event #${selection[0]}`
                : `${selection.length} picked events`}
          </option>
        </select>
        <select
          className="select"
          aria-label="Format"
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
          data-testid="export-format"
        >
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABEL[f]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={t.exporting}
          onClick={() => void t.exportEvents(scope, format)}
          data-testid="export-button"
        >
          Export
        </button>
      </div>
      {t.exporting && (
        <div className="transfer-progress" data-testid="export-progress">
          <progress max={100} value={pct ?? undefined} />
          <span>
            {t.progress
              ? `${t.progress.written.toLocaleString()}${t.progress.total !== null ? ` of ${t.progress.total.toLocaleString()}` : ''} rows`
              : 'Starting…'}
          </span>
        </div>
      )}
      {t.exportResult && !t.exporting && (
        <p className="transfer-result" data-testid="export-result">
          {t.exportResult.events.toLocaleString()} rows, {(t.exportResult.bytes / 1024).toFixed(1)} KB:{' '}
          <code>{t.exportResult.fileName}</code>
          <span className="muted transfer-path" title={t.exportResult.path}>
            {onDesktop ? `Saved to ${t.exportResult.path}` : `Also kept for 7 days at ${t.exportResult.path}`}
          </span>
        </p>
      )}
      {t.exportError && (
        <p className="form-problem" role="alert" data-testid="export-error">
          {t.exportError}
        </p>
      )}
      {onDesktop && t.recent.length > 0 && (
        <div className="recent-exports" data-testid="recent-exports">
          <h4>Recent exports</h4>
          <ul>
            {t.recent.map((r) => (
              <li key={r.path}>
                <span className="recent-export-name" title={r.path}>
                  {r.fileName}
                </span>
                <span className="muted">
                  {r.events.toLocaleString()} rows · {new Date(r.at).toLocaleString()}
                </span>
                <button type="button" className="btn btn-small" onClick={() => void t.showInFolder(r.path)}>
                  Show in folder
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
