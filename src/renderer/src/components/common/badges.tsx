import type { ReactNode } from 'react'
import type { CallType, Status } from '../../../../shared/model'

const STATUS_LABEL: Record<Status, string> = {
  valid: 'valid',
  warnings: 'warnings',
  invalid: 'invalid',
  unchecked: 'unchecked',
}

/**
 * `count`: findings behind the status, shown inside the badge when there are any.
 * `planOnly`: invalid only against the tracking plan, which the real API accepts: shown as
 * "off-plan", apart from the spec errors the real API answers 400.
 */
export function StatusBadge({
  status,
  title,
  count = 0,
  planOnly = false,
}: {
  status: Status
  title?: string
  count?: number
  planOnly?: boolean
}): ReactNode {
  const offPlan = planOnly && status === 'invalid'
  return (
    <span
      className={`badge status-badge status-${offPlan ? 'off-plan' : status}`}
      title={offPlan ? `Breaks the tracking plan; the real API accepts it. ${title ?? ''}`.trim() : title}
      data-status={offPlan ? 'off-plan' : status}
    >
      {offPlan ? 'off-plan' : STATUS_LABEL[status]}
      {count > 0 && <span className="badge-count">{count}</span>}
    </span>
  )
}

const TYPE_LABEL: Record<CallType, string> = {
  track: 'track',
  identify: 'identify',
  group: 'group',
  subscription: 'status',
  preflight: 'preflight',
  other: 'other',
}

export function CallTypeBadge({ callType }: { callType: CallType }): ReactNode {
  return <span className={`badge type-badge type-${callType}`}>{TYPE_LABEL[callType]}</span>
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** HTTP status as a quiet number, coloured only when it is not a success; `withReason` adds "OK", "Bad Request"… */
export function HttpStatus({ code, withReason = false }: { code: number; withReason?: boolean }): ReactNode {
  // 0: no answer came back (a send or forward that failed on the network, or a dropped connection).
  if (code === 0)
    return (
      <span
        className="http-status http-failed"
        title="No answer: the call failed before an answer came back (DNS, refused, TLS or timeout; see the detail)"
        data-testid="http-failed"
      >
        failed
      </span>
    )
  const tone = code >= 500 ? 'server-error' : code >= 400 ? 'client-error' : code >= 300 ? 'redirect' : 'ok'
  const reason = withReason ? REASONS[code] : undefined
  return (
    <span className={`http-status http-${tone}${withReason ? ' has-reason' : ''}`} title={REASONS[code]}>
      {code}
      {reason && ` ${reason}`}
    </span>
  )
}
