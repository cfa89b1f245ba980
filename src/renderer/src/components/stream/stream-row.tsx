import { memo, type ReactNode } from 'react'
import type { EventSummary } from '../../../../shared/model'
import { formatBytes, formatLatency, formatTime, plural } from '../../lib/format'
import { neutraliseBidi } from '../../../../shared/display-text'
import { rowLabel } from '../../lib/row-label'
import { CallTypeBadge, HttpStatus, StatusBadge } from '../common/badges'

interface StreamRowProps {
  row: EventSummary
  index: number
  top: number
  selected: boolean
  fresh: boolean
  /** Picked for a batch send (ctrl/shift-click). */
  picked?: boolean
}

/**
 * One row of the stream. Memoized on plain props so a scroll re-renders only the rows that
 * enter the window; clicks are handled once by the table (`data-event-id`), not per row.
 */
export const StreamRow = memo(function StreamRow({
  row,
  index,
  top,
  selected,
  fresh,
  picked = false,
}: StreamRowProps): ReactNode {
  const label = rowLabel(row)
  const isEvent = row.kind === 'event'
  const findings = row.findingCount > 0 ? plural(row.findingCount, 'finding') : 'No findings'

  return (
    <div
      role="row"
      id={`stream-row-${row.id}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`stream-row${selected ? ' is-selected' : ''}${fresh ? ' is-fresh' : ''}${isEvent ? '' : ' is-request'}${picked ? ' is-picked' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="stream-row"
      data-event-id={row.id}
      data-event-name={row.eventName ?? ''}
      data-status={row.status}
      data-picked={picked || undefined}
    >
      <div role="gridcell" className="cell cell-time">
        {formatTime(row.receivedAt)}
      </div>
      <div role="gridcell" className="cell cell-type">
        <CallTypeBadge callType={row.callType} />
      </div>
      <div role="gridcell" className={`cell cell-event${label.muted ? ' is-muted' : ''}`} title={label.text}>
        {label.text}
        {row.origin !== 'captured' && <span className="origin-tag">{row.origin}</span>}
      </div>
      <div
        role="gridcell"
        className={row.userId ? 'cell cell-user' : 'cell cell-user is-muted'}
        title={row.userId ?? undefined}
      >
        {row.userId ? neutraliseBidi(row.userId) : isEvent ? 'anonymous' : null}
      </div>
      <div
        role="gridcell"
        className={row.source === null ? 'cell cell-source is-faint' : 'cell cell-source'}
        title={row.source ?? undefined}
      >
        {row.source ?? '—'}
      </div>
      <div
        role="gridcell"
        className={row.latencyMs === null ? 'cell cell-latency is-faint' : 'cell cell-latency'}
        title="From receipt to the answer (for a send or a forward, the upstream's time)"
      >
        {row.latencyMs === null ? '—' : formatLatency(row.latencyMs)}
      </div>
      <div
        role="gridcell"
        className={row.responseBytes === null ? 'cell cell-size is-faint' : 'cell cell-size'}
        title="Size of the answer's body"
      >
        {row.responseBytes === null ? '—' : formatBytes(row.responseBytes)}
      </div>
      <div role="gridcell" className="cell cell-status">
        <StatusBadge status={row.status} title={findings} count={row.findingCount} planOnly={row.planOnly} />
        <HttpStatus code={row.responseStatus} />
      </div>
    </div>
  )
})
