/**
 * In the detail pane: what an entry's upstream did (forwarded, resent,
 * composed, faulted) and the links between an original and its resends.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { RelatedEntry } from '../../../../shared/contract/send'
import { formatTime } from '../../lib/format'
import { useSelectionStore } from '../../stores/selection-store'
import { useSendStore } from '../../stores/send-store'
import { ExchangeView } from './exchange-view'

const KIND_LABEL = {
  forward: 'Forwarded to',
  resend: 'Resent to',
  composed: 'Sent to',
  fault: 'Fault injected',
}

export function SendInfo({ requestId }: { requestId: number }): ReactNode {
  const info = useSendStore((s) => s.info)
  const loadInfo = useSendStore((s) => s.loadInfo)
  const select = useSelectionStore((s) => s.select)
  const [open, setOpen] = useState(false)
  useEffect(() => {
    void loadInfo(requestId)
  }, [requestId, loadInfo])
  if (!info || info.requestId !== requestId) return null
  const { exchange, related } = info
  if (!exchange && !related.parent && related.children.length === 0) return null

  const link = (r: RelatedEntry, label: string): ReactNode => (
    <button
      key={r.requestId}
      type="button"
      className="link-button send-link"
      disabled={r.eventId === null}
      onClick={() => r.eventId !== null && select(r.eventId)}
      data-testid="related-link"
      title={`${r.origin} at ${formatTime(r.receivedAt)}`}
    >
      {label} #{r.requestId}
      <span
        className={`send-link-status ${r.responseStatus >= 200 && r.responseStatus < 300 ? 'is-ok' : 'is-bad'}`}
      >
        {r.responseStatus || 'no answer'}
      </span>
    </button>
  )

  return (
    <div className="send-info" data-testid="send-info">
      {exchange && (
        <div className="send-info-row">
          <span className="send-info-label">
            {KIND_LABEL[exchange.kind]}{' '}
            {exchange.kind === 'fault' ? '' : (exchange.environmentName ?? exchange.url)}
          </span>
          <span className="send-info-detail">
            {exchange.kind === 'fault'
              ? exchange.fault
              : `${exchange.status ?? 'no answer'}${exchange.latencyMs !== null ? ` · ${exchange.latencyMs} ms` : ''}`}
          </span>
          <button
            type="button"
            className="link-button"
            onClick={() => setOpen(!open)}
            data-testid="send-info-toggle"
          >
            {open ? 'Hide' : 'Details'}
          </button>
        </div>
      )}
      {exchange?.error && <div className="send-info-error">{exchange.error}</div>}
      {open && exchange && <ExchangeView exchange={exchange} />}
      {related.parent && <div className="send-info-row">{link(related.parent, '← Resent from')}</div>}
      {related.children.length > 0 && (
        <div className="send-info-row send-info-children" data-testid="resends">
          <span className="send-info-label">Resends</span>
          {related.children.map((c) => link(c, c.origin === 'resend' ? 'Resend' : c.origin))}
        </div>
      )}
    </div>
  )
}
