import type { ReactNode } from 'react'
import type { EventSummary } from '../../../../shared/model'
import { formatDateTime, plural } from '../../lib/format'
import { rowLabel } from '../../lib/row-label'
import { CallTypeBadge, HttpStatus, StatusBadge } from '../common/badges'
import { CloseIcon } from '../common/icons'
import { ResendButton } from '../send/resend-button'
import { SendInfo } from '../send/send-info'

/** Drawn from the stream row, so it changes at once while the full detail is still loading. */
export function DetailHeader({
  summary,
  onClose,
}: {
  summary: EventSummary
  onClose: () => void
}): ReactNode {
  const label = rowLabel(summary)
  return (
    <div className="detail-header">
      <div className="detail-title-row">
        <h2
          className={`detail-title${label.muted ? ' is-muted' : ''}`}
          title={label.text}
          data-testid="detail-title"
        >
          {label.text}
        </h2>
        <ResendButton summary={summary} />
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          onClick={onClose}
          aria-label="Close (Esc)"
          title="Close (Esc)"
        >
          <CloseIcon />
        </button>
      </div>
      <div className="detail-meta">
        <CallTypeBadge callType={summary.callType} />
        <StatusBadge
          status={summary.status}
          title={summary.findingCount > 0 ? plural(summary.findingCount, 'finding') : undefined}
          planOnly={summary.planOnly}
        />
        <HttpStatus code={summary.responseStatus} />
        <span className="detail-time">{formatDateTime(summary.receivedAt)}</span>
        {summary.userId && <span className="detail-user">{summary.userId}</span>}
        {summary.origin !== 'captured' && <span className="origin-tag">{summary.origin}</span>}
      </div>
      <SendInfo requestId={summary.requestId} />
    </div>
  )
}
