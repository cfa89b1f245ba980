import { useMemo, type ReactNode } from 'react'
import type { RuleInfo } from '../../../../shared/contract/validation'
import { usePopover } from '../../hooks/use-popover'
import { useStreamStore } from '../../stores/stream-store'
import { useValidationStore } from '../../stores/validation-store'

const GROUPS: { source: RuleInfo['source']; label: string }[] = [
  { source: 'plan', label: 'Tracking plan' },
  { source: 'spec', label: 'Track API' },
  { source: 'capture', label: 'HTTP & body' },
]

/** Narrow the stream to rows with a finding from chosen rules; a popover of checkboxes, grouped by where rules come from. */
export function RuleFilter(): ReactNode {
  const rules = useValidationStore((s) => s.rules)
  const selected = useStreamStore((s) => s.filter.rules)
  const setFilter = useStreamStore((s) => s.setFilter)
  const { open, setOpen, anchor: root } = usePopover()

  const grouped = useMemo(
    () => GROUPS.map((g) => ({ ...g, rules: rules.filter((r) => r.source === g.source) })),
    [rules],
  )
  const toggle = (id: string): void =>
    setFilter({ rules: selected.includes(id) ? selected.filter((r) => r !== id) : [...selected, id] })
  const label =
    selected.length === 0
      ? 'Any rule'
      : selected.length === 1
        ? (selected[0] as string)
        : `${selected.length} rules`

  return (
    <div className="rule-filter" ref={root}>
      <button
        type="button"
        className={`select rule-filter-button${selected.length > 0 ? ' is-active' : ''}`}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        title="Show only rows with findings from these rules"
        data-testid="rule-filter"
      >
        {label}
      </button>
      {open && (
        <div className="rule-popover" role="dialog" aria-label="Filter by rule" data-testid="rule-popover">
          <div className="rule-popover-head">
            <span>Rows with a finding from…</span>
            {selected.length > 0 && (
              <button type="button" className="link-button" onClick={() => setFilter({ rules: [] })}>
                Clear
              </button>
            )}
          </div>
          <div className="rule-popover-body">
            {grouped.map((group) => (
              <section key={group.source}>
                <h4 className="rule-group-title">{group.label}</h4>
                {group.rules.map((rule) => (
                  <label key={rule.id} className="rule-option" title={rule.description}>
                    <input
                      type="checkbox"
                      checked={selected.includes(rule.id)}
                      onChange={() => toggle(rule.id)}
                      data-testid={`rule-option-${rule.id}`}
                    />
                    <span className={`rule-dot is-${rule.severity}`} aria-label={rule.severity} />
                    <code className="rule-id">{rule.id}</code>
                    <span className="rule-description">{rule.description}</span>
                  </label>
                ))}
              </section>
            ))}
          </div>
        </div>
      )}
    </div>
  )
}
