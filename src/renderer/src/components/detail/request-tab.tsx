import { useMemo, type ReactNode } from 'react'
import type { EventDetail } from '../../../../shared/model'
import { formatBytes, formatCount, formatDateTime } from '../../lib/format'
import { HttpStatus, StatusBadge } from '../common/badges'
import { CopyButton } from '../common/copy-button'

export function RequestTab({ detail }: { detail: EventDetail }): ReactNode {
  const { request } = detail
  const target = request.query ? `${request.path}?${request.query.replace(/^\?/, '')}` : request.path
  const response = useMemo(() => prettyIfJson(request.responseBody), [request.responseBody])
  const headersText = useMemo(
    () => request.headers.map(([n, v]) => `${n}: ${v}`).join('\n'),
    [request.headers],
  )

  return (
    <div className="request-tab">
      <section className="detail-section">
        <h3 className="section-title">General</h3>
        <dl className="properties">
          <dt>Request</dt>
          <dd className="mono">
            <strong>{request.method}</strong> {target}
          </dd>
          <dt>Response</dt>
          <dd>
            <HttpStatus code={request.responseStatus} withReason />
          </dd>
          <dt>Validation</dt>
          <dd>
            <StatusBadge status={request.status} />
          </dd>
          <dt>Received</dt>
          <dd className="mono">{formatDateTime(request.receivedAt)}</dd>
          <dt>Remote address</dt>
          <dd className="mono">{request.remoteAddress ?? <Missing />}</dd>
          <dt>Origin</dt>
          <dd className="mono">{request.origin ?? <Missing />}</dd>
          <dt>User agent</dt>
          <dd className="mono wrap">{request.userAgent ?? <Missing />}</dd>
          <dt>Content type</dt>
          <dd className="mono">{request.contentType ?? <Missing />}</dd>
          <dt>Body size</dt>
          <dd className="mono">
            {formatBytes(request.bodySize)}
            {request.bodySize >= 1024 && (
              <span className="muted-text"> ({formatCount(request.bodySize)} bytes)</span>
            )}
            {request.bodyTruncated && <span className="muted-text"> · truncated in the log</span>}
          </dd>
          <dt>Events</dt>
          <dd>
            {request.eventCount === 0
              ? 'none'
              : detail.index >= 0
                ? `${formatCount(detail.index + 1)} of ${formatCount(request.eventCount)} in this request`
                : formatCount(request.eventCount)}
          </dd>
          {request.entryOrigin !== 'captured' && (
            <>
              <dt>Origin of entry</dt>
              <dd>
                {request.entryOrigin}
                {request.parentId !== null && (
                  <span className="muted-text"> of request #{request.parentId}</span>
                )}
              </dd>
            </>
          )}
          {request.error && (
            <>
              <dt>Rejected</dt>
              <dd className="is-error-text">{request.error}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="detail-section">
        <h3 className="section-title">
          Request headers <span className="section-count">{request.headers.length}</span>
          <div className="toolbar-spacer" />
          {request.headers.length > 0 && (
            <CopyButton text={headersText} label="Copy headers" className="btn-small" />
          )}
        </h3>
        <table className="headers-table" data-testid="headers-table">
          <tbody>
            {request.headers.map(([name, value], i) => (
              <tr key={`${name}-${i}`}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="detail-section">
        <h3 className="section-title">
          Response <HttpStatus code={request.responseStatus} withReason />
        </h3>
        {request.responseHeaders && request.responseHeaders.length > 0 && (
          <table className="headers-table" data-testid="response-headers">
            <tbody>
              {request.responseHeaders.map(([name, value], i) => (
                <tr key={`${name}-${i}`}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {response ? (
          <pre className="code-view is-wrapped">{response}</pre>
        ) : (
          <p className="muted-text">Empty body.</p>
        )}
      </section>
    </div>
  )
}

function Missing(): ReactNode {
  return <span className="is-faint">—</span>
}

function prettyIfJson(text: string): string {
  if (!text) return ''
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
