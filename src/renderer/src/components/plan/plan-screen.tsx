import { useEffect, type ReactNode } from 'react'
import { formatDateTime, plural } from '../../lib/format'
import { usePlanStore } from '../../stores/plan-store'
import { PlanEditor } from './plan-editor'
import { PlanTable } from './plan-table'
import { RevalidatePanel } from './revalidate-panel'

const FORMAT_LABEL = { 'schema-map': 'JSON Schema map', 'rows-json': 'JSON rows', csv: 'CSV' } as const

/**
 * The tracking plan: write or load it on the left, see it parsed as a
 * table on the right (with which planned events the log has seen), save
 * it, and re-check the existing log against it.
 */
export function PlanScreen(): ReactNode {
  const plan = usePlanStore((s) => s.plan)
  const loaded = usePlanStore((s) => s.loaded)
  const load = usePlanStore((s) => s.load)
  const refreshCoverage = usePlanStore((s) => s.refreshCoverage)

  useEffect(() => {
    void load()
    // Coverage moves as events arrive; a slow poll while the screen is open is plenty.
    const timer = setInterval(() => void refreshCoverage(), 3_000)
    return () => clearInterval(timer)
  }, [load, refreshCoverage])

  return (
    <main className="plan-screen" data-testid="plan-screen">
      <header className="plan-header">
        <div>
          <h1 className="plan-title">Tracking plan</h1>
          <p className="plan-subtitle" data-testid="plan-status">
            {!loaded
              ? 'Loading…'
              : plan
                ? `${plural(plan.eventNames.length, 'planned event')} · ${FORMAT_LABEL[plan.format]} · saved ${formatDateTime(plan.updatedAt)}`
                : 'No plan yet: captured calls are checked against the Track API only.'}
          </p>
        </div>
        <div className="plan-header-spacer" />
        <RevalidatePanel />
      </header>
      <div className="plan-body">
        <PlanEditor />
        <PlanTable />
      </div>
    </main>
  )
}
