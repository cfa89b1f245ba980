import type { ReactNode } from 'react'
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/contract/transfer'
import { usePopover } from '../../hooks/use-popover'
import { formatCount } from '../../lib/format'
import { toQuery } from '../../lib/stream-filter'
import { useStreamStore } from '../../stores/stream-store'
import { useTransferStore } from '../../stores/transfer-store'
import { DownloadIcon } from '../common/icons'

const FORMAT: Record<ExportFormat, { label: string; hint: string }> = {
  ndjson: { label: 'NDJSON', hint: 'one event a line; imports back here' },
  json: { label: 'JSON', hint: 'one array' },
  csv: { label: 'CSV', hint: 'for a spreadsheet' },
  har: { label: 'HAR', hint: 'for browser devtools and proxies, with timings' },
}

/** "Export what I see": the rows the stream's filter shows, in any export format. */
export function ExportViewButton(): ReactNode {
  const { open, setOpen, anchor } = usePopover()
  const filter = useStreamStore((s) => s.filter)
  const total = useStreamStore((s) => s.total)
  const exact = useStreamStore((s) => s.totalIsExact)
  const exporting = useTransferStore((s) => s.exporting)
  const result = useTransferStore((s) => s.exportResult)
  const error = useTransferStore((s) => s.exportError)
  const exportEvents = useTransferStore((s) => s.exportEvents)
  return (
    <div className="popover-anchor" ref={anchor}>
      <button
        type="button"
        className="btn btn-ghost btn-icon"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title="Export the rows the filter shows"
        aria-label="Export the rows the filter shows"
        data-testid="export-view"
      >
        <DownloadIcon />
      </button>
      {open && (
        <div className="popover export-view-popover" role="dialog" aria-label="Export what the stream shows">
          <p className="popover-text">
            The {formatCount(total)}
            {exact ? '' : '+'} {total === 1 ? 'row' : 'rows'} the stream shows now, with the filter applied;
            secrets stay redacted.
          </p>
          <div className="export-view-formats">
            {EXPORT_FORMATS.map((f) => (
              <button
                key={f}
                type="button"
                className="btn btn-small"
                disabled={exporting}
                title={FORMAT[f].hint}
                onClick={() => void exportEvents({ kind: 'filter', query: toQuery(filter) }, f)}
                data-testid={`export-view-${f}`}
              >
                {FORMAT[f].label}
              </button>
            ))}
          </div>
          {exporting && <p className="muted">Exporting…</p>}
          {!exporting && result && (
            <p className="muted" data-testid="export-view-result">
              {formatCount(result.events)} rows written to <code>{result.fileName}</code>
            </p>
          )}
          {error && (
            <p className="form-problem" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  )
}
