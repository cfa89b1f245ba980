import type { ReactNode } from 'react'
import type { Status } from '../../../../shared/model'
import { useStreamStore } from '../../stores/stream-store'

const OPTIONS: { value: string; label: string; statuses: Status[] }[] = [
  { value: 'all', label: 'Any status', statuses: [] },
  { value: 'problems', label: 'Warnings + invalid', statuses: ['warnings', 'invalid'] },
  { value: 'invalid', label: 'Invalid', statuses: ['invalid'] },
  { value: 'warnings', label: 'Warnings', statuses: ['warnings'] },
  { value: 'valid', label: 'Valid', statuses: ['valid'] },
  { value: 'unchecked', label: 'Unchecked', statuses: ['unchecked'] },
]

const keyOf = (statuses: readonly Status[]): string => [...statuses].sort().join(',')

export function StatusFilter(): ReactNode {
  const statuses = useStreamStore((s) => s.filter.statuses)
  const setFilter = useStreamStore((s) => s.setFilter)
  const current = OPTIONS.find((o) => keyOf(o.statuses) === keyOf(statuses))?.value ?? 'all'

  return (
    <select
      className={`select${current !== 'all' ? ' is-active' : ''}`}
      value={current}
      onChange={(e) =>
        setFilter({ statuses: OPTIONS.find((o) => o.value === e.target.value)?.statuses ?? [] })
      }
      aria-label="Validation status"
      data-testid="status-filter"
    >
      {OPTIONS.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )
}
