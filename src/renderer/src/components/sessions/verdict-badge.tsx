import type { ReactNode } from 'react'
import type { Verdict } from '../../../../shared/contract/sessions'

const LABEL: Record<Verdict, string> = { met: 'Met', failed: 'Failed', pending: 'Pending' }

export function VerdictBadge({ verdict }: { verdict: Verdict }): ReactNode {
  return (
    <span
      className={`badge verdict-badge verdict-${verdict}`}
      data-testid="verdict-badge"
      data-verdict={verdict}
    >
      {LABEL[verdict]}
    </span>
  )
}

/** Met / failed / pending counts as three small figures. */
export function VerdictCounts({
  met,
  failed,
  pending,
}: {
  met: number
  failed: number
  pending: number
}): ReactNode {
  return (
    <span className="verdict-counts" title={`${met} met, ${failed} failed, ${pending} pending`}>
      <span className="verdict-count verdict-met">{met}</span>
      <span className="verdict-count verdict-failed">{failed}</span>
      <span className="verdict-count verdict-pending">{pending}</span>
    </span>
  )
}
