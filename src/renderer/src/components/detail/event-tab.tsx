import { useMemo, type ReactNode } from 'react'
import type { EventDetail } from '../../../../shared/model'
import { plural } from '../../lib/format'
import { useSelectionStore } from '../../stores/selection-store'
import { parseJson } from '../json-tree/json-model'
import { JsonTree } from '../json-tree/json-tree'
import { sortFindings } from './findings-list'

export function EventTab({ detail }: { detail: EventDetail }): ReactNode {
  if (detail.json !== null) return <EventJson json={detail.json} detail={detail} />
  return <RequestOnly detail={detail} />
}

function EventJson({ json, detail }: { json: string; detail: EventDetail }): ReactNode {
  const parsed = useMemo(() => parseJson(json), [json])
  const focus = useSelectionStore((s) => s.focus)
  return (
    <div className="event-tab">
      <FindingsStrip detail={detail} />
      {parsed.ok ? (
        <JsonTree value={parsed.value} findings={detail.findings} copyText={json} focus={focus} />
      ) : (
        <pre className="code-view" data-testid="json-tree">
          {json}
        </pre>
      )}
    </div>
  )
}

/** A request that carried no events: say why, and show its body when it is JSON at all. */
function RequestOnly({ detail }: { detail: EventDetail }): ReactNode {
  const { request } = detail
  const focus = useSelectionStore((s) => s.focus)
  const parsed = useMemo(
    () => (request.bodyText.trim() ? parseJson(request.bodyText) : null),
    [request.bodyText],
  )

  return (
    <div className="event-tab">
      <div className="notice">
        <p className="notice-title">
          {request.method} {request.path} carried no events
        </p>
        {request.error && <p className="notice-text">{request.error}</p>}
        {!request.error && request.callType === 'preflight' && (
          <p className="notice-text">
            A CORS preflight: the browser asks before every cross-origin call with a custom header.
          </p>
        )}
        {!request.error && request.callType === 'subscription' && (
          <p className="notice-text">The browser SDK checks its subscription when it starts.</p>
        )}
      </div>
      {parsed?.ok && (
        <JsonTree
          value={parsed.value}
          findings={request.findings}
          copyText={request.bodyText}
          focus={focus}
        />
      )}
      {parsed && !parsed.ok && (
        <p className="muted-text">
          {request.error ? '' : `The body is not JSON (${parsed.error}). `}The Raw tab shows the body exactly
          as received.
        </p>
      )}
    </div>
  )
}

function FindingsStrip({ detail }: { detail: EventDetail }): ReactNode {
  const setTab = useSelectionStore((s) => s.setTab)
  const all = [...detail.findings, ...detail.request.findings]
  if (all.length === 0) return null
  const top = sortFindings(all)[0]
  if (!top) return null
  return (
    <button type="button" className={`findings-strip is-${top.severity}`} onClick={() => setTab('findings')}>
      <span className="findings-strip-message">{top.message}</span>
      {all.length > 1 && (
        <span className="findings-strip-more">+{plural(all.length - 1, 'more finding')}</span>
      )}
    </button>
  )
}
