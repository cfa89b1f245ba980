import type { ReactNode } from 'react'
import type { EventCount, SessionComparison } from '../../../../shared/contract/sessions'
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
        <p className="muted">
          <strong>A</strong> {c.a.name} ({formatTime(c.a.startedAt)}) · <strong>B</strong> {c.b.name} (
          {formatTime(c.b.startedAt)})
        </p>
      </header>
      <div className="compare-columns">
        <OnlyIn title="Only in A (missing from B)" items={c.onlyInA} testId="only-in-a" />
        <OnlyIn title="Only in B (new in B)" items={c.onlyInB} testId="only-in-b" />
      </div>
      <h3>In both</h3>
      {c.inBoth.length === 0 ? (
        <p className="muted">No event fired in both sessions.</p>
      ) : (
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>A</th>
              <th>B</th>
              <th>Property differences (first event of each)</th>
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
                          <code>{d.path}</code>: <span className="diff-a">{d.a ?? 'absent'}</span> →{' '}
                          <span className="diff-b">{d.b ?? 'absent'}</span>
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
