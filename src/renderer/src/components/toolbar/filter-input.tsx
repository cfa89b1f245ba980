import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { filterProblem } from '../../lib/stream-filter'
import { useFilterAssistStore, type FilterSuggestion } from '../../stores/filter-assist-store'
import { useStreamStore } from '../../stores/stream-store'
import { CloseIcon, SearchIcon } from '../common/icons'
import { FilterAssist } from './filter-assist'

export const FILTER_INPUT_ID = 'stream-filter'

/** The stream's search box: the filter language, with autocomplete and a line of help while focused. */
export function FilterInput(): ReactNode {
  const text = useStreamStore((s) => s.filter.text)
  const setFilter = useStreamStore((s) => s.setFilter)
  const suggestions = useFilterAssistStore((s) => s.suggestions)
  const active = useFilterAssistStore((s) => s.active)
  const assist = useFilterAssistStore.getState
  const [focused, setFocused] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const problem = filterProblem(text)

  const refresh = (value: string, el: HTMLInputElement): void =>
    assist().update(value, el.selectionStart ?? value.length)

  const accept = (s: FilterSuggestion): void => {
    const next = text.slice(0, s.start) + s.insert + text.slice(s.end)
    const cursor = s.start + s.insert.length
    setFilter({ text: next })
    assist().update(next, cursor)
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(cursor, cursor))
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const open = suggestions.length > 0
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault()
      assist().move(event.key === 'ArrowDown' ? 1 : -1)
      return
    }
    if (open && (event.key === 'Enter' || event.key === 'Tab')) {
      const chosen = suggestions[active]
      if (chosen) {
        event.preventDefault()
        accept(chosen)
      }
      return
    }
    if (event.key !== 'Escape') return
    event.preventDefault()
    if (open) assist().close()
    else if (text) setFilter({ text: '' })
    else event.currentTarget.blur()
  }

  return (
    <div className={`filter-input${problem ? ' has-error' : ''}`}>
      <SearchIcon className="filter-input-icon" />
      <input
        ref={inputRef}
        id={FILTER_INPUT_ID}
        type="search"
        value={text}
        onChange={(e) => {
          setFilter({ text: e.target.value })
          refresh(e.target.value, e.target)
        }}
        onKeyDown={onKeyDown}
        onClick={(e) => refresh(text, e.currentTarget)}
        onFocus={(e) => {
          setFocused(true)
          refresh(text, e.currentTarget)
        }}
        onBlur={() => {
          setFocused(false)
          assist().close()
        }}
        placeholder="Filter: event:signed_up user:… status:invalid or free text"
        aria-label="Filter events"
        aria-invalid={problem !== null}
        aria-autocomplete="list"
        aria-expanded={focused && suggestions.length > 0}
        aria-controls="filter-assist"
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
      {/* Only while typing: left open, it would cover the column headers. An invalid filter is also said above the rows. */}
      {focused && (
        <FilterAssist suggestions={suggestions} active={active} problem={problem} onPick={accept} />
      )}
    </div>
  )
}
