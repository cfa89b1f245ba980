import { useEffect, type ReactNode } from 'react'
import { useSessionsStore } from '../../stores/sessions-store'
import { useViewStore } from '../../stores/view-store'
import '../../styles/sessions.css'

/** In the top bar on every screen while a session records: its name and live tally; a click opens it. */
export function ActiveSessionBanner(): ReactNode {
  const active = useSessionsStore((s) => s.active)
  useEffect(() => {
    void useSessionsStore.getState().start()
  }, [])
  if (!active) return null
  const open = (): void => {
    useSessionsStore.getState().select(active.id)
    useViewStore.getState().show('sessions')
  }
  return (
    <button
      type="button"
      className="active-session-banner"
      onClick={open}
      data-testid="active-session-banner"
      title="Every call captured now is tagged with this session. Click to see its checklist."
    >
      <span className="rec-dot" aria-hidden="true" />
      <span className="active-session-name">{active.name}</span>
      {active.expectationCount > 0 && (
        <span
          className={`active-session-tally${active.met === active.expectationCount ? ' is-complete' : ''}`}
          data-testid="active-session-tally"
        >
          {active.met}/{active.expectationCount} met
          {active.failed > 0 && <span className="active-session-failed"> · {active.failed} failed</span>}
        </span>
      )}
    </button>
  )
}
