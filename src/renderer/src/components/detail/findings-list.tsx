import type { ReactNode } from 'react'
import type { Finding, Severity } from '../../../../shared/model'
import { AlertIcon, ErrorIcon, InfoIcon } from '../common/icons'

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const ICON: Record<Severity, (p: { size?: number }) => ReactNode> = {
  error: ErrorIcon,
  warning: AlertIcon,
  info: InfoIcon,
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity])
}

/** Pointers read better with a name for the root, which is the empty string. */
export function describePath(path: string, root: string): string {
  return path === '' ? root : path
}

/** `onShow`: the findings point into a JSON tree the Event tab shows; clicking one reveals its node there. */
export function FindingsList({
  findings,
  root,
  onShow,
}: {
  findings: readonly Finding[]
  root: string
  onShow?: (path: string) => void
}): ReactNode {
  return (
    <ul className="findings-list">
      {sortFindings(findings).map((finding, i) => {
        const Icon = ICON[finding.severity]
        const body = (
          <>
            <span className="finding-icon" aria-label={finding.severity}>
              <Icon size={14} />
            </span>
            <div className="finding-body">
              <div className="finding-message">{finding.message}</div>
              <div className="finding-meta">
                <code className="finding-path">{describePath(finding.path, root)}</code>
                <span className="finding-rule">{finding.rule}</span>
                {onShow && <span className="finding-show">Show in event →</span>}
              </div>
            </div>
          </>
        )
        return (
          <li
            key={`${finding.rule}-${finding.path}-${i}`}
            className={`finding is-${finding.severity}`}
            data-testid="finding"
            data-rule={finding.rule}
          >
            {onShow ? (
              <button
                type="button"
                className="finding-button"
                onClick={() => onShow(finding.path)}
                title="Show this field in the Event tab"
              >
                {body}
              </button>
            ) : (
              body
            )}
          </li>
        )
      })}
    </ul>
  )
}
