import { useMemo, type ReactNode } from 'react'
import { curlSnippet } from '../../lib/snippets'
import { plural } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useSettingsStore } from '../../stores/settings-store'
import { useStreamStore } from '../../stores/stream-store'
import { CodeBlock } from '../common/code-block'
import { CopyButton } from '../common/copy-button'
import { SetupSnippets } from '../setup/setup-snippets'

/** First run: say exactly how to get a first call in, with the real URL filled in. */
export function EmptyState(): ReactNode {
  const captureUrl = useSettingsStore((s) => s.info?.captureUrl)
  const requests = useSettingsStore((s) => s.stats?.requests ?? 0)
  const includeProtocol = useStreamStore((s) => s.filter.includeProtocol)
  const setFilter = useStreamStore((s) => s.setFilter)
  const curl = useMemo(() => (captureUrl ? curlSnippet(captureUrl) : ''), [captureUrl])
  // While the engine is out of reach (restarting, stopped, or the connection lost), say so: never "capturing".
  const status = useConnectionStore((s) => s.status)
  const live = status === 'open' || status === 'connecting'

  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-state-inner">
        <div className="empty-state-head">
          <span className={`listening-dot${live ? '' : ' is-off'}`} aria-hidden="true" />
          <h1>Waiting for the first Track call</h1>
        </div>
        <p className="empty-state-lead" data-testid="empty-state-lead">
          {status === 'stopped'
            ? 'The engine stopped, so nothing is captured on '
            : live
              ? 'Track Debugger is capturing on '
              : 'Not connected to the engine right now: calls show up once it is back, on '}
          <code className="inline-url" data-testid="empty-capture-url">
            {captureUrl ?? '…'}
          </code>
          {captureUrl && <CopyButton text={captureUrl} label="Copy capture URL" compact />}
          {live && (
            <>
              <br />
              Calls show up here the moment they arrive, answered the way the real API answers them.
            </>
          )}
        </p>

        {captureUrl && (
          <ol className="empty-steps">
            <li>
              <h2>Point your SDK at the debugger</h2>
              <p>
                Set <code>apiEndpoint</code> to the capture URL. Keep your API key: it is redacted in the log.
              </p>
              <SetupSnippets captureUrl={captureUrl} />
            </li>
            <li>
              <h2>Or try it now from a terminal</h2>
              <CodeBlock code={curl} label="curl command" testId="empty-curl" />
            </li>
          </ol>
        )}

        {requests > 0 && !includeProtocol && (
          <p className="empty-state-note">
            {plural(requests, 'request')} captured so far, all preflight or status checks.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setFilter({ includeProtocol: true })}
            >
              Show them
            </button>
          </p>
        )}
      </div>
    </div>
  )
}
