import { useState, type ReactNode } from 'react'

/** Name/value rows for `{{name}}` placeholders; rows with an empty name are left out of the saved set. */
export function VariablesEditor({
  value,
  onChange,
}: {
  value: Record<string, string>
  onChange: (next: Record<string, string>) => void
}): ReactNode {
  // Rows are local so a name can be emptied while retyping it without the row vanishing.
  const [rows, setRows] = useState<[string, string][]>(() => Object.entries(value))
  const commit = (next: [string, string][]): void => {
    setRows(next)
    onChange(Object.fromEntries(next.filter(([n]) => n.trim() !== '').map(([n, v]) => [n.trim(), v])))
  }
  return (
    <div className="variables">
      {rows.map(([n, v], i) => (
        <div key={i} className="variable-row">
          <input
            className="input"
            value={n}
            placeholder="name"
            onChange={(e) => commit(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
            aria-label="Variable name"
          />
          <input
            className="input input-wide"
            value={v}
            placeholder="value"
            onChange={(e) => commit(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
            aria-label={`Value of ${n}`}
          />
          <button
            type="button"
            className="btn btn-ghost btn-small btn-icon"
            aria-label={`Remove ${n}`}
            onClick={() => commit(rows.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => commit([...rows, ['', '']])}>
        + Variable
      </button>
    </div>
  )
}
