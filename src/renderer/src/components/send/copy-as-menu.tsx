import { useState, type ReactNode } from 'react'
import { usePopover } from '../../hooks/use-popover'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { useSendStore } from '../../stores/send-store'
import { CopyAsButtons } from './copy-as-buttons'
import { EnvironmentPicker } from './environment-picker'

/** "Copy as…" for a logged request, against the URL and key of the environment it went to, or another. */
export function CopyAsMenu({ requestId }: { requestId: number }): ReactNode {
  const { open, setOpen, anchor } = usePopover()
  // The environment the entry went to (a resend, a composed send, a forward), else the one last used.
  const origin = useSendStore((s) =>
    s.info?.requestId === requestId ? (s.info.exchange?.environmentId ?? null) : null,
  )
  const known = useEnvironmentsStore((s) => s.environments.some((e) => e.id === origin))
  const current = useEnvironmentsStore(currentEnvironmentId)
  const [picked, setPicked] = useState<string | null>(null)
  const envId = picked ?? (origin !== null && known ? origin : current)
  return (
    <div className="popover-anchor" ref={anchor}>
      <button
        type="button"
        className="btn btn-small"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="copy-as-menu"
      >
        Copy as…
      </button>
      {open && (
        <div className="popover copy-as-popover" role="dialog" aria-label="Copy as">
          <EnvironmentPicker
            value={envId}
            onChange={setPicked}
            testId="copy-as-environment"
            showUrl={false}
            label="URL and key of"
          />
          <CopyAsButtons source={{ requestId }} environmentId={envId} />
        </div>
      )}
    </div>
  )
}
