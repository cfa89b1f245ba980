import type { ReactNode } from 'react'
import type { EventDetail } from '../../../../shared/model'
import { useSelectionStore, type DetailTab } from '../../stores/selection-store'
import { useStreamStore } from '../../stores/stream-store'
import { DetailHeader } from './detail-header'
import { DetailTabs } from './detail-tabs'
import { EventTab } from './event-tab'
import { FindingsTab } from './findings-tab'
import { RawTab } from './raw-tab'
import { RequestTab } from './request-tab'

export function DetailPane(): ReactNode {
  const selectedId = useSelectionStore((s) => s.selectedId)
  const detail = useSelectionStore((s) => s.detail)
  const loading = useSelectionStore((s) => s.loading)
  const error = useSelectionStore((s) => s.error)
  const tab = useSelectionStore((s) => s.tab)
  const clear = useSelectionStore((s) => s.clear)
  const retry = useSelectionStore((s) => s.retry)
  const summary = useStreamStore((s) =>
    selectedId === null ? undefined : s.rows.find((r) => r.id === selectedId),
  )

  if (selectedId === null) {
    return (
      <aside className="detail-pane is-idle" data-testid="detail-pane" aria-label="Event detail">
        <div className="detail-idle">
          <p className="detail-idle-title">Select an event to inspect it</p>
          <dl className="shortcut-list">
            <dt>
              <kbd>↑</kbd> <kbd>↓</kbd>
            </dt>
            <dd>Move through the stream</dd>
            <dt>
              <kbd>Home</kbd> <kbd>End</kbd>
            </dt>
            <dd>First / last loaded event</dd>
            <dt>
              <kbd>/</kbd>
            </dt>
            <dd>Filter</dd>
            <dt>
              <kbd>Esc</kbd>
            </dt>
            <dd>Close the detail</dd>
          </dl>
        </div>
      </aside>
    )
  }

  // Keep the previous event on screen, dimmed, while the next one loads: no flashing on arrow keys.
  const shown = detail && (detail.id === selectedId || loading) ? detail : null
  const stale = shown !== null && shown.id !== selectedId
  const head = summary ?? (shown && !stale ? shown : null)

  return (
    <aside
      className="detail-pane"
      data-testid="detail-pane"
      aria-label="Event detail"
      data-event-id={selectedId}
    >
      {head && <DetailHeader summary={head} onClose={clear} />}
      <DetailTabs detail={shown} />
      <div
        className={`detail-body${stale ? ' is-stale' : ''}`}
        role="tabpanel"
        id="detail-tabpanel"
        aria-labelledby={`tab-${tab}`}
        aria-busy={loading}
      >
        {error ? (
          <div className="tab-empty is-error" role="alert">
            <p className="tab-empty-title">Could not load this event</p>
            <p className="tab-empty-text">{error}</p>
            <button type="button" className="btn btn-small" onClick={retry}>
              Retry
            </button>
          </div>
        ) : shown ? (
          <TabContent tab={tab} detail={shown} />
        ) : (
          <div className="tab-empty">Loading…</div>
        )}
      </div>
    </aside>
  )
}

function TabContent({ tab, detail }: { tab: DetailTab; detail: EventDetail }): ReactNode {
  switch (tab) {
    case 'event':
      return <EventTab key={detail.id} detail={detail} />
    case 'request':
      return <RequestTab detail={detail} />
    case 'raw':
      return <RawTab request={detail.request} />
    case 'findings':
      return <FindingsTab detail={detail} />
  }
}
