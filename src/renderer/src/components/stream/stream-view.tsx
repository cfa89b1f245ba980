import type { ReactNode } from 'react'
import { filterProblem, isFiltering } from '../../lib/stream-filter'
import { useStreamStore } from '../../stores/stream-store'
import { ErrorIcon } from '../common/icons'
import { EmptyState } from './empty-state'
import { NoMatch } from './no-match'
import { PausedBanner } from './paused-banner'
import { SessionScopeBanner } from './session-scope-banner'
import { StreamTable } from './stream-table'

/** True when the log has nothing to show and no filter explains it: time for the first-run guide. */
export function useShowsEmptyState(): boolean {
  return useStreamStore((s) => s.loaded && s.rows.length === 0 && !s.hasNewer && !isFiltering(s.filter))
}

/** The left pane below the toolbar: the table, or why there is nothing to show yet. */
export function StreamView(): ReactNode {
  const loaded = useStreamStore((s) => s.loaded)
  const empty = useStreamStore((s) => s.rows.length === 0)
  const error = useStreamStore((s) => s.error)
  const filtering = useStreamStore((s) => isFiltering(s.filter))
  const reload = useStreamStore((s) => s.reload)
  const problem = useStreamStore((s) => filterProblem(s.filter.text))

  let body: ReactNode
  if (!loaded && error) body = <LoadError message={error} onRetry={() => void reload()} />
  else if (!loaded) body = <div className="stream-placeholder">Loading events…</div>
  else if (empty && filtering) body = <NoMatch />
  else if (empty) body = <EmptyState />
  else body = <StreamTable />

  return (
    <div className={`stream-view${problem ? ' is-stale' : ''}`}>
      <PausedBanner />
      <SessionScopeBanner />
      {problem && (
        <div className="banner banner-error" role="alert" data-testid="filter-stale">
          <ErrorIcon />
          <span>Not a valid filter: {problem} The rows below are from the last valid filter.</span>
        </div>
      )}
      {loaded && error && (
        <div className="banner banner-error" role="alert">
          <ErrorIcon />
          <span>{error}</span>
          <button type="button" className="btn btn-small" onClick={() => void reload()}>
            Retry
          </button>
        </div>
      )}
      {body}
    </div>
  )
}

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }): ReactNode {
  return (
    <div className="stream-placeholder is-error" role="alert">
      <p>Could not load events: {message}</p>
      <button type="button" className="btn btn-small" onClick={onRetry}>
        Retry
      </button>
    </div>
  )
}
