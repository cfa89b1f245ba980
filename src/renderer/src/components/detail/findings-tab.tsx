import type { ReactNode } from 'react'
import type { EventDetail } from '../../../../shared/model'
import { useSelectionStore } from '../../stores/selection-store'
import { FindingsList } from './findings-list'

export function FindingsTab({ detail }: { detail: EventDetail }): ReactNode {
  const eventFindings = detail.kind === 'event' ? detail.findings : []
  const requestFindings = detail.request.findings
  const showInEvent = useSelectionStore((s) => s.showInEvent)
  // The Event tab shows the event's JSON, or the whole body for a request that carried no events.
  const bodyShown = detail.kind === 'request'

  if (eventFindings.length === 0 && requestFindings.length === 0) {
    return (
      <div className="tab-empty" data-testid="findings-empty">
        <p className="tab-empty-title">No findings</p>
        <p className="tab-empty-text">
          {detail.status === 'unchecked'
            ? 'This call has not been validated.'
            : 'This call follows the Track API as the official SDKs send it.'}
        </p>
      </div>
    )
  }

  return (
    <div className="findings-tab" data-testid="findings-list">
      {eventFindings.length > 0 && (
        <section className="detail-section">
          <h3 className="section-title">
            This event <span className="section-count">{eventFindings.length}</span>
          </h3>
          <FindingsList findings={eventFindings} root="(event)" onShow={showInEvent} />
        </section>
      )}
      {requestFindings.length > 0 && (
        <section className="detail-section">
          <h3 className="section-title">
            The request <span className="section-count">{requestFindings.length}</span>
          </h3>
          <FindingsList
            findings={requestFindings}
            root="(body)"
            onShow={bodyShown ? showInEvent : undefined}
          />
        </section>
      )}
    </div>
  )
}
