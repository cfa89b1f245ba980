import type { ReactNode } from 'react'
import { useConnectionStore } from '../../stores/connection-store'
import { useStreamStore } from '../../stores/stream-store'

/** Whether new calls will show up on their own: live, paused by the user, or cut off from the server. */
export function LiveIndicator(): ReactNode {
  const status = useConnectionStore((s) => s.status)
  const detail = useConnectionStore((s) => s.detail)
  const paused = useStreamStore((s) => s.paused)

  let tone: 'live' | 'paused' | 'offline' | 'connecting'
  let label: string
  let title: string
  if (status === 'reconnecting') {
    tone = 'offline'
    label = 'Reconnecting…'
    title = detail ?? 'Lost the connection to the server; retrying. Nothing captured meanwhile is lost.'
  } else if (status === 'stopped') {
    tone = 'offline'
    label = 'Engine stopped'
    title = detail ?? 'The engine stopped and could not be restarted. Restart Track Debugger.'
  } else if (status === 'connecting') {
    tone = 'connecting'
    label = 'Connecting…'
    title = 'Connecting to the server'
  } else if (paused) {
    tone = 'paused'
    label = 'Paused'
    title = 'The list is paused; capture goes on. Resume to see new calls.'
  } else {
    tone = 'live'
    label = 'Live'
    title = 'New calls appear as they arrive'
  }

  return (
    <span
      className={`live-indicator live-${tone}`}
      title={title}
      data-testid="live-indicator"
      data-state={tone}
    >
      <span className="live-dot" aria-hidden="true" />
      <span className="live-label">{label}</span>
    </span>
  )
}
