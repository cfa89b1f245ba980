import { useState, type ReactNode } from 'react'
import { PLAN_PROPERTY_TYPES } from '../../../../shared/contract/validation'
import { toCsv, toEditable, toJsonRows, type EditableRow } from '../../../../shared/plan-rows'
import { usePlanStore } from '../../stores/plan-store'

const EMPTY: EditableRow = { event: '', property: '', type: 'string', required: false, allowed: '' }

/**
 * Edit the plan as a grid. "Apply" writes the rows back into the source as
 * CSV (or JSON rows when that is the form in use); the engine then checks
 * it like any typed plan, and Save keeps it.
 */
export function PlanTableEditor({ onDone }: { onDone: () => void }): ReactNode {
  const check = usePlanStore((s) => s.check)
  const plan = usePlanStore((s) => s.plan)
  const setDraft = usePlanStore((s) => s.setDraft)
  const setFormat = usePlanStore((s) => s.setFormat)
  const source = check?.ok ? check : plan
  const format = source?.format ?? 'csv'
  const [rows, setRows] = useState<EditableRow[]>(() => {
    const initial = toEditable(source?.rows ?? [])
    return initial.length > 0 ? initial : [{ ...EMPTY }]
  })

  const update = (i: number, patch: Partial<EditableRow>): void =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const apply = (): void => {
    const json = format === 'rows-json'
    setFormat(json ? 'rows-json' : 'csv')
    setDraft(json ? toJsonRows(rows) : toCsv(rows))
    onDone()
  }

  return (
    <div className="plan-grid-wrap" data-testid="plan-grid">
      {format === 'schema-map' && (
        <p className="plan-grid-note">
          This plan is a JSON Schema map. Applying the table writes it as CSV rows: type, required and allowed
          values are kept, other schema keywords are not.
        </p>
      )}
      <div className="plan-table-scroll">
        <table className="plan-table plan-grid">
          <thead>
            <tr>
              <th>Event</th>
              <th>Property</th>
              <th>Type</th>
              <th>Required</th>
              <th>Allowed values (a|b|c)</th>
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} data-testid="plan-grid-row">
                <td>
                  <input
                    className="plan-cell"
                    value={row.event}
                    onChange={(e) => update(i, { event: e.target.value })}
                    aria-label="Event"
                    placeholder="event_name"
                  />
                </td>
                <td>
                  <input
                    className="plan-cell"
                    value={row.property}
                    onChange={(e) => update(i, { property: e.target.value })}
                    aria-label="Property"
                    placeholder="(none)"
                  />
                </td>
                <td>
                  <input
                    className="plan-cell plan-cell-type"
                    value={row.type}
                    onChange={(e) => update(i, { type: e.target.value })}
                    aria-label="Type"
                    list="plan-types"
                    placeholder="any"
                  />
                </td>
                <td className="plan-cell-center">
                  <input
                    type="checkbox"
                    checked={row.required}
                    onChange={(e) => update(i, { required: e.target.checked })}
                    aria-label="Required"
                  />
                </td>
                <td>
                  <input
                    className="plan-cell"
                    value={row.allowed}
                    onChange={(e) => update(i, { allowed: e.target.value })}
                    aria-label="Allowed values"
                    placeholder="any value"
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small btn-icon"
                    onClick={() => setRows((list) => list.filter((_, j) => j !== i))}
                    aria-label="Remove row"
                    title="Remove row"
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <datalist id="plan-types">
          {PLAN_PROPERTY_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
      <div className="plan-actions">
        <button
          type="button"
          className="btn"
          onClick={() =>
            setRows((list) => [...list, { ...EMPTY, event: list[list.length - 1]?.event ?? '' }])
          }
          data-testid="plan-grid-add"
        >
          Add row
        </button>
        <div className="toolbar-spacer" />
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={apply} data-testid="plan-grid-apply">
          Apply to source
        </button>
      </div>
    </div>
  )
}
