import type { ReactNode } from 'react'
import { useStreamStore } from '../../stores/stream-store'

export function NoMatch(): ReactNode {
  const resetFilter = useStreamStore((s) => s.resetFilter)
  return (
    <div className="no-match" data-testid="no-match">
      <p>No events match this filter.</p>
      <button type="button" className="btn btn-small" onClick={resetFilter}>
        Clear filter
      </button>
    </div>
  )
}
