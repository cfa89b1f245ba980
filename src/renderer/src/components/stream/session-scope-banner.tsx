import type { ReactNode } from 'react'
import { useSessionsStore } from '../../stores/sessions-store'
import { useStreamStore } from '../../stores/stream-store'

const SCOPE = /^\s*session:(\d+)\s*$/

/** When the filter is one session (as "Show in stream" sets it), say which, and offer the way back. */
export function SessionScopeBanner(): ReactNode {
  const text = useStreamStore((s) => s.filter.text)
  const showOnly = useStreamStore((s) => s.showOnly)
  const sessions = useSessionsStore((s) => s.sessions)
  const match = SCOPE.exec(text)
  if (!match) return null
  const id = Number(match[1])
  const session = sessions.find((s) => s.id === id)
  return (
    <div className="banner banner-scope" role="status" data-testid="session-scope">
      <span>
        Showing only the calls of session <strong>{session ? `“${session.name}”` : `#${id}`}</strong>
        {session && session.prunedEvents > 0 && ` (${session.prunedEvents} have left the log)`}
      </span>
      <button type="button" className="btn btn-small" onClick={() => showOnly('')}>
        Show all calls
      </button>
    </div>
  )
}
