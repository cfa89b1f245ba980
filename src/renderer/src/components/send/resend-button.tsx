import type { ReactNode } from 'react'
import type { EventSummary } from '../../../../shared/model'
import { useSelectionStore } from '../../stores/selection-store'
import { useSendStore } from '../../stores/send-store'
import { CopyAsMenu } from './copy-as-menu'

/** "Copy as…" and "Edit & resend" in the detail header; the latter opens the loaded event in the resend editor. */
export function ResendButton({ summary }: { summary: EventSummary }): ReactNode {
  const detail = useSelectionStore((s) => (s.detail?.id === summary.id ? s.detail : null))
  const openResend = useSendStore((s) => s.openResend)
  const sendable =
    summary.callType === 'track' || summary.callType === 'identify' || summary.callType === 'group'
  if (!sendable) return null
  return (
    <>
      <CopyAsMenu requestId={summary.requestId} />
      <button
        type="button"
        className="btn btn-small btn-primary"
        disabled={!detail}
        onClick={() => detail && openResend(detail)}
        title="Edit this call and send it to an environment"
        data-testid="edit-resend"
      >
        Edit &amp; resend
      </button>
    </>
  )
}
