import type { ReactNode } from 'react'
import { FILTER_HELP } from '../../../../shared/filter-language'
import type { FilterSuggestion } from '../../stores/filter-assist-store'

interface Props {
  suggestions: FilterSuggestion[]
  active: number
  problem: string | null
  onPick: (s: FilterSuggestion) => void
}

/** The panel under the filter box: suggestions for what is being typed, then one line of help or the error. */
export function FilterAssist({ suggestions, active, problem, onPick }: Props): ReactNode {
  return (
    <div className="filter-assist" id="filter-assist" data-testid="filter-assist">
      {suggestions.length > 0 && (
        <ul
          className="filter-assist-list"
          role="listbox"
          aria-label="Suggestions"
          data-testid="filter-suggestions"
        >
          {suggestions.map((s, i) => (
            <li
              key={`${s.label}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`filter-assist-item${i === active ? ' is-active' : ''}`}
              // mousedown, not click: the input must keep focus, or its blur closes this list first.
              onMouseDown={(e) => {
                e.preventDefault()
                onPick(s)
              }}
              data-testid="filter-suggestion"
            >
              <span className="filter-assist-label">{s.label}</span>
              {s.detail && <span className="filter-assist-detail">{s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {problem ? (
        <div className="filter-assist-footer is-error" role="alert" data-testid="filter-error">
          {problem}
        </div>
      ) : (
        <div className="filter-assist-footer" data-testid="filter-help">
          {FILTER_HELP}
        </div>
      )}
    </div>
  )
}
