import type { ReactNode } from 'react'
import { formatCount, plural } from '../../lib/format'
import { usePlanStore } from '../../stores/plan-store'

/** One action to re-check the whole log against the spec and the saved plan, with progress and the outcome. */
export function RevalidatePanel(): ReactNode {
  const progress = usePlanStore((s) => s.progress)
  const lastRun = usePlanStore((s) => s.lastRun)
  const revalidate = usePlanStore((s) => s.revalidate)
  const running = progress?.running === true
  const percent =
    running && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0

  return (
    <div className="revalidate" data-testid="revalidate-panel">
      {running ? (
        <div
          className="revalidate-progress"
          role="status"
          aria-live="polite"
          data-testid="revalidate-progress"
        >
          <span className="revalidate-bar" aria-hidden="true">
            <span className="revalidate-bar-fill" style={{ width: `${percent}%` }} />
          </span>
          <span>
            Checking {formatCount(progress.done)} of {formatCount(progress.total)} events…
          </span>
        </div>
      ) : (
        lastRun && (
          <span className="revalidate-result" data-testid="revalidate-result" role="status">
            Re-checked {plural(lastRun.events, 'event')}: {formatCount(lastRun.changed)} changed
          </span>
        )
      )}
      <button
        type="button"
        className="btn"
        onClick={() => void revalidate()}
        disabled={running}
        title="Check every captured call in the log again, against the Track API and the saved plan"
        data-testid="revalidate-button"
      >
        Re-validate log
      </button>
    </div>
  )
}
