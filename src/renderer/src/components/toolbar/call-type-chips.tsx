import type { ReactNode } from 'react'
import type { CallType } from '../../../../shared/model'
import { useStreamStore } from '../../stores/stream-store'

const CHIPS: CallType[] = ['track', 'identify', 'group']

/** Multi-select: none selected means every call type. */
export function CallTypeChips(): ReactNode {
  const selected = useStreamStore((s) => s.filter.callTypes)
  const setFilter = useStreamStore((s) => s.setFilter)

  const toggle = (type: CallType): void => {
    setFilter({
      callTypes: selected.includes(type) ? selected.filter((t) => t !== type) : [...selected, type],
    })
  }

  return (
    <div className="chips" role="group" aria-label="Call types">
      {CHIPS.map((type) => {
        const on = selected.includes(type)
        return (
          <button
            key={type}
            type="button"
            className={`chip chip-${type}${on ? ' is-on' : ''}`}
            aria-pressed={on}
            onClick={() => toggle(type)}
            data-testid={`chip-${type}`}
          >
            {type}
          </button>
        )
      })}
    </div>
  )
}
