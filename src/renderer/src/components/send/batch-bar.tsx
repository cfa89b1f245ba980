import type { ReactNode } from 'react'
import { plural } from '../../lib/format'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { useSendStore } from '../../stores/send-store'
import { sendWarnings } from '../../lib/send-warnings'
import { EnvironmentPicker } from './environment-picker'
import { SendButton } from './send-button'

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
      <SendButton
        warnings={() => sendWarnings(envId, { eventCount: picked.length })}
        onSend={() => void sendPicked(envId, 'batch')}
        sending={sending}
        label="Send as one batch"
        sendingLabel="Send as one batch"
        className="btn btn-primary btn-small"
        testId="batch-send-one"
      />
      <SendButton
        warnings={() => sendWarnings(envId, { eventCount: 1 })}
        onSend={() => void sendPicked(envId, 'each')}
        sending={sending}
        label="Send one by one"
        sendingLabel="Send one by one"
        className="btn btn-small"
        testId="batch-send-each"
      />
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
