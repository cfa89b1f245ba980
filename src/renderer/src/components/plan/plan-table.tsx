import { useMemo, useState, type ReactNode } from 'react'
import type { PlanCoverageItem, PlanRow } from '../../../../shared/contract/validation'
import { formatCount, formatDateTime } from '../../lib/format'
import { usePlanStore } from '../../stores/plan-store'
import { PlanTableEditor } from './plan-table-editor'

interface EventGroup {
  event: string
  rows: PlanRow[]
  coverage: PlanCoverageItem | undefined
}

function allowedText(row: PlanRow): string {
  return row.allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' | ')
}

/**
 * The plan as the engine understood it: the draft while it parses, else the
 * saved plan. Each event says whether the log has seen it, so gaps in
 * instrumentation stand out.
 */
export function PlanTable(): ReactNode {
  const plan = usePlanStore((s) => s.plan)
  const check = usePlanStore((s) => s.check)
  const draft = usePlanStore((s) => s.draft)
  const coverage = usePlanStore((s) => s.coverage)
  const showingDraft = draft !== (plan?.source ?? '') && check?.ok === true
  const rows = showingDraft ? check?.rows : plan?.rows

  const groups = useMemo((): EventGroup[] => {
    const byEvent = new Map<string, PlanRow[]>()
    for (const row of rows ?? []) {
      const list = byEvent.get(row.event)
      if (list) list.push(row)
      else byEvent.set(row.event, [row])
    }
    return [...byEvent].map(([event, list]) => ({
      event,
      rows: list,
      coverage: coverage.find((c) => c.event === event),
    }))
  }, [rows, coverage])

  const seen = groups.filter((g) => (g.coverage?.seen ?? 0) > 0).length
  const known = !showingDraft && plan !== null
  const [editing, setEditing] = useState(false)
  // The grid starts from what parsed; while the source has errors there is nothing sound to start from.
  const canEdit = check === null ? draft.trim() === '' : check.ok

  if (editing) {
    return (
      <section className="plan-table-pane" aria-label="Edit plan as a table">
        <div className="plan-pane-head">
          <h2 className="section-title">Edit as a table</h2>
        </div>
        <PlanTableEditor onDone={() => setEditing(false)} />
      </section>
    )
  }

  return (
    <section className="plan-table-pane" aria-label="Parsed plan">
      <div className="plan-pane-head">
        <h2 className="section-title">{showingDraft ? 'Draft, not saved yet' : 'Plan'}</h2>
        <div className="toolbar-spacer" />
        {known && groups.length > 0 && (
          <span className="plan-coverage-summary" data-testid="plan-coverage-summary">
            {seen} of {groups.length} planned events seen in the log
          </span>
        )}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setEditing(true)}
          disabled={!canEdit}
          title={canEdit ? 'Edit the rows in a grid' : 'Fix the errors in the source first'}
          data-testid="plan-edit-table"
        >
          Edit as table
        </button>
      </div>
      {groups.length === 0 ? (
        <div className="tab-empty">
          <p className="tab-empty-title">Nothing planned yet</p>
          <p className="tab-empty-text">
            List the events your app should send and the properties each carries. Captured track calls are
            then checked for unplanned events, missing required properties, wrong types, values not allowed
            and unplanned properties.
          </p>
        </div>
      ) : (
        <div className="plan-table-scroll">
          <table className="plan-table" data-testid="plan-table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Property</th>
                <th>Type</th>
                <th>Required</th>
                <th>Allowed values</th>
                {known && <th className="plan-seen-col">In the log</th>}
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.event} data-testid="plan-event" data-event={group.event}>
                {group.rows.map((row, i) => (
                  <tr key={`${row.property ?? ''}-${i}`}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={group.rows.length} className="plan-event-name">
                        {group.event}
                      </th>
                    )}
                    <td className="mono">
                      {row.property ?? <span className="is-faint">no properties listed</span>}
                    </td>
                    <td className="mono">{row.property === null ? '' : row.types.join(' | ')}</td>
                    <td>{row.required ? <span className="plan-required">required</span> : ''}</td>
                    <td className="mono plan-allowed">{allowedText(row)}</td>
                    {known && i === 0 && (
                      <td rowSpan={group.rows.length} className="plan-seen-col">
                        <Seen item={group.coverage} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  )
}

function Seen({ item }: { item: PlanCoverageItem | undefined }): ReactNode {
  if (!item || item.seen === 0) {
    return (
      <span className="plan-seen is-never" data-testid="plan-seen" data-seen="0">
        never seen
      </span>
    )
  }
  return (
    <span
      className="plan-seen is-seen"
      data-testid="plan-seen"
      data-seen={item.seen}
      title={item.lastSeenAt ? `Last seen ${formatDateTime(item.lastSeenAt)}` : undefined}
    >
      {formatCount(item.seen)}× seen
    </span>
  )
}
