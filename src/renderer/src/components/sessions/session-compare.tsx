import type { ReactNode } from 'react'
import type { EventCount, SessionComparison, SessionInfo } from '../../../../shared/contract/sessions'
import { useSessionsStore } from '../../stores/sessions-store'
import { formatTime } from './session-format'

function label(e: { callType: string; eventName: string | null }): string {
  return e.callType === 'track'
    ? (e.eventName ?? '(no name)')
    : `${e.callType}${e.eventName ? ` ${e.eventName}` : ''}`
}

function OnlyIn({ title, items, testId }: { title: string; items: EventCount[]; testId: string }): ReactNode {
  return (
    <div className="compare-only" data-testid={testId}>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="muted">Nothing.</p>
      ) : (
        <ul>
          {items.map((e) => (
            <li key={`${e.callType}:${e.eventName}`}>
              <code>{label(e)}</code> <span className="muted">×{e.count}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Side({ side, role, session }: { side: 'A' | 'B'; role: string; session: SessionInfo }): ReactNode {
  return (
    <div className="compare-side" data-testid={`compare-side-${side.toLowerCase()}`}>
      <span className="compare-side-badge">{side}</span>
      <div>
        <strong>{session.name}</strong>
        <span className="muted"> · {role}</span>
        <div className="muted">
          {[
            session.appVersion && `build ${session.appVersion}`,
            session.tester,
            formatTime(session.startedAt),
          ]
            .filter(Boolean)
            .join(' · ')}
        </div>
      </div>
    </div>
  )
}

/** Two sessions side by side: events in one and not the other, and how shared events' properties differ. */
export function SessionCompare({ comparison: c }: { comparison: SessionComparison }): ReactNode {
  const changed = c.inBoth.filter((x) => x.differences.length > 0 || x.countA !== x.countB)
  return (
    <section className="session-compare" data-testid="session-compare">
      <header className="session-pane-head">
        <div className="session-title-row">
          <h2>Compare sessions</h2>
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="btn btn-small"
            onClick={() => useSessionsStore.getState().select(c.b.id)}
          >
            Back to session
          </button>
        </div>
        <div className="compare-sides">
          <Side side="A" role="the earlier run, the baseline" session={c.a} />
          <Side side="B" role="the later run, compared with A" session={c.b} />
        </div>
        <p className="muted compare-legend" data-testid="compare-legend">
          <strong>Missing from B</strong>: fired at least once in A, never in B. <strong>New in B</strong>:
          fired in B, never in A. For events in both, the first event of each name is compared property by
          property.
        </p>
      </header>
      <div className="compare-columns">
        <OnlyIn title={`Missing from B (only in “${c.a.name}”)`} items={c.onlyInA} testId="only-in-a" />
        <OnlyIn title={`New in B (only in “${c.b.name}”)`} items={c.onlyInB} testId="only-in-b" />
      </div>
      <h3>In both</h3>
      {c.inBoth.length === 0 ? (
        <p className="muted">No event fired in both sessions.</p>
      ) : (
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>Event</th>
              <th title={c.a.name}>Count in A</th>
              <th title={c.b.name}>Count in B</th>
              <th>Property differences, A → B</th>
            </tr>
          </thead>
          <tbody>
            {c.inBoth.map((x) => (
              <tr key={`${x.callType}:${x.eventName}`} className={x.differences.length > 0 ? 'has-diff' : ''}>
                <td>
                  <code>{label(x)}</code>
                </td>
                <td>{x.countA}</td>
                <td>{x.countB}</td>
                <td>
                  {x.differences.length === 0 ? (
                    <span className="muted">same</span>
                  ) : (
                    <ul className="diff-list">
                      {x.differences.map((d) => (
                        <li key={d.path} data-testid="property-diff">
                          <code>{d.path}</code>: <span className="diff-a">{d.a ?? 'absent in A'}</span> →{' '}
                          <span className="diff-b">{d.b ?? 'absent in B'}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">
        {changed.length === 0
          ? 'The events both sessions share look the same.'
          : `${changed.length} shared event${changed.length === 1 ? '' : 's'} changed.`}
      </p>
    </section>
  )
}
