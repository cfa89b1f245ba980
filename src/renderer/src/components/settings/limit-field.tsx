import type { ReactNode } from 'react'

interface Props {
  id: string
  label: string
  hint: string
  enabled: boolean
  value: string
  unit: ReactNode
  error: string | null
  onToggle: (enabled: boolean) => void
  onChange: (value: string) => void
}

/** One retention limit: a switch (a limit can be off) and its number. */
export function LimitField({
  id,
  label,
  hint,
  enabled,
  value,
  unit,
  error,
  onToggle,
  onChange,
}: Props): ReactNode {
  return (
    <div className={`limit-field${enabled ? '' : ' is-off'}`} data-testid={`limit-${id}`}>
      <label className="limit-switch">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => onToggle(e.target.checked)}
          data-testid={`limit-${id}-enabled`}
        />
        <span className="limit-label">{label}</span>
      </label>
      <div className="limit-input">
        <input
          type="number"
          inputMode="decimal"
          min={0}
          value={value}
          disabled={!enabled}
          onChange={(e) => onChange(e.target.value)}
          aria-label={label}
          aria-invalid={error !== null}
          data-testid={`limit-${id}-value`}
        />
        <span className="limit-unit">{unit}</span>
      </div>
      <p className={`limit-hint${error ? ' is-error' : ''}`}>{error ?? hint}</p>
    </div>
  )
}
