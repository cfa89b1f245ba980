import { useEffect, useState, type ReactNode } from 'react'
import type { ExpectationResult } from '../../../../shared/contract/sessions'
import type { EventDetail } from '../../../../shared/model'
import { api } from '../../api/client'
import { errorMessage } from '../../api/api-error'
import { useSelectionStore } from '../../stores/selection-store'
import { useViewStore } from '../../stores/view-store'
import { StatusBadge } from '../common/badges'
import { describeCondition, expectationTitle } from '../../../../shared/expectation-text'
import { formatTime } from './session-format'
import { VerdictBadge } from './verdict-badge'

/** Events shown inline per expectation; the rest are a click away in the stream. */
const SHOWN = 8

function openInStream(id: number): void {
  useSelectionStore.getState().select(id)
  useViewStore.getState().show('stream')
}

function EventLink({ id }: { id: number }): ReactNode {
  return (
    <button
      type="button"
      className="link-button event-link"
      onClick={() => openInStream(id)}
      title="Open in the stream"
    >
      #{id}
    </button>
  )
}

function Evidence({ result }: { result: ExpectationResult }): ReactNode {
  const [events, setEvents] = useState<EventDetail[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const ids = result.matchedIds.slice(0, SHOWN).join(',')
  useEffect(() => {
    let live = true
    const wanted = ids === '' ? [] : ids.split(',').map(Number)
    Promise.all(wanted.map((id) => api()['events.get']({ id })))
      .then((list) => live && setEvents(list.filter((e): e is EventDetail => e !== null)))
      .catch((e: unknown) => live && setError(errorMessage(e)))
    return () => {
      live = false
    }
  }, [ids])

  return (
    <div className="evidence" data-testid="evidence">
      <p className="evidence-reason">{result.reason}</p>
      {result.matchCount > 0 && (
        <>
          <h4>Events that met it</h4>
          {error && <p className="form-problem">{error}</p>}
          <ul className="evidence-events">
            {(events ?? []).map((e) => (
              <li key={e.id} data-testid="evidence-event">
                <button
                  type="button"
                  className="evidence-event"
                  onClick={() => openInStream(e.id)}
                  title="Open in the stream"
                >
                  <span className="evidence-id">#{e.id}</span>
                  <span className="evidence-name">{e.eventName ?? e.callType}</span>
                  <span className="evidence-time">{formatTime(e.receivedAt)}</span>
                  <StatusBadge status={e.status} count={e.findingCount} />
                  <code className="evidence-json">{e.json}</code>
                </button>
              </li>
            ))}
          </ul>
          {result.matchCount > SHOWN && (
            <p className="muted">
              and {result.matchCount - SHOWN} more:{' '}
              {result.matchedIds.slice(SHOWN, 40).map((id) => (
                <EventLink key={id} id={id} />
              ))}
            </p>
          )}
        </>
      )}
      {result.nearMisses.length > 0 && (
        <>
          <h4>Near misses</h4>
          <ul className="near-misses">
            {result.nearMisses.map((m) => (
              <li key={m.eventId} data-testid="near-miss">
                <EventLink id={m.eventId} /> {m.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** The session's expectations with live verdicts; a row opens the events behind its verdict. */
export function Checklist({ results }: { results: ExpectationResult[] }): ReactNode {
  const [open, setOpen] = useState<string | null>(null)
  if (results.length === 0) {
    return (
      <p className="muted checklist-empty">
        This session has no checklist. Edit it to add expectations; verdicts are computed from every event it
        recorded.
      </p>
    )
  }
  return (
    <ol className="checklist" data-testid="checklist">
      {results.map((r) => {
        const e = r.expectation
        const expanded = open === e.id
        return (
          <li
            key={e.id}
            className={`check-item verdict-row-${r.verdict}`}
            data-testid="check-item"
            data-verdict={r.verdict}
            data-expectation={e.id}
          >
            <button
              type="button"
              className="check-head"
              aria-expanded={expanded}
              onClick={() => setOpen(expanded ? null : e.id)}
            >
              <VerdictBadge verdict={r.verdict} />
              <span className="check-title">
                <strong>{expectationTitle(e)}</strong>
                {e.ordered && <span className="check-tag">in order</span>}
                {e.conditions.length > 0 && (
                  <span className="check-conditions">{e.conditions.map(describeCondition).join(' · ')}</span>
                )}
                {e.description && <span className="check-description">{e.description}</span>}
                {r.verdict === 'failed' && !expanded && <span className="check-reason">{r.reason}</span>}
              </span>
              <span className="check-count" title="Matching events">
                {r.matchCount}
              </span>
            </button>
            {expanded && <Evidence result={r} />}
          </li>
        )
      })}
    </ol>
  )
}
