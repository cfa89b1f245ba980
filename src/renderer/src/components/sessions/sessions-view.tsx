import type { ReactNode } from 'react'
import { useSessionsStore } from '../../stores/sessions-store'
import '../../styles/sessions.css'
import { SessionCompare } from './session-compare'
import { SessionDetailPane } from './session-detail'
import { SessionForm } from './session-form'
import { SessionList } from './session-list'
import { TransferPanel } from './transfer-panel'

/** The Sessions screen: sessions on the left, the one at hand (or a new one, or a comparison) on the right. */
export function SessionsView(): ReactNode {
  const mode = useSessionsStore((s) => s.mode)
  const detail = useSessionsStore((s) => s.detail)
  const comparison = useSessionsStore((s) => s.comparison)
  const error = useSessionsStore((s) => s.error)
  const notice = useSessionsStore((s) => s.notice)
  const sessions = useSessionsStore((s) => s.sessions)

  let main: ReactNode
  if (mode === 'new' || (sessions.length === 0 && mode !== 'compare')) main = <SessionForm />
  else if (mode === 'compare' && comparison) main = <SessionCompare comparison={comparison} />
  else if (detail) main = <SessionDetailPane detail={detail} />
  else main = <SessionForm />

  return (
    <div className="sessions-screen" data-testid="sessions-view">
      <aside className="sessions-side">
        <SessionList />
        <TransferPanel />
      </aside>
      <main className="sessions-main">
        {(error || notice) && (
          <div
            className={`sessions-message ${error ? 'is-error' : 'is-notice'}`}
            role={error ? 'alert' : 'status'}
            data-testid="sessions-message"
          >
            <span>{error ?? notice}</span>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => useSessionsStore.getState().dismiss()}
            >
              Dismiss
            </button>
          </div>
        )}
        <div className="sessions-main-inner">{main}</div>
      </main>
    </div>
  )
}
