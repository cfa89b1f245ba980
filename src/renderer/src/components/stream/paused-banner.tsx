import type { ReactNode } from 'react'
import { plural } from '../../lib/format'
import { useStreamStore } from '../../stores/stream-store'
import { PlayIcon } from '../common/icons'

/** While paused, capture goes on: say how much is waiting instead of moving the list. */
export function PausedBanner(): ReactNode {
  const paused = useStreamStore((s) => s.paused)
  const pending = useStreamStore((s) => s.pendingCount)
  const resume = useStreamStore((s) => s.resume)
  if (!paused) return null

  return (
    <div className="banner banner-paused" role="status" data-testid="paused-banner">
      <span>
        {pending > 0 ? (
          <>
            <strong>{plural(pending, 'new event')}</strong> arrived while paused
          </>
        ) : (
          'Paused: new calls are still captured'
        )}
      </span>
      <button
        type="button"
        className="btn btn-small btn-attention"
        onClick={resume}
        data-testid="resume-button"
      >
        <PlayIcon size={12} />
        {pending > 0 ? `Show ${plural(pending, 'new event')}` : 'Resume'}
      </button>
    </div>
  )
}
