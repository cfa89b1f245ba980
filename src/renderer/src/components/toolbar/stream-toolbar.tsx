import type { ReactNode } from 'react'
import { useStreamStore } from '../../stores/stream-store'
import { PauseIcon, PlayIcon } from '../common/icons'
import { CallTypeChips } from './call-type-chips'
import { ClearLogButton } from './clear-log-button'
import { ExportViewButton } from './export-view-button'
import { FilterInput } from './filter-input'
import { RuleFilter } from './rule-filter'
import { StatusFilter } from './status-filter'

export function StreamToolbar(): ReactNode {
  const includeProtocol = useStreamStore((s) => s.filter.includeProtocol)
  const paused = useStreamStore((s) => s.paused)
  const setFilter = useStreamStore((s) => s.setFilter)
  const pause = useStreamStore((s) => s.pause)
  const resume = useStreamStore((s) => s.resume)

  return (
    <div className="toolbar" role="toolbar" aria-label="Stream">
      <FilterInput />
      <CallTypeChips />
      <StatusFilter />
      <RuleFilter />
      <label
        className="toggle"
        title="Browsers send a CORS preflight before every call, and the SDK checks /subscriptionStatus at start"
      >
        <input
          type="checkbox"
          checked={includeProtocol}
          onChange={(e) => setFilter({ includeProtocol: e.target.checked })}
          data-testid="protocol-toggle"
          aria-label="Show preflight & status checks"
        />
        <span>Preflight &amp; status</span>
      </label>
      <button
        type="button"
        className={`btn toolbar-end${paused ? ' btn-attention' : ' btn-ghost'}`}
        onClick={paused ? resume : pause}
        aria-pressed={paused}
        title={paused ? 'Resume the live list' : 'Freeze the list while you read; capture goes on'}
        data-testid="pause-button"
      >
        {paused ? <PlayIcon /> : <PauseIcon />}
        <span>{paused ? 'Resume' : 'Pause'}</span>
      </button>
      <ExportViewButton />
      <ClearLogButton />
    </div>
  )
}
