import type { ReactNode } from 'react'
import { useConnectionStore } from '../../stores/connection-store'

/**
 * Desktop: the engine runs in a process of its own. When that process dies,
 * main restarts it and says so; this is where the window says it too, until
 * the engine runs again (or, if it cannot be restarted, for good).
 */
export function EngineBanner(): ReactNode {
  const status = useConnectionStore((s) => s.status)
  const detail = useConnectionStore((s) => s.detail)
  const transport = useConnectionStore((s) => s.transport)
  if (transport !== 'ipc' || (status !== 'reconnecting' && status !== 'stopped')) return null
  return (
    <div
      className={`banner ${status === 'stopped' ? 'banner-error' : 'banner-paused'}`}
      role="alert"
      data-testid="engine-banner"
    >
      <span>
        <strong>{status === 'stopped' ? 'The engine stopped.' : 'The engine is restarting.'}</strong>{' '}
        {detail ?? ''}
      </span>
    </div>
  )
}
