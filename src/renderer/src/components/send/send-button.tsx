import { useState, type ReactNode } from 'react'
import type { PreflightWarning } from '../../../../shared/preflight'
import { ConfirmDialog } from '../common/confirm-dialog'

interface Props {
  /** What the real API would reject about this send, checked when the button is pressed. */
  warnings: () => PreflightWarning[]
  onSend: () => void
  sending: boolean
  label?: string
  /** Shown while sending; the batch bar keeps its labels and says so beside them. */
  sendingLabel?: string
  className?: string
  testId: string
}

/** A send button that, when the real API would reject the send, says why and sends only once confirmed. */
export function SendButton({
  warnings,
  onSend,
  sending,
  label = 'Send',
  sendingLabel = 'Sending…',
  className = 'btn btn-primary',
  testId,
}: Props): ReactNode {
  const [pending, setPending] = useState<PreflightWarning[] | null>(null)
  const press = (): void => {
    const found = warnings()
    if (found.length === 0) onSend()
    else setPending(found)
  }
  return (
    <>
      <button type="button" className={className} disabled={sending} onClick={press} data-testid={testId}>
        {sending ? sendingLabel : label}
      </button>
      <ConfirmDialog
        open={pending !== null}
        title="The real API would reject this"
        confirmLabel="Send anyway"
        onConfirm={() => {
          setPending(null)
          onSend()
        }}
        onCancel={() => setPending(null)}
      >
        <ul className="preflight-list" data-testid="preflight-warnings">
          {(pending ?? []).map((w) => (
            <li key={w.code} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </>
  )
}
