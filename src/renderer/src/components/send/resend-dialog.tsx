/**
 * Edit & resend: the captured payload in an editor with an inline diff
 * against the original, where to send it, and what came back. The send is
 * a new log entry linked to its original; "Open sent entry" jumps to it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { plural } from '../../lib/format'
import { sendWarnings } from '../../lib/send-warnings'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { useSelectionStore } from '../../stores/selection-store'
import { useSendStore } from '../../stores/send-store'
import type { EditorSummary } from '../editor/json-editor'
import { LazyJsonEditor } from '../editor/lazy-json-editor'
import { CopyAsButtons } from './copy-as-buttons'
import { EnvironmentPicker } from './environment-picker'
import { ExchangeView } from './exchange-view'
import { SendButton } from './send-button'

export function ResendDialog(): ReactNode {
  const draft = useSendStore((s) => s.draft)
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (draft && !dialog.open) dialog.showModal()
    if (!draft && dialog.open) dialog.close()
  }, [draft])
  return (
    <dialog
      ref={ref}
      className="dialog resend-dialog"
      aria-labelledby="resend-title"
      // A confirmation opened inside (pre-send warnings) closes too; its close event must not close this one.
      onClose={(e) => e.target === e.currentTarget && useSendStore.getState().closeResend()}
      data-testid="resend-dialog"
    >
      {draft && <ResendBody key={draft.sourceEventId} />}
    </dialog>
  )
}

function ResendBody(): ReactNode {
  const draft = useSendStore((s) => s.draft)
  const setText = useSendStore((s) => s.setText)
  const resetText = useSendStore((s) => s.resetText)
  const close = useSendStore((s) => s.closeResend)
  const send = useSendStore((s) => s.send)
  const sending = useSendStore((s) => s.sending)
  const outcome = useSendStore((s) => s.outcome)
  const sendError = useSendStore((s) => s.sendError)
  const vocabulary = useSendStore((s) => s.vocabulary)
  const checkDraft = useSendStore((s) => s.checkDraft)
  const envId = useEnvironmentsStore(currentEnvironmentId)
  const useEnv = useEnvironmentsStore((s) => s.use)
  const select = useSelectionStore((s) => s.select)
  const [showDiff, setShowDiff] = useState(true)
  const [summary, setSummary] = useState<EditorSummary>({ errors: 0, warnings: 0, syntax: null })
  if (!draft) return null
  const changed = draft.text !== draft.original

  const openSent = (): void => {
    if (!outcome?.eventId) return
    close()
    select(outcome.eventId)
  }

  return (
    <div className="resend">
      <header className="resend-head">
        <h2 id="resend-title" className="dialog-title">
          Edit &amp; resend <span className="resend-source">{draft.title}</span>
        </h2>
        <span className="resend-origin">
          {draft.callType} · from request #{draft.sourceRequestId}
        </span>
        <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={close}>
          ✕
        </button>
      </header>
      <div className="resend-toolbar">
        <EnvironmentPicker value={envId} onChange={useEnv} />
        <label className="toggle">
          <input type="checkbox" checked={showDiff} onChange={(e) => setShowDiff(e.target.checked)} />
          Show changes
        </label>
        <button type="button" className="btn btn-small" onClick={resetText} disabled={!changed}>
          Reset
        </button>
        <div className="resend-spacer" />
        <CopyAsButtons source={{ callType: draft.callType, body: draft.text }} environmentId={envId} />
        <SendButton
          warnings={() => sendWarnings(envId, { body: draft.text, originalContentType: draft.contentType })}
          onSend={() => void send(envId)}
          sending={sending}
          testId="resend-send"
        />
      </div>
      <div className="resend-editor">
        <LazyJsonEditor
          value={draft.text}
          onChange={setText}
          original={draft.original}
          showDiff={showDiff}
          check={(text) => checkDraft(draft.callType, text)}
          vocabulary={vocabulary}
          onSummary={setSummary}
          label="Payload to send"
          testId="resend-editor"
        />
      </div>
      <div className="resend-status" data-testid="resend-findings">
        {summary.syntax ? (
          <span className="is-bad">Not valid JSON: {summary.syntax}</span>
        ) : summary.errors + summary.warnings === 0 ? (
          <span className="is-ok">No findings in the payload.</span>
        ) : (
          <span className={summary.errors > 0 ? 'is-bad' : 'is-warn'}>
            {summary.errors > 0 && plural(summary.errors, 'error')}
            {summary.errors > 0 && summary.warnings > 0 && ', '}
            {summary.warnings > 0 && plural(summary.warnings, 'warning')} — marked in the editor
          </span>
        )}
        {changed && <span className="resend-changed">edited</span>}
      </div>
      {sendError && (
        <p className="exchange-error" role="alert" data-testid="resend-error">
          {sendError}
        </p>
      )}
      {outcome && (
        <div className="resend-result">
          <div className="resend-result-head">
            <span>Sent as request #{outcome.requestId}</span>
            {outcome.eventId !== null && (
              <button type="button" className="link-button" onClick={openSent} data-testid="open-sent-entry">
                Open sent entry
              </button>
            )}
          </div>
          <ExchangeView exchange={outcome.exchange} onRetry={() => void send(envId)} retrying={sending} />
        </div>
      )}
    </div>
  )
}
