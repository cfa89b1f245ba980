import { useState, type ReactNode } from 'react'
import type { UpstreamExchange } from '../../../../shared/contract/send'
import { formatJsonText } from './format-body'

function statusClass(status: number | null): string {
  if (status === null) return 'is-bad'
  if (status < 300) return 'is-ok'
  if (status < 500) return 'is-warn'
  return 'is-bad'
}

/** What went out and what came back: status, time, headers and body; a send that got no answer offers a retry. */
export function ExchangeView({
  exchange,
  onRetry,
  retrying = false,
}: {
  exchange: UpstreamExchange
  /** Send the same again (same body, same environment). */
  onRetry?: () => void
  retrying?: boolean
}): ReactNode {
  const [tab, setTab] = useState<'body' | 'headers' | 'sent'>('body')
  return (
    <div className="exchange" data-testid="send-response">
      <div className="exchange-summary">
        <span
          className={`exchange-status ${statusClass(exchange.status)}`}
          data-testid="send-response-status"
        >
          {exchange.status ?? 'No answer'}
        </span>
        {exchange.latencyMs !== null && <span className="exchange-time">{exchange.latencyMs} ms</span>}
        <span className="exchange-target" title={exchange.url}>
          {exchange.method} {exchange.url || exchange.fault}
        </span>
      </div>
      {exchange.error && (
        <div className="exchange-error" role="alert">
          <span>{exchange.error}</span>
          {onRetry && exchange.kind !== 'fault' && exchange.status === null && (
            <button
              type="button"
              className="btn btn-small"
              disabled={retrying}
              onClick={onRetry}
              data-testid="send-retry"
            >
              {retrying ? 'Retrying…' : 'Retry'}
            </button>
          )}
        </div>
      )}
      <div className="segmented exchange-tabs" role="tablist">
        {(['body', 'headers', 'sent'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`segmented-item${tab === t ? ' is-active' : ''}`}
            onClick={() => setTab(t)}
          >
            {t === 'body' ? 'Response body' : t === 'headers' ? 'Response headers' : 'Sent'}
          </button>
        ))}
      </div>
      {tab === 'body' && (
        <pre className="exchange-pre" data-testid="send-response-body">
          {exchange.body === '' ? <span className="is-faint">(empty)</span> : formatJsonText(exchange.body)}
        </pre>
      )}
      {tab === 'headers' && <HeaderList headers={exchange.headers} />}
      {tab === 'sent' && (
        <>
          <HeaderList headers={exchange.sentHeaders} />
          <pre className="exchange-pre">{formatJsonText(exchange.sentBody)}</pre>
        </>
      )}
    </div>
  )
}

function HeaderList({ headers }: { headers: [string, string][] }): ReactNode {
  if (headers.length === 0) return <p className="is-faint exchange-empty">No headers.</p>
  return (
    <table className="exchange-headers">
      <tbody>
        {headers.map(([n, v], i) => (
          <tr key={`${n}-${i}`}>
            <th>{n}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
