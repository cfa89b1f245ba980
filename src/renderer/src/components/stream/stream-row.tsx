import { memo, type MouseEvent, type ReactNode } from 'react'
import type { EventSummary } from '../../../../shared/model'
import { formatTime, plural } from '../../lib/format'
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
  onSelect: (id: number, event?: MouseEvent) => void
}

export const StreamRow = memo(function StreamRow({
  row,
  index,
  top,
  selected,
  fresh,
  picked = false,
  onSelect,
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
      onClick={(e) => onSelect(row.id, e)}
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
      <div role="gridcell" className="cell cell-user" title={row.userId ?? undefined}>
        {row.userId ? row.userId : isEvent ? <span className="is-muted">anonymous</span> : null}
      </div>
      <div role="gridcell" className="cell cell-source" title={row.source ?? undefined}>
        {row.source ?? <span className="is-faint">—</span>}
      </div>
      <div role="gridcell" className="cell cell-status">
        <StatusBadge status={row.status} title={findings} count={row.findingCount} />
        <HttpStatus code={row.responseStatus} />
      </div>
    </div>
  )
})
