import type { ReactNode } from 'react'
import { formatTime } from './session-format'
import { useSessionsStore } from '../../stores/sessions-store'
import { VerdictCounts } from './verdict-badge'

/** Past and running sessions, newest first; tick two to compare them. */
export function SessionList(): ReactNode {
  const sessions = useSessionsStore((s) => s.sessions)
  const selectedId = useSessionsStore((s) => s.selectedId)
  const mode = useSessionsStore((s) => s.mode)
  const compareIds = useSessionsStore((s) => s.compareIds)
  const { select, toggleCompare, compare, showNew, busy } = useSessionsStore.getState()

  return (
    <nav className="session-list" aria-label="Sessions" data-testid="session-list">
      <div className="session-list-head">
        <h2>Sessions</h2>
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={showNew}
          data-testid="new-session"
        >
          New session
        </button>
      </div>
      {sessions.length === 0 ? (
        <p className="session-list-empty">
          No sessions yet. Start one, walk through the app, and the checklist fills in as events arrive.
        </p>
      ) : (
        <ul>
          {sessions.map((s) => (
            <li key={s.id}>
              <div
                className={`session-item${mode === 'detail' && selectedId === s.id ? ' is-selected' : ''}`}
                data-testid="session-item"
                data-session-id={s.id}
              >
                <input
                  type="checkbox"
                  aria-label={`Compare ${s.name}`}
                  checked={compareIds.includes(s.id)}
                  onChange={() => toggleCompare(s.id)}
                  data-testid="compare-check"
                />
                <button type="button" className="session-item-main" onClick={() => select(s.id)}>
                  <span className="session-item-name">
                    {s.stoppedAt === null && <span className="rec-dot" aria-label="recording" />}
                    <span className="session-item-title">{s.name}</span>
                  </span>
                  <span className="session-item-meta">
                    {formatTime(s.startedAt)} · {s.eventCount} events
                  </span>
                </button>
                {s.expectationCount > 0 && (
                  <VerdictCounts met={s.met} failed={s.failed} pending={s.pending} />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {compareIds.length > 0 && (
        <div className="session-compare-bar">
          <span>{compareIds.length === 2 ? 'Two sessions ticked' : 'Tick one more to compare'}</span>
          <button
            type="button"
            className="btn btn-small"
            disabled={compareIds.length !== 2 || busy}
            onClick={() => void compare()}
            data-testid="compare-sessions"
          >
            Compare
          </button>
        </div>
      )}
    </nav>
  )
}
