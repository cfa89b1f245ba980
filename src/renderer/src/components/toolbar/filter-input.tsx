import type { KeyboardEvent, ReactNode } from 'react'
import { useStreamStore } from '../../stores/stream-store'
import { CloseIcon, SearchIcon } from '../common/icons'

export const FILTER_INPUT_ID = 'stream-filter'

export function FilterInput(): ReactNode {
  const text = useStreamStore((s) => s.filter.text)
  const setFilter = useStreamStore((s) => s.setFilter)

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    if (text) setFilter({ text: '' })
    else event.currentTarget.blur()
  }

  return (
    <div className="filter-input">
      <SearchIcon className="filter-input-icon" />
      <input
        id={FILTER_INPUT_ID}
        type="search"
        value={text}
        onChange={(e) => setFilter({ text: e.target.value })}
        onKeyDown={onKeyDown}
        placeholder="Filter by event, user, property…"
        aria-label="Filter events"
        spellCheck={false}
        autoComplete="off"
        data-testid="filter-input"
      />
      {text ? (
        <button
          type="button"
          className="filter-input-clear"
          onClick={() => setFilter({ text: '' })}
          aria-label="Clear filter"
          title="Clear filter (Esc)"
        >
          <CloseIcon size={12} />
        </button>
      ) : (
        <kbd className="filter-input-hint" aria-hidden="true">
          /
        </kbd>
      )}
    </div>
  )
}
