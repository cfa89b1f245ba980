import { useState, type ReactNode } from 'react'
import type { RequestRecord } from '../../../../shared/model'
import { formatBytes } from '../../lib/format'
import { CopyButton } from '../common/copy-button'

export function RawTab({ request }: { request: RequestRecord }): ReactNode {
  const [wrap, setWrap] = useState(true)
  const storedBytes = new TextEncoder().encode(request.bodyText).length

  return (
    <div className="raw-tab">
      <div className="raw-toolbar">
        <span className="raw-meta">
          {formatBytes(request.bodySize)}
          {request.contentType && <> · {request.contentType}</>}
        </span>
        <div className="toolbar-spacer" />
        <label className="toggle">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          <span>Wrap lines</span>
        </label>
        {request.bodyBase64 !== null && (
          <CopyButton text={request.bodyBase64} label="Copy as base64" className="btn-small" />
        )}
        <CopyButton text={request.bodyText} label="Copy body" className="btn-small" testId="copy-raw" />
      </div>
      {request.bodyTruncated && (
        <p className="notice notice-warning">
          Truncated: the body was {formatBytes(request.bodySize)}; the log keeps the first{' '}
          {formatBytes(storedBytes)}.
        </p>
      )}
      {request.bodyBase64 !== null && (
        <p className="notice notice-warning">
          The body is not valid UTF-8. Shown decoded with replacement characters; “Copy as base64” gives the
          exact bytes.
        </p>
      )}
      {request.bodyText === '' ? (
        <>
          <p className="muted-text">Empty body.</p>
          <pre className="code-view raw-body is-empty" data-testid="raw-body" />
        </>
      ) : (
        <pre className={`code-view raw-body${wrap ? ' is-wrapped' : ''}`} data-testid="raw-body">
          {request.bodyText}
        </pre>
      )}
    </div>
  )
}
