import type { ReactNode } from 'react'
import { plural } from '../../lib/format'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { useSendStore } from '../../stores/send-store'
import { EnvironmentPicker } from './environment-picker'

/** Appears when rows are picked with ctrl/cmd- or shift-click: send them all, as one batch or one by one. */
export function BatchBar(): ReactNode {
  const picked = useSendStore((s) => s.picked)
  const clear = useSendStore((s) => s.clearPicked)
  const sendPicked = useSendStore((s) => s.sendPicked)
  const sending = useSendStore((s) => s.batchSending)
  const result = useSendStore((s) => s.batchResult)
  const envId = useEnvironmentsStore(currentEnvironmentId)
  const useEnv = useEnvironmentsStore((s) => s.use)
  if (picked.length === 0) return null
  const ok = result?.outcomes.filter((o) => o.exchange.status !== null && o.exchange.status < 300).length ?? 0
  return (
    <div className="batch-bar" role="region" aria-label="Send picked events" data-testid="batch-bar">
      <strong>{plural(picked.length, 'event')} picked</strong>
      <EnvironmentPicker value={envId} onChange={useEnv} testId="batch-environment" showUrl={false} />
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={sending}
        onClick={() => void sendPicked(envId, 'batch')}
        data-testid="batch-send-one"
      >
        Send as one batch
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={sending}
        onClick={() => void sendPicked(envId, 'each')}
        data-testid="batch-send-each"
      >
        Send one by one
      </button>
      {sending && <span className="is-muted">Sending…</span>}
      {result && (
        <span
          className={result.error || ok < result.outcomes.length ? 'is-bad' : 'is-ok'}
          data-testid="batch-result"
        >
          {result.error ?? `${ok} of ${plural(result.outcomes.length, 'request')} answered 2xx`}
        </span>
      )}
      <div className="resend-spacer" />
      <button type="button" className="btn btn-ghost btn-small" onClick={clear}>
        Clear
      </button>
    </div>
  )
}
