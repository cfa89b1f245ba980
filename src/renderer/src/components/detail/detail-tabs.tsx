import type { ReactNode } from 'react'
import type { EventDetail } from '../../../../shared/model'
import { useSelectionStore, type DetailTab } from '../../stores/selection-store'

const TABS: { id: DetailTab; label: string }[] = [
  { id: 'event', label: 'Event' },
  { id: 'request', label: 'Request' },
  { id: 'raw', label: 'Raw' },
  { id: 'findings', label: 'Findings' },
]

export function DetailTabs({ detail }: { detail: EventDetail | null }): ReactNode {
  const tab = useSelectionStore((s) => s.tab)
  const setTab = useSelectionStore((s) => s.setTab)
  const findingCount = detail
    ? (detail.kind === 'event' ? detail.findings.length : 0) + detail.request.findings.length
    : 0
  // Findings marked inside the Event tab's tree: the event's own, or the body's for a request without events.
  const inTree = detail ? (detail.kind === 'event' ? detail.findings : detail.request.findings) : []
  const treeTone = inTree.some((f) => f.severity === 'error')
    ? 'error'
    : inTree.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info'

  return (
    <div className="tabs" role="tablist" aria-label="Event detail">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls="detail-tabpanel"
          className={`tab${tab === t.id ? ' is-active' : ''}`}
          onClick={() => setTab(t.id)}
          data-testid={`tab-${t.id}`}
        >
          {t.label}
          {t.id === 'findings' && findingCount > 0 && <span className="tab-count">{findingCount}</span>}
          {t.id === 'event' && inTree.length > 0 && (
            <span
              className={`tab-count is-${treeTone}`}
              title={`${inTree.length} marked in the tree`}
              data-testid="event-tab-count"
            >
              {inTree.length}
            </span>
          )}
        </button>
      ))}
    </div>
  )
}
